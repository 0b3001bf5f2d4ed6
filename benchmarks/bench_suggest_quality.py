"""Suggestion quality benchmark: quotes and speakers on the held-out news corpus.

The corpus (benchmarks/data/suggest/: articles written and annotated by hand, built into
corpus.jsonl) holds each article's gold QUOTEs, their speakers' ACTOR spans, the `source`
relations between them, and every marked name mention of each speaker entity.

`suggest_text` runs with quotes + speakers + actors: first with no known names (the first
run of a new project), then with the names a project knows after an annotator tagged the
first half of the corpus (the ACTOR texts of its gold layer), evaluated on the second half
(where the no-names run is printed too, for comparison). Printed, for each run:

- quotes by overlap: a suggested QUOTE matches a gold QUOTE when a piece of one overlaps
  a piece of the other, paired one-to-one by a maximum matching; precision, recall, F1;
- quotes exact: the same pieces (every fragment equal);
- speaker right: of the gold quotes with a speaker, the share whose overlap-matched
  suggestion carries a speaker range overlapping a mention of the gold speaker's entity
  (`by entity`), or equal to the gold speaker span (`exact`); a missed quote counts wrong;
- speaker ACTORs: the distinct speaker ranges suggested against the gold ACTOR spans,
  exact and by one-to-one overlap.

And the same figures for a two-line regular expression baseline (BASELINE); then, for the
whole corpus, the speakers right by where the cue names them (after the quote's first
piece, before the quote, by a pronoun), and quotes and speakers by language. Exit 0: the
figures are the result, not a pass or fail.

Run: .venv/bin/python benchmarks/bench_suggest_quality.py [--corpus PATH] [--misses]
(--misses first lists, article by article, the quotes missed, the speakers wrong and the
suggestions that match no gold quote: for reading the errors; it prints the corpus's text,
which the suggesters' authors are not meant to see.)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _util import table

from annotator.core.suggest.actors import ActorMatcher
from annotator.core.suggest.pipeline import SuggestConfig, suggest_text

CORPUS = Path(__file__).resolve().parent / "data" / "suggest" / "corpus.jsonl"
SUGGESTERS = ("quotes", "speakers", "actors")

Range = tuple[int, int]
Pieces = tuple[Range, ...]

# The baseline: two regular expressions, curly and straight double quotes, each with an
# optional `Name said` right after the closing mark.
BASELINE = (
    re.compile(r"“([^”]+)”\s*(?:([A-Z]\w+(?: [A-Z]\w+)*) said)?"),
    re.compile(r'"([^"]+)"\s*(?:([A-Z]\w+(?: [A-Z]\w+)*) said)?'),
)


@dataclass(frozen=True)
class GoldQuote:
    pieces: Pieces
    speaker: Range | None = None  # the gold ACTOR span the quote is sourced to
    entity: str | None = None  # the speaker's entity id
    pronoun: bool = False  # attributed by a pronoun cue


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    speakers: tuple[Range, ...]  # the gold ACTOR spans
    entities: dict[str, tuple[Range, ...]] = field(default_factory=dict)
    lang: str = "en"


@dataclass(frozen=True)
class Found:
    """One suggested quote: its pieces and its speaker's range (or None)."""

    pieces: Pieces
    speaker: Range | None = None


def load(path: Path) -> list[Article]:
    """The corpus's gold layers (read by the project's own strict JSONL reader)."""
    from annotator.core.jsonl import read_jsonl

    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    articles = []
    for record, line in zip(read_jsonl(path), raw, strict=True):
        entities = {
            name: tuple((start, end) for start, end in mentions)
            for name, mentions in record.meta.get("entities", {}).items()
        }
        entity_of = {mention: name for name, ms in entities.items() for mention in ms}
        span_ids = [span["id"] for span in line["spans"]]
        pronoun = {span_ids.index(i) for i in record.meta.get("pronoun_quotes", [])}
        sources = {r.head: r.tail for r in record.relations if r.label == "source"}
        quotes, speakers = [], []
        for index, span in enumerate(record.spans):
            if span.label == "ACTOR":
                speakers.append((span.start, span.end))
            if span.label != "QUOTE":
                continue
            speaker = None
            if index in sources:
                tail = record.spans[sources[index]]
                speaker = (tail.start, tail.end)
            quotes.append(
                GoldQuote(
                    span.fragments or ((span.start, span.end),),
                    speaker,
                    entity_of.get(speaker) if speaker else None,
                    index in pronoun,
                )
            )
        lang = record.meta.get("lang", "en")
        articles.append(
            Article(record.id, record.text, tuple(quotes), tuple(speakers), entities, lang)
        )
    return articles


# -- matching ------------------------------------------------------------------------------


def overlaps(a: Pieces, b: Pieces) -> bool:
    """Does a piece of `a` share a character with a piece of `b`?"""
    return any(s < f and t < e for s, e in a for t, f in b)


def match(
    gold: Sequence[Pieces], found: Sequence[Pieces], same: Callable[[Pieces, Pieces], bool]
) -> dict[int, int]:
    """A maximum one-to-one matching of gold to found items where `same` holds:
    {gold index: found index} (augmenting paths; the lists are one article's)."""
    partner: dict[int, int] = {}  # found index -> gold index
    edges = [[j for j, f in enumerate(found) if same(g, f)] for g in gold]

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in partner or augment(partner[j], seen):
                partner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return {i: j for j, i in partner.items()}


def exact(a: Pieces, b: Pieces) -> bool:
    return tuple(a) == tuple(b)


@dataclass
class Score:
    matched: int = 0
    found: int = 0
    gold: int = 0

    def add(self, matched: int, found: int, gold: int) -> None:
        self.matched += matched
        self.found += found
        self.gold += gold

    @property
    def precision(self) -> float | None:
        return self.matched / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.found + self.gold
        return 2 * self.matched / total if total else None


@dataclass
class Share:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class Figures:
    quotes_overlap: Score = field(default_factory=Score)
    quotes_exact: Score = field(default_factory=Score)
    speaker_entity: Share = field(default_factory=Share)
    speaker_exact: Share = field(default_factory=Share)
    pronoun_entity: Share = field(default_factory=Share)
    actors_exact: Score = field(default_factory=Score)
    actors_overlap: Score = field(default_factory=Score)
    # speaker right by entity, by where the cue names the speaker (KINDS)
    by_kind: dict[str, Share] = field(default_factory=dict)
    # quotes by overlap, and speakers right by entity, per language
    lang_quotes: dict[str, Score] = field(default_factory=dict)
    lang_speakers: dict[str, Share] = field(default_factory=dict)


KINDS = ("after", "before", "pronoun")  # the speaker named after the first piece, before it


def kind(quote: GoldQuote) -> str:
    """Where the cue names the speaker of an attributed quote (one of KINDS)."""
    assert quote.speaker is not None
    if quote.pronoun:
        return KINDS[2]
    return KINDS[0] if quote.speaker[0] >= quote.pieces[0][1] else KINDS[1]


def evaluate(article: Article, found: Sequence[Found], figures: Figures) -> None:
    """Add one article's comparison of `found` with its gold to `figures`."""
    gold = [quote.pieces for quote in article.quotes]
    pieces = [quote.pieces for quote in found]
    by_overlap = match(gold, pieces, overlaps)
    figures.quotes_overlap.add(len(by_overlap), len(found), len(gold))
    figures.quotes_exact.add(len(match(gold, pieces, exact)), len(found), len(gold))
    figures.lang_quotes.setdefault(article.lang, Score()).add(
        len(by_overlap), len(found), len(gold)
    )
    for index, quote in enumerate(article.quotes):
        if quote.speaker is None:
            continue
        suggested = found[by_overlap[index]].speaker if index in by_overlap else None
        mentions = article.entities.get(quote.entity or "", (quote.speaker,))
        right = suggested is not None and any(overlaps((suggested,), (m,)) for m in mentions)
        figures.speaker_entity.right += right
        figures.speaker_entity.total += 1
        figures.speaker_exact.right += suggested == quote.speaker
        figures.speaker_exact.total += 1
        if quote.pronoun:
            figures.pronoun_entity.right += right
            figures.pronoun_entity.total += 1
        for share in (
            figures.by_kind.setdefault(kind(quote), Share()),
            figures.lang_speakers.setdefault(article.lang, Share()),
        ):
            share.right += right
            share.total += 1
    gold_actors = [(s,) for s in sorted(set(article.speakers))]
    found_actors = [(s,) for s in sorted({q.speaker for q in found if q.speaker is not None})]
    figures.actors_exact.add(
        len(match(gold_actors, found_actors, exact)), len(found_actors), len(gold_actors)
    )
    figures.actors_overlap.add(
        len(match(gold_actors, found_actors, overlaps)), len(found_actors), len(gold_actors)
    )


# -- the two systems -----------------------------------------------------------------------


def suggested(article: Article, config: SuggestConfig) -> list[Found]:
    return [
        Found(s.fragments or ((s.start, s.end),), s.speaker)
        for s in suggest_text(article.id, article.text, config)
        if s.label == "QUOTE"
    ]


def baseline(article: Article) -> list[Found]:
    found = []
    for pattern in BASELINE:
        for hit in pattern.finditer(article.text):
            start, end = hit.span(1)
            while start < end and article.text[start].isspace():
                start += 1
            while end > start and article.text[end - 1].isspace():
                end -= 1
            if start < end:
                found.append(Found(((start, end),), hit.span(2) if hit.group(2) else None))
    return sorted(found, key=lambda f: f.pieces)


def run(articles: Sequence[Article], system: Callable[[Article], list[Found]]) -> Figures:
    figures = Figures()
    for article in articles:
        evaluate(article, system(article), figures)
    return figures


def known_names(articles: Sequence[Article]) -> list[str]:
    """The ACTOR texts of these articles' gold layers: what `ops.suggestions.known_names`
    gives a project holding them (no gazetteer)."""
    return sorted({a.text[s:e] for a in articles for s, e in a.speakers})


# -- printing ------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def quote_row(name: str, figures: Figures) -> list[str]:
    q, x = figures.quotes_overlap, figures.quotes_exact
    return [name, f"{q.found}", *(percent(v) for v in (q.precision, q.recall, q.f1))] + [
        percent(v) for v in (x.precision, x.recall, x.f1)
    ]


def speaker_row(name: str, figures: Figures) -> list[str]:
    entity, pronoun = figures.speaker_entity, figures.pronoun_entity
    actors, loose = figures.actors_exact, figures.actors_overlap
    return [
        name,
        f"{percent(entity.value)} of {entity.total}",
        percent(figures.speaker_exact.value),
        f"{percent(pronoun.value)} of {pronoun.total}",
        f"{percent(actors.precision)} / {percent(actors.recall)}",
        f"{percent(loose.precision)} / {percent(loose.recall)}",
    ]


QUOTE_HEADER = ["run", "found", "overlap P", "R", "F1", "exact P", "R", "F1"]
SPEAKER_HEADER = [
    "run",
    "speaker right (by entity)",
    "exact range",
    "pronoun cues",
    "speaker ACTORs exact P / R",
    "overlap P / R",
]


def share(value: Share | None) -> str:
    return "-" if value is None else f"{percent(value.value)} of {value.total}"


def kind_row(name: str, figures: Figures) -> list[str]:
    return [name] + [share(figures.by_kind.get(k)) for k in KINDS]


def lang_row(name: str, figures: Figures) -> list[str]:
    cells = [name]
    for lang in LANGS:
        quotes = figures.lang_quotes.get(lang)
        cells.append("-" if quotes is None else percent(quotes.f1))
        cells.append(share(figures.lang_speakers.get(lang)))
    return cells


LANGS = ("en", "fr", "de")
KIND_HEADER = ["run", "named after the quote", "named before it", "pronoun cue"]
LANG_HEADER = ["run", *(h for lang in LANGS for h in (f"{lang}: quotes F1", "speakers right"))]


def misses(articles: Sequence[Article], system: Callable[[Article], list[Found]]) -> None:
    """Print, per article, the gold quotes missed or with a wrong speaker, and the
    suggested quotes that match none (for reading the errors, not for the figures)."""
    for article in articles:
        found = system(article)
        by_overlap = match([q.pieces for q in article.quotes], [f.pieces for f in found], overlaps)
        used = set(by_overlap.values())

        def show(pieces: Pieces, text: str = article.text) -> str:
            return " … ".join(repr(text[s:e][:60]) for s, e in pieces)

        for index, quote in enumerate(article.quotes):
            if index not in by_overlap:
                print(f"{article.id}: missed {show(quote.pieces)}")
                continue
            suggestion = found[by_overlap[index]]
            said = show((suggestion.speaker,)) if suggestion.speaker else "none"
            gold = show((quote.speaker,)) if quote.speaker else "none"
            if said != gold:
                print(f"{article.id}: speaker {said} for {gold}: {show(quote.pieces)[:70]}")
        for j, suggestion in enumerate(found):
            if j not in used:
                print(f"{article.id}: not a gold quote {show(suggestion.pieces)}")


def main(argv: Sequence[str]) -> int:
    path = Path(argv[argv.index("--corpus") + 1]) if "--corpus" in argv else CORPUS
    articles = load(path)
    half = len(articles) // 2
    first, second = articles[:half], articles[half:]
    quotes = sum(len(a.quotes) for a in articles)
    no_names = SuggestConfig(SUGGESTERS, ActorMatcher([]))
    names = known_names(first)
    learned = SuggestConfig(SUGGESTERS, ActorMatcher(names))
    if "--misses" in argv:
        misses(articles, lambda a: suggested(a, no_names))
    runs = [
        (
            f"suggesters, all {len(articles)} articles",
            run(articles, lambda a: suggested(a, no_names)),
        ),
        (f"regex baseline, all {len(articles)}", run(articles, baseline)),
        (
            f"suggesters, second half ({len(second)}), {len(names)} names known",
            run(second, lambda a: suggested(a, learned)),
        ),
        ("suggesters, second half, no names", run(second, lambda a: suggested(a, no_names))),
        ("regex baseline, second half", run(second, baseline)),
    ]
    title = f"the held-out corpus: {len(articles)} articles, {quotes} gold quotes"
    table(f"Quotes on {title}", [quote_row(n, f) for n, f in runs], QUOTE_HEADER)
    table(f"Speakers on {title}", [speaker_row(n, f) for n, f in runs], SPEAKER_HEADER)
    table(
        "Speakers right (by entity), by where the cue names them",
        [kind_row(n, f) for n, f in runs[:2]],
        KIND_HEADER,
    )
    table(
        "Quotes (overlap F1) and speakers right (by entity), by language",
        [lang_row(n, f) for n, f in runs[:2]],
        LANG_HEADER,
    )
    print(
        "\nQuotes match by overlap (one-to-one) or exactly (the same fragments). A speaker is "
        "right by entity\nwhen its range overlaps a mention of the gold speaker's entity; "
        "a missed quote's speaker is wrong.\n"
        f"Known names: the ACTOR texts of the first {len(first)} articles' gold layer."
    )
    ours, regex = runs[0][1], runs[1][1]
    print(
        f"\nRESULT: quotes F1 {percent(ours.quotes_overlap.f1)} overlap, "
        f"{percent(ours.quotes_exact.f1)} exact, speaker right {percent(ours.speaker_entity.value)}"
        f" (regex baseline: {percent(regex.quotes_overlap.f1)}, "
        f"{percent(regex.quotes_exact.f1)}, {percent(regex.speaker_entity.value)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
