"""What every command that works on a project shares: its argument (a .db file or a
postgresql:// URL) and how it is opened (cli.py, cli_team.py and cli_search.py use it)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from annotator.store.interface import ProjectStore
from annotator.store.locations import is_url, location, open_any
from annotator.store.project import check_whole

PROJECT_HELP = "the project: a .db file, or a postgresql:// URL of a shared project"


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=location, help=PROJECT_HELP)


def on_project(
    command: Callable[[ProjectStore, argparse.Namespace], None],
) -> Callable[[argparse.Namespace], None]:
    """`command` run on the project `args.project`; a file is opened after every page of it
    has been read: opening checks only files up to 16 MB, and a command must neither write
    into a damaged file nor answer from one (the check costs about 3 ms a MB). A shared
    project's server keeps its own pages."""

    def run(args: argparse.Namespace) -> None:
        if not is_url(args.project):
            check_whole(args.project)
        with open_any(args.project) as project:
            command(project, args)

    return run
