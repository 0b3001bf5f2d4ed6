"""Speaker suggester benchmark: `find_speakers` over a 1 MB article.

Target (issue 12, the speakers' share of the 0.5 s a 1 MB article may take): under 200 ms
for a 1 MB article with 3,000 quotes. Also printed: 2,000 and 5,000 quotes (the time per
quote), and a text with no quotes at all.

The article is news prose made of paragraphs of five sentences: attributed quotes in every
pattern the suggester reads (after the quote, before it, split around its speaker, titles,
appositions, organisations, pronouns, participles, quotes that go on), quotes with no
attribution, and sentences without quotes, mixed at random so that the quotes come at the
density asked for. The quotes are built with the text (`Quote` values), so that the figure
is the speaker suggester's alone. Wall time is the median of five runs; the CPU time of the
fastest is printed too (on a busy machine the wall clock counts other processes' turns).

Run: .venv/bin/python benchmarks/bench_speakers.py [--profile]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import clock, median, ms, profile, table, verdict

from annotator.core.suggest.quotes import Quote
from annotator.core.suggest.speakers import find_speakers

SIZE = 1_000_000
TARGET = 0.200
TARGET_QUOTES = 3_000

# Each template: text with «…» standing for the quoted words (one or two pieces).
QUOTED = (
    "«We are ready to talk about everything,» Kerry told reporters after the meeting.",
    "The Russian foreign minister, Sergei Lavrov, said: «Nothing has been decided yet.»",
    "«We have made some progress today,» he said, adding that more meetings would follow.",
    "According to the Pentagon, «the troops will remain in place for now.»",
    "«It is too early to say what the outcome will be,» said Defense Secretary Ash Carter.",
    "«We are ready,» Kerry said, «to talk to anyone who wants peace.»",
    "«The numbers are disappointing,» the State Department said in a statement.",
    "President Joe Biden defended the deal, telling reporters that «we are making progress.»",
    "«Nobody said this would be easy,» Mrs. May said. «But we will not give up.»",
    "«It is what it is,» one trader in the City of London said.",
    "«People are paying more and getting less,» she said in a speech in Birmingham.",
    "Mr. Biden, speaking later in Philadelphia, added: «I will not be lectured.»",
)
PLAIN = (
    "Secretary of State John Kerry arrived in Geneva on Monday for talks with his counterpart.",
    "Officials from both sides described the atmosphere as tense but constructive.",
    "Markets rose slightly in early trading as investors waited for the results.",
    "The talks, which began in the spring, have been overshadowed by the fighting in the east.",
    "Prices for wheat and maize climbed again on Tuesday, extending a rally of last month.",
    "Diplomats from several European capitals were expected to join the discussions.",
)


def article(quotes_wanted: int, seed: int = 12) -> tuple[str, list[Quote]]:
    """About SIZE characters of paragraphs, with about `quotes_wanted` quotes."""
    share = 0.5
    text, quotes = _article(share, seed)
    for _ in range(3):  # the share of sentences with quotes that gives that many
        if not quotes_wanted:
            return _article(0.0, seed)
        share = min(1.0, share * quotes_wanted / max(1, len(quotes)))
        text, quotes = _article(share, seed)
    return text, quotes


def _article(share: float, seed: int) -> tuple[str, list[Quote]]:
    rng = random.Random(seed)
    parts: list[str] = []
    quotes: list[Quote] = []
    length = 0
    while length < SIZE:
        for number in range(5):
            sentence = rng.choice(QUOTED) if rng.random() < share else rng.choice(PLAIN)
            if number:
                parts.append(" ")
                length += 1
            fragments = []
            for index, chunk in enumerate(sentence.split("«")):
                if index == 0:
                    parts.append(chunk)
                    length += len(chunk)
                    continue
                words, _, rest = chunk.partition("»")
                parts.append("“")
                fragments.append((length + 1, length + 1 + len(words)))
                parts.append(words + "”" + rest)
                length += 1 + len(words) + 1 + len(rest)
            if fragments:
                pieces = tuple(fragments) if "Kerry said, «" in sentence else ()
                if pieces:
                    quotes.append(Quote(fragments[0][0], fragments[-1][1], pieces))
                else:
                    quotes.extend(Quote(start, end) for start, end in fragments)
        parts.append("\n\n")
        length += 2
    return "".join(parts), quotes


def measure(text: str, quotes: list[Quote]) -> tuple[float, float, int]:
    walls, cpus, found = [], [], 0
    for _ in range(5):
        cpu = time.process_time()
        start = clock()
        speakers = find_speakers(text, quotes)
        walls.append(clock() - start)
        cpus.append(time.process_time() - cpu)
        found = sum(speaker is not None for speaker in speakers)
    return median(walls), min(cpus), found


def main() -> None:
    rows = []
    ok = True
    for wanted in (0, 2_000, TARGET_QUOTES, 5_000):
        text, quotes = article(wanted)
        for quote in quotes:  # the article is what it says
            for start, end in quote.fragments or ((quote.start, quote.end),):
                assert text[start - 1] == "“" and text[end] == "”", text[start - 1 : end + 1]
        wall, cpu, found = measure(text, quotes)
        per_quote = f"{wall / len(quotes) * 1e6:.0f} µs" if quotes else "-"
        target = ""
        if wanted == TARGET_QUOTES:
            target = verdict(wall < TARGET)
            ok = wall < TARGET
        rows.append(
            (
                f"{len(text):,}",
                f"{len(quotes):,}",
                f"{found:,}",
                ms(wall),
                ms(cpu),
                per_quote,
                target,
            )
        )
    table(
        "find_speakers over a 1 MB article",
        rows,
        (
            "characters",
            "quotes",
            "with a speaker",
            "median",
            "cpu (best)",
            "per quote",
            "target < 200 ms at 3,000",
        ),
    )
    if "--profile" in sys.argv:
        text, quotes = article(TARGET_QUOTES)
        profile(lambda: find_speakers(text, quotes), sort="tottime")
    print("\nRESULT: " + ("speakers PASS" if ok else "speakers MISS (see above)"))


if __name__ == "__main__":
    main()
