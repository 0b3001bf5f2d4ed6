"""sqlite-utils is imported without pandas and numpy (half a second of every start), and
both stay importable for whoever needs them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas not installed")
def test_the_store_imports_without_dataframe_libraries():
    code = (
        "import sys\n"
        "import annotator.store.project\n"
        "print('pandas' in sys.modules, 'numpy' in sys.modules)\n"
        "import pandas, numpy\n"
        "print(pandas.__name__, numpy.__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["False False", "pandas numpy"]
