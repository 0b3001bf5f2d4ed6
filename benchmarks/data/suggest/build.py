"""Build the suggestion benchmark's corpus: articles/*.txt (inline markup) -> corpus.jsonl.

Each article is a text file: `# key: value` header lines (topic, lang), then paragraphs
separated by blank lines; the first paragraph is the headline (meta.title). The markup
(README.md in this folder says what to mark):

    {Q1|We are ready,}            a fragment of quote 1 (one per piece: a split quote and a
                                  multi-paragraph quote are one quote in several pieces)
    {@kerry|Kerry}                a mention of the speaker entity `kerry` (its name)
    {@kerry>Q1,Q3|John Kerry}     the same, and the ACTOR that quotes 1 and 3 are sourced to
    {~Q3|he}                      the pronoun cue of quote 3 (no span: recorded in meta)

corpus.jsonl has one line per article in the project's own JSONL format: annotator `gold`,
status `done`, QUOTE spans (fragments for several pieces), the speakers' ACTOR spans and a
`source` relation from each attributed QUOTE to its ACTOR; meta holds `title`, `topic`,
`lang`, `entities` (entity id -> every marked mention [start, end)) and `pronoun_quotes`
(span ids of the quotes attributed by a pronoun). Offsets are code points.

Any markup error stops the build with `FILE:LINE: reason` and exit code 1; the written
file is read back with the project's own reader before it replaces the old one.

Run: python benchmarks/data/suggest/build.py [--check]   (--check: corpus.jsonl is current)
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
CORPUS = HERE / "corpus.jsonl"
MIN_WORDS, MAX_WORDS = 250, 700
HEADER_KEYS = ("topic", "lang")
LANGS = ("en", "fr", "de")

# Marks a quote's words may follow and precede (with white space between, as French
# typography has); a fragment ending a paragraph with no closing mark goes on in the next.
OPENERS = '“"«„‹「‘‚'
CLOSERS = '”"»“›」’'
SPACES = " \u00a0\u202f"
HEAD = re.compile(
    r"Q(?P<quote>[1-9][0-9]*)\|"
    r"|@(?P<entity>[a-z][a-z0-9_-]*)(?:>(?P<speaks>Q[1-9][0-9]*(?:,Q[1-9][0-9]*)*))?\|"
    r"|~Q(?P<cue>[1-9][0-9]*)\|"
)


class MarkupError(Exception):
    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")


@dataclass
class Piece:
    kind: str  # "quote", "mention", "cue"
    start: int
    end: int
    line: int
    paragraph: int
    quote: int = 0  # quote number (quote fragment, cue)
    entity: str = ""
    speaks: tuple[int, ...] = ()


@dataclass
class Article:
    id: str
    text: str
    meta: dict[str, Any]
    pieces: list[Piece] = field(default_factory=list)


def parse_article(path: Path) -> Article:
    lines = path.read_text(encoding="utf-8").split("\n")
    header: dict[str, str] = {}
    number = 0
    while number < len(lines) and lines[number].startswith("#"):
        key, sep, value = lines[number][1:].partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in HEADER_KEYS or key in header or not value:
            raise MarkupError(path, number + 1, f"bad header line (keys: {HEADER_KEYS})")
        header[key] = value
        number += 1
    for key in HEADER_KEYS:
        if key not in header:
            raise MarkupError(path, 1, f"no '# {key}:' header line")
    if header["lang"] not in LANGS:
        raise MarkupError(path, 1, f"lang {header['lang']!r} is not one of {LANGS}")
    paragraphs: list[list[tuple[int, str]]] = []  # each: its (line number, line) pairs
    current: list[tuple[int, str]] = []
    for index in range(number, len(lines)):
        line = lines[index].strip()
        if line:
            current.append((index + 1, line))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    if len(paragraphs) < 2:
        raise MarkupError(path, number + 1, "an article needs a headline and a body")
    article = Article(path.stem, "", {"title": "", **header})
    out: list[str] = []
    for paragraph_number, paragraph in enumerate(paragraphs):
        if paragraph_number:
            out.append("\n\n")
        _parse_paragraph(path, paragraph, paragraph_number, out, article.pieces)
        if paragraph_number == 0:
            article.meta["title"] = "".join(out)
    article.text = "".join(out)
    _check(path, article)
    return article


def _parse_paragraph(
    path: Path,
    paragraph: list[tuple[int, str]],
    paragraph_number: int,
    out: list[str],
    pieces: list[Piece],
) -> None:
    source = " ".join(line for _, line in paragraph)
    starts, offset = [], 0
    for _, line in paragraph:
        starts.append(offset)
        offset += len(line) + 1

    def line_of(index: int) -> int:
        return paragraph[bisect.bisect_right(starts, index) - 1][0]

    position = sum(len(chunk) for chunk in out)
    stack: list[tuple[Piece, int]] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "{":
            match = HEAD.match(source, index + 1)
            if match is None:
                raise MarkupError(path, line_of(index), f"bad markup at {source[index:][:30]!r}")
            line = line_of(index)
            if match["quote"]:
                piece = Piece("quote", position, 0, line, paragraph_number, int(match["quote"]))
            elif match["entity"]:
                speaks = match["speaks"] or ""
                piece = Piece(
                    "mention",
                    position,
                    0,
                    line,
                    paragraph_number,
                    entity=match["entity"],
                    speaks=tuple(int(q[1:]) for q in speaks.split(",") if q),
                )
            else:
                piece = Piece("cue", position, 0, line, paragraph_number, int(match["cue"]))
            if stack and (piece.kind == "quote" or stack[-1][0].kind != "quote"):
                raise MarkupError(path, line, f"a {piece.kind} inside a {stack[-1][0].kind}")
            stack.append((piece, index))
            index = match.end()
            continue
        if char == "}":
            if not stack:
                raise MarkupError(path, line_of(index), "'}' with no '{' before it")
            piece, opened = stack.pop()
            piece.end = position
            marked = source[match_end(source, opened) : index]
            if not marked.strip():
                raise MarkupError(path, piece.line, f"empty {piece.kind}")
            if marked != marked.strip(SPACES):
                raise MarkupError(path, piece.line, f"white space at an end of {marked!r}")
            pieces.append(piece)
            index += 1
            continue
        out.append(char)
        position += 1
        index += 1
    if stack:
        raise MarkupError(path, stack[-1][0].line, "'{' not closed in its paragraph")


def match_end(source: str, opened: int) -> int:
    match = HEAD.match(source, opened + 1)
    assert match is not None
    return match.end()


def _check(path: Path, article: Article) -> None:
    text = article.text
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise MarkupError(path, 1, f"{words} words: an article has {MIN_WORDS} to {MAX_WORDS}")
    if any(char in text for char in "{}"):
        raise MarkupError(path, 1, "a brace outside the markup")
    quotes: dict[int, list[Piece]] = {}
    for piece in sorted(article.pieces, key=lambda p: p.start):
        if piece.kind == "quote":
            quotes.setdefault(piece.quote, []).append(piece)
    if sorted(quotes) != list(range(1, len(quotes) + 1)):
        raise MarkupError(path, 1, f"quotes are numbered {sorted(quotes)}: number them 1..n")
    order = sorted(quotes, key=lambda q: quotes[q][0].start)
    if order != sorted(quotes):
        raise MarkupError(path, quotes[order[0]][0].line, "quotes not numbered in text order")
    for number, fragments in quotes.items():
        _check_quote(path, text, number, fragments, article.meta["lang"] == "fr")
    bounds = sorted((f[0].start, f[-1].end, f[0].line) for f in quotes.values())
    for (_, end, _), (start, _, line) in itertools.pairwise(bounds):
        if start < end:
            raise MarkupError(path, line, "a quote starts inside another's pieces")
    speaker: dict[int, Piece] = {}
    cue: dict[int, Piece] = {}
    for piece in article.pieces:
        if piece.kind == "mention":
            for number in piece.speaks:
                if number not in quotes:
                    raise MarkupError(path, piece.line, f"Q{number} is no quote of the article")
                if number in speaker:
                    raise MarkupError(path, piece.line, f"Q{number} has two speakers")
                speaker[number] = piece
    for piece in article.pieces:
        if piece.kind == "cue":
            if piece.quote not in speaker:
                raise MarkupError(path, piece.line, f"pronoun cue of Q{piece.quote}: no speaker")
            if piece.quote in cue:
                raise MarkupError(path, piece.line, f"Q{piece.quote} has two pronoun cues")
            if speaker[piece.quote].start >= piece.start:
                raise MarkupError(path, piece.line, "a pronoun's antecedent comes after it")
            cue[piece.quote] = piece


def _check_quote(path: Path, text: str, number: int, fragments: list[Piece], incises: bool) -> None:
    """Each piece of a quote is inside quotation marks: it follows an opening mark and is
    followed by a closing mark, or ends its paragraph with the next piece opening the next
    one. With `incises` (French), the cue may stand inside the open marks (`« Nous
    sommes prêts, a-t-il dit, à discuter. »`): two pieces of one paragraph need no marks
    between them."""
    for position, fragment in enumerate(fragments):
        previous = fragments[position - 1] if position else None
        following = fragments[position + 1] if position + 1 < len(fragments) else None
        before = fragment.start
        while before > 0 and text[before - 1] in SPACES:
            before -= 1
        inside = incises and previous is not None and previous.paragraph == fragment.paragraph
        if not inside and (before == 0 or text[before - 1] not in OPENERS):
            raise MarkupError(path, fragment.line, f"Q{number} does not follow a quotation mark")
        after = fragment.end
        while after < len(text) and text[after] in SPACES:
            after += 1
        if after < len(text) and text[after] in CLOSERS:
            continue
        if incises and following is not None and following.paragraph == fragment.paragraph:
            continue
        if after < len(text) and text[after] != "\n":
            raise MarkupError(path, fragment.line, f"Q{number} is not followed by a closing mark")
        if following is None or following.paragraph != fragment.paragraph + 1:
            raise MarkupError(
                path, fragment.line, f"Q{number} ends its paragraph open but does not go on"
            )


def records(articles: list[Article]) -> list[dict[str, Any]]:
    return [record(article) for article in articles]


def record(article: Article) -> dict[str, Any]:
    text = article.text
    quotes: dict[int, list[Piece]] = {}
    mentions = sorted((p for p in article.pieces if p.kind == "mention"), key=lambda p: p.start)
    for piece in sorted(article.pieces, key=lambda p: p.start):
        if piece.kind == "quote":
            quotes.setdefault(piece.quote, []).append(piece)
    spans: list[tuple[int, int, str, Any]] = []  # start, end, label, key
    for number, fragments in quotes.items():
        spans.append((fragments[0].start, fragments[-1].end, "QUOTE", number))
    for mention in mentions:
        if mention.speaks:
            spans.append((mention.start, mention.end, "ACTOR", mention.start))
    spans.sort(key=lambda s: (s[0], s[1], s[2]))
    ids = {(label, key): n for n, (_, _, label, key) in enumerate(spans, 1)}
    out_spans = []
    for n, (start, end, label, key) in enumerate(spans, 1):
        span: dict[str, Any] = {"id": n, "start": start, "end": end, "label": label}
        pieces = [(f.start, f.end) for f in quotes[key]] if label == "QUOTE" else [(start, end)]
        span["text"] = " … ".join(text[s:e] for s, e in pieces)
        span["note"] = None
        if len(pieces) > 1:
            span["fragments"] = [list(p) for p in pieces]
        out_spans.append(span)
    relations = [
        {"head": ids["QUOTE", number], "tail": ids["ACTOR", mention.start], "label": "source"}
        for mention in mentions
        for number in mention.speaks
    ]
    relations.sort(key=lambda r: (r["head"], r["tail"]))
    entities: dict[str, list[list[int]]] = {}
    for mention in mentions:
        entities.setdefault(mention.entity, []).append([mention.start, mention.end])
    pronoun = sorted(ids["QUOTE", p.quote] for p in article.pieces if p.kind == "cue")
    meta = {**article.meta, "entities": entities, "pronoun_quotes": pronoun}
    return {
        "id": article.id,
        "text": text,
        "meta": meta,
        "annotator": "gold",
        "status": "done",
        "spans": out_spans,
        "relations": relations,
    }


def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The corpus's figures, as README.md quotes them."""
    figures = dict.fromkeys(
        (
            "articles",
            "words",
            "quotes",
            "split",
            "split mid-sentence",
            "multi-paragraph",
            "attributed",
            "pronoun-attributed",
            "unattributed",
            "speaker entities",
        ),
        0,
    )
    for row in rows:
        figures["articles"] += 1
        figures["words"] += len(row["text"].split())
        attributed = {r["head"] for r in row["relations"]}
        figures["speaker entities"] += len(row["meta"]["entities"])
        for span in row["spans"]:
            if span["label"] != "QUOTE":
                continue
            figures["quotes"] += 1
            pieces = span.get("fragments", [[span["start"], span["end"]]])
            pairs = list(itertools.pairwise(pieces))
            gaps = [row["text"][e:s] for (_, e), (s, _) in pairs]
            if any("\n" not in gap for gap in gaps):
                figures["split"] += 1
            # `“We are ready,” Kerry said, “to talk.”`, not `“Yes,” Kerry said. “No.”`
            if any(
                "\n" not in gap and row["text"][s].islower()
                for gap, (_, (s, _)) in zip(gaps, pairs, strict=True)
            ):
                figures["split mid-sentence"] += 1
            if any("\n" in gap for gap in gaps):
                figures["multi-paragraph"] += 1
            if span["id"] in attributed:
                figures["attributed"] += 1
            else:
                figures["unattributed"] += 1
        figures["pronoun-attributed"] += len(row["meta"]["pronoun_quotes"])
    return figures


def build() -> tuple[str, list[dict[str, Any]]]:
    """The corpus.jsonl text and its records (MarkupError on any markup error)."""
    paths = sorted(ARTICLES.glob("*.txt"))
    if not paths:
        raise MarkupError(ARTICLES, 0, "no articles")
    rows = records([parse_article(path) for path in paths])
    from annotator.core.jsonl import dump_line

    return "".join(dump_line(row) + "\n" for row in rows), rows


def read_back(content: str) -> None:
    """Read `content` with the project's own strict JSONL reader (InputError if bad)."""
    from annotator.core.jsonl import read_jsonl

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_text(content, encoding="utf-8")
        for _ in read_jsonl(path):
            pass


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE.parents[2]))
    from annotator.core.errors import InputError

    try:
        content, rows = build()
        read_back(content)
    except (MarkupError, InputError) as error:
        print(error, file=sys.stderr)
        return 1
    if "--check" in argv:
        if not CORPUS.exists() or CORPUS.read_text(encoding="utf-8") != content:
            print(f"{CORPUS}: out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
    else:
        partial = CORPUS.with_suffix(".jsonl.partial")
        partial.write_text(content, encoding="utf-8")
        partial.replace(CORPUS)
    for name, value in counts(rows).items():
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
