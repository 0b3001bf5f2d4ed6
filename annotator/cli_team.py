"""The team commands of `annotator`: assignment, progress, offline packages.

    annotator assign PROJECT.db --annotators a,b,c [--per-document 2] [--overlap F]
                     [--documents ID,...] [--seed N]
    annotator unassign PROJECT.db --documents ID,... [--annotators a,...]
    annotator reassign PROJECT.db --documents ID,... --from NAME --to NAME
    annotator progress PROJECT.db [--json] [--min-shared N] [--per-document]
    annotator package PROJECT.db --annotator NAME -o NAME.db
    annotator merge PROJECT.db PACKAGE.db [MORE.db ...]

Each opens the project (after checking every page of it, as the other commands do) and
runs one operation (annotator.ops) or report (annotator.store).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.cli_project import PROJECT_HELP, on_project
from annotator.core.errors import AnnotatorError
from annotator.ops.assignments import assign, reassign, unassign
from annotator.ops.changes import Changes
from annotator.ops.packages import merge_packages
from annotator.store.interface import ProjectStore as Project
from annotator.store.locations import location
from annotator.store.packages import write_package
from annotator.store.progress import format_progress, progress_report
from annotator.store.project import check_whole


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a fraction: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"a fraction from 0 to 1, not {value}")
    return number


def add_parsers(sub: Any) -> None:
    """The team commands' parsers, on `annotator`'s subcommand parser."""
    p = sub.add_parser("assign", help="assign documents to annotators, with overlap")
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("--annotators", type=_names, required=True, metavar="A,B,...")
    p.add_argument(
        "--per-document", type=int, default=1, metavar="N", help="annotators per document"
    )
    p.add_argument(
        "--overlap",
        type=_fraction,
        metavar="F",
        help="only this fraction of the documents gets --per-document annotators, the rest one",
    )
    p.add_argument("--documents", type=_names, metavar="ID,...", help="default: every document")
    p.add_argument("--seed", type=int, default=0, help="same seed, same assignment (default 0)")

    p = sub.add_parser("unassign", help="take documents out of annotators' queues")
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("--documents", type=_names, required=True, metavar="ID,...")
    p.add_argument("--annotators", type=_names, metavar="A,...", help="default: everyone")

    p = sub.add_parser("reassign", help="move documents from one annotator's queue to another's")
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("--documents", type=_names, required=True, metavar="ID,...")
    p.add_argument("--from", dest="source", required=True, metavar="NAME")
    p.add_argument("--to", dest="target", required=True, metavar="NAME")

    p = sub.add_parser("progress", help="who has done what: per annotator, document and pair")
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--min-shared",
        type=int,
        default=1,
        metavar="N",
        help="shared done documents a pair needs for agreement (default 1)",
    )
    p.add_argument(
        "--per-document", action="store_true", help="add who is assigned and done per document"
    )

    p = sub.add_parser("package", help="write one annotator's share as a project of its own")
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("--annotator", required=True, metavar="NAME")
    p.add_argument("-o", "--output", type=Path, required=True, help="the package file to write")

    p = sub.add_parser("merge", help="bring packages' layers back into the project")
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("packages", nargs="+", type=Path, metavar="PACKAGE.db")


def _say(changes: Changes) -> None:
    added: dict[str, int] = {}
    for _, annotator in changes.assigned:
        added[annotator] = added.get(annotator, 0) + 1
    removed: dict[str, int] = {}
    for _, annotator in changes.unassigned:
        removed[annotator] = removed.get(annotator, 0) + 1
    for name in sorted(set(added) | set(removed)):
        parts = []
        if name in added:
            parts.append(f"{added[name]} assigned")
        if name in removed:
            parts.append(f"{removed[name]} unassigned")
        print(f"{name}: {', '.join(parts)}", file=sys.stderr)
    if not added and not removed:
        print("nothing to change: every document has its annotators already", file=sys.stderr)


def _assign(project: Project, args: argparse.Namespace) -> None:
    changes = assign(
        project,
        args.annotators,
        args.per_document,
        overlap=args.overlap,
        document_ids=args.documents,
        seed=args.seed,
    )
    _say(changes)


def _unassign(project: Project, args: argparse.Namespace) -> None:
    _say(unassign(project, args.documents, args.annotators))


def _reassign(project: Project, args: argparse.Namespace) -> None:
    _say(reassign(project, args.documents, args.source, args.target))


def _progress(project: Project, args: argparse.Namespace) -> None:
    report = progress_report(project, args.min_shared)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_progress(report, per_document=args.per_document))


def _package(project: Project, args: argparse.Namespace) -> None:
    report = write_package(project, args.annotator, args.output)
    print(
        f"packaged {report.documents} document(s), {report.spans} span(s) and "
        f"{report.relations} relation(s) of {report.annotator} to {report.path}",
        file=sys.stderr,
    )


def _merge(project: Project, args: argparse.Namespace) -> None:
    for path in args.packages:
        if not path.is_file():
            raise AnnotatorError("no such package file; nothing was merged", path)
        check_whole(path)
    _, reports = merge_packages(project, args.packages)
    for report in reports:
        print(f"merged {report.summary()}", file=sys.stderr)
        for conflict in report.conflicts:
            print(f"conflict: {conflict}", file=sys.stderr)


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "assign": on_project(_assign),
    "unassign": on_project(_unassign),
    "reassign": on_project(_reassign),
    "progress": on_project(_progress),
    "package": on_project(_package),
    "merge": on_project(_merge),
}
