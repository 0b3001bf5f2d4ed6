"""The suggestion commands of `annotator`: compute suggestions, and the gazetteer.

    annotator suggest PROJECT.db [--documents ID,...] [--suggesters quotes,speakers,...]
                      [--model NAME] [--workers N]
    annotator gazetteer add PROJECT.db FILE
    annotator gazetteer list PROJECT.db

`suggest` runs `ops.suggest_runs.suggest_project` with a progress line on standard error
and ends with a summary; `export --suggestions` (cli.py) writes what it stored. Mistakes in
the command line (an unknown suggester, `spacy` without `--model`) are usage errors (exit
2); an unknown document, a missing spaCy or model, a bad gazetteer line are errors (exit 1,
one line); neither writes anything.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from annotator.cli_project import PROJECT_HELP, on_project
from annotator.core.suggest import DEFAULT_SUGGESTERS, SUGGESTERS, unknown_suggester
from annotator.store.interface import ProjectStore as Project
from annotator.store.locations import location

if TYPE_CHECKING:
    from annotator.ops.suggest_runs import SuggestRun


def _suggesters(value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    problem = unknown_suggester(names)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    if not names:
        raise argparse.ArgumentTypeError(f"name at least one of {', '.join(SUGGESTERS)}")
    return names


def _names(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("name at least one document id")
    return names


def _workers(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"at least 1, not {number}")
    return number


def add_parsers(sub: Any) -> None:
    """The suggestion commands' parsers, on `annotator`'s subcommand parser."""
    p = sub.add_parser(
        "suggest",
        help="compute suggestions (quotes, their speakers, known actors) for the project",
        description="Run the suggesters over the project's documents (all of them by "
        "default) and store what they find: nobody's layer, for annotators to accept or "
        "reject in the app; `annotator export --suggestions` writes them. A document's "
        "suggestions are replaced by each run; the decisions on those made again stay.",
    )
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument("--documents", type=_names, metavar="ID,...", help="default: every document")
    p.add_argument(
        "--suggesters",
        type=_suggesters,
        metavar="NAME,...",
        help=f"which suggesters run, of {', '.join(SUGGESTERS)} (default: "
        f"{','.join(DEFAULT_SUGGESTERS)}; with --model, spacy too)",
    )
    p.add_argument(
        "--model",
        metavar="NAME",
        help="an installed spaCy pipeline (package name or folder) whose entities the spacy "
        "suggester proposes as ACTOR; nothing is downloaded",
    )
    p.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="processes computing suggestions (default: one per core for a large run; 1: "
        "this process)",
    )

    p = sub.add_parser(
        "gazetteer",
        help="names the known-actors suggester looks for, besides the ACTOR spans",
        description="The project's gazetteer: `gazetteer add PROJECT FILE` adds the names of "
        "FILE (one name per line, or NAME<TAB>ALIAS; blank and # lines skipped), "
        "`gazetteer list PROJECT` prints them. `annotator suggest` then suggests them.",
    )
    actions = p.add_subparsers(dest="gazetteer_command", required=True, metavar="ACTION")
    q = actions.add_parser("add", help="add the names of a file (all or nothing)")
    q.add_argument("project", type=location, help=PROJECT_HELP)
    q.add_argument("file", type=Path, help="one name per line, or NAME<TAB>ALIAS")
    q = actions.add_parser("list", help="print the names: NAME, or NAME<TAB>ALIAS")
    q.add_argument("project", type=location, help=PROJECT_HELP)


def check_suggest_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The usage errors argparse cannot see alone (exit 2, as argparse's own)."""
    if args.command != "suggest":
        return
    if args.suggesters is None:
        args.suggesters = (*DEFAULT_SUGGESTERS, "spacy") if args.model else DEFAULT_SUGGESTERS
    if "spacy" in args.suggesters and not args.model:
        parser.error("suggest: the spacy suggester needs --model NAME (an installed pipeline)")
    if args.model and "spacy" not in args.suggesters:
        parser.error("suggest: --model is for the spacy suggester: add spacy to --suggesters")


def _suggest(project: Project, args: argparse.Namespace) -> None:
    # The suggesters are imported by the command that runs them, not by every command.
    from annotator.ops.suggest_runs import suggest_project

    line = _ProgressLine(sys.stderr)
    started = time.perf_counter()
    try:
        run = suggest_project(
            project,
            args.documents,
            args.suggesters,
            args.model,
            progress=line.update,
            workers=args.workers,
        )
    except KeyboardInterrupt:
        line.end()
        if line.done:
            print(
                f"interrupted: the suggestions of the first {line.done:,} document(s) are stored",
                file=sys.stderr,
            )
        raise
    line.end()
    for text in summary(run, time.perf_counter() - started):
        print(text, file=sys.stderr)


def summary(run: SuggestRun, seconds: float) -> list[str]:
    """What `annotator suggest` says at the end: documents, suggestions per label, time,
    and what the project could not take."""
    labels = ", ".join(f"{label} {count:,}" for label, count in run.by_label.items())
    processes = f", {run.workers} worker processes" if run.workers > 1 else ""
    lines = [
        f"suggested {run.documents:,} document(s) in {seconds:.1f} s{processes}: "
        f"{run.suggestions:,} suggestion(s)" + (f" ({labels})" if labels else "")
    ]
    for label, count in run.skipped.items():
        lines.append(
            f"skipped {count:,} {label} suggestion(s): the project has no {label} label"
            + (" (quotes are stored without their speaker)" if label == "ACTOR" else "")
        )
    if run.cancelled:
        lines.append("cancelled: the documents suggested before are stored")
    return lines


class _ProgressLine:
    """`suggesting: 1,250 of 10,000 documents (12%)` on standard error: rewritten in place
    on a terminal (at most ten times a second), a line per tenth of the run elsewhere."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.done = 0
        self.shown = -1.0
        self.tenth = 0
        self.open = False

    def update(self, done: int, total: int) -> bool:
        self.done = done
        text = f"suggesting: {done:,} of {total:,} documents ({100 * done // max(total, 1)}%)"
        if self.tty:
            now = time.monotonic()
            if now - self.shown >= 0.1 or done == total:
                self.shown = now
                self.stream.write(f"\r{text}\x1b[K")
                self.stream.flush()
                self.open = True
        elif 10 * done // max(total, 1) > self.tenth:
            self.tenth = 10 * done // max(total, 1)
            print(text, file=self.stream, flush=True)
        return True

    def end(self) -> None:
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False


def _gazetteer(project: Project, args: argparse.Namespace) -> None:
    if args.gazetteer_command == "list":
        for name, alias in project.gazetteer():
            print(f"{name}\t{alias}" if alias else name)
        return
    from annotator.core.suggest.gazetteer import read_gazetteer  # FILE:LINE: for a bad line

    rows = read_gazetteer(args.file)
    added = project.add_gazetteer(rows)
    print(
        f"added {added:,} name(s) to the gazetteer ({len(set(rows)) - added:,} held "
        "already); "
        "`annotator suggest` suggests them",
        file=sys.stderr,
    )


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "suggest": on_project(_suggest),
    "gazetteer": on_project(_gazetteer),
}
