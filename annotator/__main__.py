"""`annotator` and `python -m annotator`: open the app, or run a command (annotator.cli).

Opening the app takes a short path: the command line is one that only opens it (nothing, a
project file, `--annotator NAME`), so the command-line module (every format, export,
agreement) is not imported, and the store process starts first (`store/launch.py`), before
the rest of the app is imported, getting ready while Qt loads. Anything else (`--help`,
`--version`, a command, a mistake) goes through annotator.cli, which parses and explains it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    opened = app_arguments(args)
    if opened is None:
        from annotator.cli import main as command_line

        return command_line(args)
    # The store process first: it gets ready while the rest of the app is imported.
    from annotator.store.launch import start_store_process

    started = start_store_process()
    from annotator.ui.app import run_app

    try:
        return run_app(*opened, started=started)
    except KeyboardInterrupt:
        return 130


def app_arguments(args: list[str]) -> tuple[Path | None, str | None] | None:
    """(project, annotator) when `args` only open the app; None for anything else. A first
    word that could name a command (`import`, `stats`) is left to annotator.cli, which
    knows the commands (and opens a project file of that name if it is none)."""
    project: Path | None = None
    annotator: str | None = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--annotator" and rest and not rest[0].startswith("-"):
            annotator = rest.pop(0)
        elif arg.startswith("--annotator=") and len(arg) > len("--annotator="):
            annotator = arg.split("=", 1)[1]
        elif arg.startswith("-") or project is not None or arg.isidentifier():
            return None
        else:
            project = Path(arg)
    return project, annotator


if __name__ == "__main__":
    sys.exit(main())
