"""The `annotator` command: a thin layer over the store. Each command opens the project and
calls one library function; the GUI uses the same functions.

    annotator [PROJECT.db] [--annotator NAME]      open the app
    annotator init PROJECT.db
    annotator import PROJECT.db PATH... [--annotator NAME] [--add-labels] [--encoding E]
                     [--annotator-from-folder]
                     [--format F|auto] [--labels-file FILE]
    annotator export PROJECT.db [-o FILE] [--annotator NAME]...
                     [--format F] [--gold] [--status S] [--labels L,...] [--relations]
                     [--print-config] [--labels-file FILE] [--suggestions]
    annotator stats PROJECT.db [--json]
    annotator agreement PROJECT.db [--annotators a,b] [--labels L,...] [--include-unfinished]
                                   [--json] [--per-document]
    annotator backup PROJECT.db DEST
    annotator search PROJECT.db QUERY [--json] [--limit N] [--exact]
    annotator assign|unassign|reassign|progress|package|merge ...   (cli_team.py)
    annotator suggest|gazetteer ...                                 (cli_suggest.py)
"""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from annotator import __version__, cli_suggest, cli_team
from annotator.cli_project import PROJECT_HELP, on_project
from annotator.cli_search import add_search_parser, search_command
from annotator.cli_tables import format_agreement, format_stats, json_safe, suggestion_rows
from annotator.core.errors import AnnotatorError
from annotator.core.formats import MODULES, get_format
from annotator.core.formats.base import Report
from annotator.core.formats.jsonl_format import write_stream
from annotator.core.label_files import read_label_file, write_label_file
from annotator.core.model import Status
from annotator.ops.labels import apply_label_set
from annotator.store import team
from annotator.store.agreement import agreement_report
from annotator.store.backup import backup_project
from annotator.store.defaults import default_project_path
from annotator.store.exporter import (
    chosen_labels,
    export_formatted,
    export_jsonl,
    iter_export_documents,
)
from annotator.store.importer import import_paths
from annotator.store.interface import ProjectStore as Project
from annotator.store.locations import create_any, is_url, location, open_any
from annotator.store.project import check_whole, damage_error
from annotator.store.transfer import copy_store


def build_parser() -> argparse.ArgumentParser:
    """The subcommand parser (`annotator init|import|export|stats ...`)."""
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Span annotation of news articles. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init", help="create an empty project with the default labels")
    p.add_argument("project", type=location, help="the .db file to create, or a postgresql:// URL")

    p = sub.add_parser("import", help="import .txt files, .jsonl files or folders of them")
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    p.add_argument(
        "--labels-file",
        type=Path,
        metavar="FILE",
        help="labels and relation types (with guidelines) to add or update first (a file "
        "`export --labels-file` wrote)",
    )
    p.add_argument("--annotator", help='owner of layers whose line names none (default "imported")')
    p.add_argument(
        "--add-labels",
        action="store_true",
        help="add unknown labels and relation types to the project (and let a relation type "
        "link the labels the files link)",
    )
    p.add_argument(
        "--annotator-from-folder",
        action="store_true",
        help="brat: one folder per annotator (alice/doc1.ann); each file name is a document",
    )
    p.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    p.add_argument(
        "--format",
        choices=[*MODULES, "auto"],
        default="jsonl",
        help="input format (default jsonl: .txt and .jsonl files); auto guesses from the "
        "suffix and content and says what it guessed",
    )

    p = sub.add_parser("export", help="write the annotations as JSONL or another tool's format")
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument(
        "-o", "--output", type=Path, help="output file or folder (default: standard output)"
    )
    p.add_argument(
        "--annotator",
        action="append",
        dest="annotators",
        metavar="NAME",
        help="only this annotator's layers (repeatable)",
    )
    p.add_argument(
        "--format", choices=list(MODULES), help="output format (default: the project's JSONL)"
    )
    p.add_argument("--gold", action="store_true", help="the adjudicated (gold) layer")
    p.add_argument(
        "--status", choices=[s.value for s in Status], help="only layers with this status"
    )
    p.add_argument(
        "--labels",
        type=lambda value: [name.strip() for name in value.split(",") if name.strip()],
        metavar="L,...",
        help="only spans with these labels",
    )
    p.add_argument(
        "--relations", action="store_true", help="doccano: the entities/relations variant"
    )
    p.add_argument(
        "--labels-file",
        type=Path,
        metavar="FILE",
        help="write the labels and relation types with their guidelines to FILE (the "
        "annotations too only with -o)",
    )
    p.add_argument(
        "--print-config",
        action="store_true",
        help="labelstudio: print the labeling config XML for the project's labels and stop",
    )
    p.add_argument(
        "--suggestions",
        action="store_true",
        help="the open suggestions (nobody accepted or rejected them) instead of the layers: "
        "one layer per document, annotator 'suggestions'",
    )

    p = sub.add_parser(
        "stats",
        help="count documents, annotators, spans and done documents; list the spans "
        "without a required relation (quotes without a source)",
    )
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser(
        "agreement", help="inter-annotator agreement: span F1, kappa, Fleiss, alpha, alpha_U"
    )
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("--annotators", type=_names, metavar="A,B,...", help="default: all but gold")
    p.add_argument("--labels", type=_names, metavar="L,...", help="default: all labels")
    p.add_argument(
        "--include-unfinished",
        action="store_true",
        help="count every layer with spans, not only documents marked done",
    )
    p.add_argument("--json", action="store_true", help="print JSON (undefined values: null)")
    p.add_argument("--per-document", action="store_true", help="add one row per compared document")

    p = sub.add_parser(
        "team",
        help="a shared project's members and their rights",
        description="Members of a shared PROJECT (a postgresql:// URL): `team add PROJECT "
        "NAME [--curator]`, `team list PROJECT`.",
    )
    team = p.add_subparsers(dest="team_command", required=True, metavar="ACTION")
    q = team.add_parser("add", help="make a login a member (an annotator, or a curator)")
    q.add_argument("project", type=location, help="the shared project's postgresql:// URL")
    q.add_argument("name", help="the login (created without a password if it does not exist)")
    q.add_argument("--curator", action="store_true", help="also sees every layer and edits gold")
    q = team.add_parser("list", help="the members and their rights")
    q.add_argument("project", type=location, help="the shared project's postgresql:// URL")

    p = sub.add_parser(
        "copy",
        help="copy a project exactly between a .db file and a postgresql:// database",
    )
    p.add_argument("source", type=location, help="the project to copy (a .db file or a URL)")
    p.add_argument("dest", type=location, help="the new project (a .db file or a URL)")

    p = sub.add_parser(
        "backup", help="copy the project consistently, even while the app or a command writes"
    )
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument(
        "dest", type=Path, help="the copy's file name (a .db file), or a folder to put it in"
    )
    add_search_parser(sub)
    cli_team.add_parsers(sub)
    cli_suggest.add_parsers(sub)
    return parser


def _names(value: str) -> list[str]:
    """A comma-separated list of names; blanks dropped."""
    return [name.strip() for name in value.split(",") if name.strip()]


def build_app_parser() -> argparse.ArgumentParser:
    """The parser for opening the app: `annotator [PROJECT.db] [--annotator NAME]`."""
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Open the annotation app. Commands: "
        + ", ".join(COMMANDS)
        + " (see `annotator COMMAND --help`).",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument(
        "project",
        nargs="?",
        type=location,
        help=f"project file or postgresql:// URL (default: {default_project_path()})",
    )
    parser.add_argument("--annotator", help="your annotator name (default: your user name)")
    return parser


def _parsed(args: list[str]) -> argparse.Namespace:
    parser = build_parser()
    parsed = parser.parse_args(args)
    if parsed.command == "import" and not parsed.paths and parsed.labels_file is None:
        parser.error("import: give the files or folders to import, or --labels-file")
    cli_suggest.check_suggest_arguments(parser, parsed)
    return parsed


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            return _run_command(_parsed(args))
        opts = build_app_parser().parse_args(args)
        from annotator.ui.app import run_app  # Qt is imported only when the app starts

        return run_app(opts.project, opts.annotator)
    except AnnotatorError as error:
        print(f"annotator: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `annotator export p.db | head`: the reader has gone; stop quietly, as cat does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as error:  # an unreadable input, a full disk: one line, not a traceback
        if error.errno == errno.ENOSPC:
            print(
                "annotator: error: the disk is full; the output was not written "
                f"(free some space and try again): {error}",
                file=sys.stderr,
            )
            return 1
        print(f"annotator: error: {error}", file=sys.stderr)
        return 1


def _run_command(args: argparse.Namespace) -> int:
    try:
        COMMANDS[args.command](args)
    except sqlite3.DatabaseError as error:
        # Damage that the check before the command could not see (a byte inside a text, or
        # another program's write since): one line, like the damage the check finds.
        damaged = damage_error(error, args.project)
        if damaged is None:
            raise
        raise damaged from error
    return 0


def _init(args: argparse.Namespace) -> None:
    create_any(args.project).close()
    print(f"created {args.project}", file=sys.stderr)


def _team(args: argparse.Namespace) -> None:
    if not is_url(args.project):
        raise AnnotatorError(
            "members and rights belong to shared projects: give a postgresql:// URL "
            "(a .db file is shared by sharing the file)",
            args.project,
        )
    with open_any(args.project) as project:
        if args.team_command == "add":
            created = project.call(team.add, args.name, args.curator)
            role = "a curator" if args.curator else "an annotator"
            made = " (a new login, without a password: set one with the server's tools)"
            print(f"{args.name} is now {role}{made if created else ''}", file=sys.stderr)
        else:
            for member in project.call(team.list_members):
                rights = "curator: every layer, gold" if member.curator else "own layer"
                login = "" if member.can_log_in else " (cannot log in)"
                print(f"{member.name}\t{rights}{login}")


def _copy(args: argparse.Namespace) -> None:
    if not is_url(args.source):
        check_whole(args.source)
    with open_any(args.source) as source:
        count = copy_store(source, args.dest)
    print(f"copied {count} document(s) from {args.source} to {args.dest}", file=sys.stderr)


def _backup(args: argparse.Namespace) -> None:
    if is_url(args.project):  # a snapshot of a shared project, as a file
        dest = args.dest / f"{args.project.name}.db" if args.dest.is_dir() else args.dest
        with open_any(args.project) as project:
            copy_store(project, dest)
        print(f"backed up {args.project} to {dest}", file=sys.stderr)
        return
    copy = backup_project(args.project, args.dest)  # checks every page of the project first
    print(f"backed up {args.project} to {copy}", file=sys.stderr)


def _import_command(project: Project, args: argparse.Namespace) -> None:
    label_set = read_label_file(args.labels_file) if args.labels_file else None
    with project.transaction():  # the labels file and the documents: all or nothing
        if label_set is not None:
            changed = apply_label_set(project, *label_set)
            print(f"labels file: {len(changed.label_edits)} change(s)", file=sys.stderr)
        if not args.paths:
            return
        report = import_paths(
            project,
            args.paths,
            args.annotator,
            args.add_labels,
            args.encoding,
            format=args.format,
            on_guess=lambda guess: print(f"guessed format: {guess}", file=sys.stderr),
            annotator_from_folder=args.annotator_from_folder,
        )
    print(f"imported {report.summary()}", file=sys.stderr)


def _stats_command(project: Project, args: argparse.Namespace) -> None:
    stats = project.stats()
    stats["suggestions"] = suggestion_rows(project.suggestion_counts())
    print(json.dumps(stats, indent=2) if args.json else format_stats(stats))


def _agreement_command(project: Project, args: argparse.Namespace) -> None:
    agreement = agreement_report(
        project,
        args.annotators,
        args.labels,
        include_unfinished=args.include_unfinished,
        per_document=args.per_document,
    )
    if args.json:
        print(json.dumps(json_safe(agreement), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(format_agreement(agreement))


def _export_command(project: Project, args: argparse.Namespace) -> None:
    if args.labels_file is not None:
        count = write_label_file(args.labels_file, project.labels(), project.relation_types())
        print(f"wrote {count} label(s) and relation type(s) to {args.labels_file}", file=sys.stderr)
        if args.output is None:
            return
    plain = (
        args.format is None
        and not (args.gold or args.status or args.labels or args.relations or args.print_config)
        and not args.suggestions
    )
    where = args.output or "standard output"
    if plain:  # today's export, byte for byte
        count = _export(project, args.output, args.annotators)
        print(f"exported {count} line(s) to {where}", file=sys.stderr)
        return
    fmt = get_format(args.format or "jsonl")
    if args.print_config:
        if fmt.print_config is None:
            raise AnnotatorError(f"--print-config is for labelstudio, not {fmt.name}")
        print(fmt.print_config(chosen_labels(project, args.labels), project.relation_types()))
        return
    options: dict[str, Any] = {
        "annotators": args.annotators,
        "gold": args.gold,
        "status": args.status,
        "labels": args.labels,
        "relations": args.relations,
        "suggestions": args.suggestions,
    }
    if args.output is not None:
        report = export_formatted(project, fmt, args.output, **options)
    elif fmt.folder:
        raise AnnotatorError(f"the {fmt.name} format writes a folder: give it with -o FOLDER")
    else:  # a writer writes files atomically: write one, then copy it out
        with tempfile.TemporaryDirectory() as folder:
            temporary = Path(folder) / f"export{fmt.suffixes[0] if fmt.suffixes else ''}"
            report = export_formatted(project, fmt, temporary, **options)
            with open(temporary, "rb") as source:
                shutil.copyfileobj(source, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    print(
        f"exported {report.documents} document(s), {report.layers} layer(s), "
        f"{report.spans} span(s) as {fmt.name} to {where}",
        file=sys.stderr,
    )
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)


def _export(project: Project, path: Path | None, annotators: list[str] | None) -> int:
    if path is not None:
        return export_jsonl(project, path, annotators)
    documents = iter_export_documents(project, annotators)
    if isinstance(sys.stdout, io.TextIOWrapper):
        # JSONL is UTF-8 with \n line ends, whatever the console's locale says.
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    count = write_stream(documents, sys.stdout, Report())  # the file export's own writer
    sys.stdout.flush()  # a closed pipe shows here, not as a warning at exit
    return count


# Every command by name, in the order `--help` lists them (tests walk this registry).
COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "init": _init,
    "import": on_project(_import_command),
    "export": on_project(_export_command),
    "stats": on_project(_stats_command),
    "agreement": on_project(_agreement_command),
    "backup": _backup,
    "copy": _copy,
    "team": _team,
    "search": on_project(search_command),
    **cli_team.COMMANDS,
    **cli_suggest.COMMANDS,
}
