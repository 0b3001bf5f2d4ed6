"""`annotator search PROJECT.db QUERY [--json] [--limit N] [--exact]`: hits in context.

Each hit is one line, `ID:START-END  TITLE  …before [hit] after…` (offsets in code points
of the stored text, what the JSONL export's spans use), and a summary goes to stderr; with
`--json`, one JSON object with every hit's fields and the counts.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from annotator.cli_project import PROJECT_HELP
from annotator.core.search import DEFAULT_LIMIT, SearchResult, parse_query
from annotator.store.interface import ProjectStore
from annotator.store.locations import location


def add_search_parser(sub: Any) -> None:
    """The `search` subcommand, on the CLI's subparsers."""
    p = sub.add_parser("search", help="search every document's text; print hits in context")
    p.add_argument("project", type=location, help=PROJECT_HELP)
    p.add_argument(
        "query",
        help='words (all of them), "a phrase", prefix*; case and accents ignored',
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        help=f"at most N hits (default {DEFAULT_LIMIT})",
    )
    p.add_argument(
        "--exact", action="store_true", help="only hits with the query's case and accents"
    )


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def search_command(project: ProjectStore, args: argparse.Namespace) -> None:
    result = project.search(parse_query(args.query, exact=args.exact), args.limit)
    if args.json:
        print(json.dumps(as_json(result), ensure_ascii=False, indent=2))
        return
    for line in kwic_lines(result):
        print(line)
    print(result.summary(), file=sys.stderr)


def kwic_lines(result: SearchResult) -> list[str]:
    """One line a hit: where it is, the document's title, the hit in its context."""
    lines = []
    for hit in result.hits:
        title = _one_line(hit.title)
        lines.append(
            f"{_one_line(hit.document_id)}:{hit.start}-{hit.end}  {title}  "
            f"{hit.before}[{hit.match}]{hit.after}"
        )
    return lines


def as_json(result: SearchResult) -> dict[str, Any]:
    return {
        "query": result.query,
        "documents": result.documents,
        "complete": result.complete,
        "hits": [
            {
                "document": hit.document_id,
                "title": hit.title,
                "start": hit.start,
                "end": hit.end,
                "before": hit.before,
                "text": hit.match,
                "after": hit.after,
            }
            for hit in result.hits
        ],
    }


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "(untitled)"
