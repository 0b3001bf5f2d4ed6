"""Figures the reliability suite gathers (kills survived, edits checked, bad inputs tried),
printed at the end of the run so the README's numbers can be reproduced."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

FIGURES: Counter[str] = Counter()


@pytest.fixture
def figures() -> Counter[str]:
    return FIGURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("reliability figures")
        for name, value in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {value}")
