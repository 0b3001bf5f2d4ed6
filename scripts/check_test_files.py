#!/usr/bin/env python3
"""List the modules of annotator/ that have no test file of their own (STYLE.md: the tests
mirror the package), in the spirit of qutebrowser's scripts/dev/check_coverage.py.

A module annotator/PATH/NAME.py has its own tests when tests/PATH/test_NAME.py exists, or
when its tests fill a folder of their own, tests/PATH/NAME/ (tests/cli/ for cli.py).
Package `__init__.py` and `__main__.py` files are not counted: they are tested through what
they offer. This only reports; it never fails (exit 0), so CI does not run it as a gate.

    python scripts/check_test_files.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "annotator"
TESTS = ROOT / "tests"
NOT_COUNTED = {"__init__.py", "__main__.py"}


def modules() -> list[Path]:
    """Every module of the package, relative to it, in path order."""
    found = (path.relative_to(PACKAGE) for path in PACKAGE.rglob("*.py"))
    return sorted(path for path in found if path.name not in NOT_COUNTED)


def test_files_of(module: Path) -> list[Path]:
    """The test files that are `module`'s own (relative to the package)."""
    mirror = TESTS / module.parent
    own = mirror / f"test_{module.name}"
    folder = mirror / module.stem
    return [own] if own.is_file() else sorted(folder.glob("test_*.py"))


def main() -> int:
    every = modules()
    missing = [module for module in every if not test_files_of(module)]
    for module in missing:
        expected = Path("tests") / module.parent / f"test_{module.name}"
        print(f"annotator/{module}: no {expected}")
    print(f"{len(every) - len(missing)} of {len(every)} modules have their own test file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
