"""The SQLite implementation of the project store (`annotator.store.interface.ProjectStore`):
the only code of the app that holds a connection or writes SQL.

`project` holds the class, its lifetime, its transactions, labels and annotators; its
base classes hold the rest of its reads and writes (`documents`: documents, list rows and
statuses; `spans`; `relations`; `bulk_reads`: whole-layer reads); `opening` opens, creates
and upgrades a file; `integrity` finds damage; `copying` writes consistent copies. The
modules import in that order upwards (schema, copying, integrity < the base classes <
project < opening), so none imports another at load time in a circle; `Project.reopen`
reaches `opening` when called.
"""

import importlib
import sys


def _import_sqlite_utils_without_dataframes() -> None:
    """sqlite-utils imports pandas and numpy when they are installed (NLP users have both),
    only to accept their values in inserts, which this app never passes: half a second of
    every start. Import it with both held off, unless something imported them already."""
    held = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in held:
        sys.modules[name] = None  # type: ignore[assignment]  # "import pandas" fails at once
    try:
        importlib.import_module("sqlite_utils")
    finally:
        for name in held:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]  # importable again for whoever needs them


_import_sqlite_utils_without_dataframes()
