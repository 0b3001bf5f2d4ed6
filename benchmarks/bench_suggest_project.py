"""Suggest a whole project: 10,000 news articles in under 60 s on 2 cores (issue 12).

Builds a project of 10,000 generated news-like articles (3-5 KB each: datelines, reporting
verbs, straight and curly quotes, split and multi-paragraph quotes, titles before names,
pronoun attributions, possessives, scare quotes), with a gazetteer of 2,000 names and some
ACTOR spans an annotator made (the known-actors suggester's names), then times
`annotator suggest PROJECT.db` as a whole process (start-up, worker processes, storing
included; target < 60 s), and, for comparison, the same run in one process
(`suggest_project(..., workers=1)`). Both runs must store the same rows. CPU times are
printed beside the wall times (the worker processes' included): on a machine other
processes share, the wall time waits for the CPU too.

Run: .venv/bin/python benchmarks/bench_suggest_project.py [--documents N] [--profile]
"""

from __future__ import annotations

import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import clock, profile, table, verdict

from annotator.core.model import Document, Span
from annotator.ops.suggest_runs import suggest_project
from annotator.store.project import Project, create_project, open_project

DOCUMENTS = 10_000
TARGET_S = 60.0
GAZETTEER = 2_000

FIRST = [
    "John",
    "Maria",
    "Sergei",
    "Amina",
    "Tom",
    "Olena",
    "Wei",
    "Fatima",
    "Carlos",
    "Ingrid",
    "Kofi",
    "Priya",
    "Lars",
    "Ana",
    "Hiroshi",
    "Chloe",
    "Ahmed",
    "Elena",
    "Marek",
    "Grace",
    "Omar",
    "Sofia",
    "Dmitri",
    "Lucia",
    "Yusuf",
    "Hannah",
    "Pedro",
    "Mei",
    "Ravi",
    "Zoe",
]
LAST = [
    "Kerry",
    "Lavrov",
    "Garcia",
    "Brown",
    "Yusuf",
    "Kovalenko",
    "Zhang",
    "Haddad",
    "Mendes",
    "Larsen",
    "Mensah",
    "Sharma",
    "Nilsen",
    "Costa",
    "Tanaka",
    "Dubois",
    "Rahman",
    "Petrova",
    "Novak",
    "Okafor",
    "Aziz",
    "Rossi",
    "Ivanov",
    "Moreno",
    "Kaya",
    "Schmidt",
    "Alves",
    "Chen",
    "Iyer",
    "Laurent",
]
ROLES = [
    "Secretary of State",
    "Foreign Minister",
    "Prime Minister",
    "spokeswoman",
    "Senator",
    "Mayor",
    "Chief Executive",
    "Interior Minister",
    "union leader",
    "Judge",
]
ORGS = [
    "the United Nations",
    "Acme Corp.",
    "the Red Cross",
    "NATO",
    "the European Commission",
    "the World Bank",
    "Reuters",
    "the central bank",
]
PLACES = ["Geneva", "Kraków", "Nairobi", "Jakarta", "São Paulo", "Kyiv", "Doha", "Oslo", "Lima"]
VERBS = ["said", "told reporters", "added", "warned", "insisted", "argued", "wrote", "tweeted"]
TOPICS = [
    "the ceasefire talks",
    "the budget deal",
    "the new trade agreement",
    "rising food prices",
    "the flood recovery",
    "the election results",
    "the strike at the port",
    "the climate summit",
]
FILLER = [
    "Officials did not say when the next round of talks would begin.",
    "The ministry's statement was published late on Tuesday.",
    "Analysts aren't sure the plan will survive the vote in parliament.",
    "Prices rose 0.4 percent in March, the statistics office reported.",
    "The so-called “red line” was not mentioned in the final text.",
    "Protesters gathered outside the building for a third day.",
    "Shares of the company fell 3.5% to $42.10 in early trading.",
    "It was the city's worst flooding since the ’90s, residents said.",
    "The report cites 1,200 cases and an estimated €3.2 billion in losses.",
    "A spokesman declined to comment on the figures.",
]
CLAIMS = [
    "We are ready to talk, but not at any price",
    "This agreement will protect jobs for a generation",
    "Nobody in this government has ever denied the scale of the problem",
    "We have made progress, and there is more to do",
    "The figures speak for themselves and they are not good",
    "I will not resign over a report that nobody has read",
    "Our teams have been working day and night to restore power",
    "It is too early to say whether the measures are working",
]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def article(rng: random.Random, n: int) -> str:
    """One news article of about 3-5 KB."""
    place = rng.choice(PLACES)
    topic = rng.choice(TOPICS)
    cast = [person(rng) for _ in range(rng.randint(2, 5))]
    paragraphs = [
        f"{place.upper()} (Reuters) — {rng.choice(ROLES)} {cast[0]} met {cast[1]} in {place} "
        f"on {rng.choice(['Monday', 'Tuesday', 'Friday'])} to discuss {topic}, report {n}."
    ]
    while sum(map(len, paragraphs)) < rng.randint(3_000, 5_000):
        who = rng.choice(cast)
        claim = rng.choice(CLAIMS)
        kind = rng.randrange(8)
        if kind == 0:
            line = f"“{claim},” {who} {rng.choice(VERBS)}."
        elif kind == 1:
            line = f'"{claim}," said {rng.choice(ROLES)} {who}.'
        elif kind == 2:
            line = f"{who} told reporters: “{claim}.”"
        elif kind == 3:
            half = claim.split(", ", 1) if ", " in claim else [claim, "and we mean it"]
            line = f"“{half[0]},” {who} said, “{half[1]}.”"
        elif kind == 4:
            line = f"{who} spoke after the meeting. “{claim},” he said."
        elif kind == 5:
            line = f"According to {rng.choice(ORGS)}, “{claim.lower()}.”"
        elif kind == 6:
            line = f"“{claim}.\n\n“{rng.choice(CLAIMS)},” {who} {rng.choice(VERBS)}."
        else:
            line = f"{who}'s office in {rng.choice(PLACES)} said {topic} would continue."
        paragraphs.append(line + " " + " ".join(rng.sample(FILLER, rng.randint(1, 3))))
    return "\n\n".join(paragraphs) + "\n"


def build(path: Path, documents: int) -> Project:
    rng = random.Random(12)
    project = create_project(path)
    with project.transaction():
        for n in range(documents):
            text = article(rng, n)
            project.add_document(Document(f"news-{n:05d}", text, text.split("\n", 1)[0][:60]))
        # Names annotators made: the first name of the first article, ACTOR in alice's layer.
        for n in range(0, documents, max(1, documents // 50)):
            text = project.document(f"news-{n:05d}").text
            start = text.index(" met ") + len(" met ")
            end = text.index(" in ", start)
            project.add_span(Span(f"news-{n:05d}", "alice", start, end, "ACTOR"))
        names = sorted({(person(rng), "") for _ in range(GAZETTEER * 2)})[:GAZETTEER]
        project.add_gazetteer(names)
    return project


def rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            """SELECT document_id, start, "end", label, fragments, suggesters, speaker_start,
                      speaker_end FROM suggestions ORDER BY 1, 2, 3, 4, 5"""
        ).fetchall()
    finally:
        conn.close()


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    documents = DOCUMENTS
    if "--documents" in sys.argv:
        documents = int(sys.argv[sys.argv.index("--documents") + 1])
    print(__doc__.split("\n\n")[0])
    with tempfile.TemporaryDirectory(prefix="bench-suggest-") as folder:
        tmp = Path(folder)
        start = clock()
        build(tmp / "one.db", documents).close()
        built_s = clock() - start
        (tmp / "cli.db").write_bytes((tmp / "one.db").read_bytes())
        size_mb = (tmp / "one.db").stat().st_size / 1e6
        print(f"built {documents:,} articles ({size_mb:.0f} MB project) in {built_s:.1f} s")

        command = [sys.executable, "-m", "annotator", "suggest", str(tmp / "cli.db")]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        start, before = clock(), _cpu(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        cli_s, cli_cpu = clock() - start, _cpu(resource.RUSAGE_CHILDREN) - before
        if done.returncode != 0:
            print(done.stderr)
            raise SystemExit(f"annotator suggest failed (exit code {done.returncode})")
        summary = done.stderr.strip().splitlines()

        project = open_project(tmp / "one.db")
        start, before = clock(), _cpu(resource.RUSAGE_SELF)
        suggest_project(project, workers=1)
        single_s, single_cpu = clock() - start, _cpu(resource.RUSAGE_SELF) - before
        project.close()
        same = rows(tmp / "one.db") == rows(tmp / "cli.db")
        if "--profile" in sys.argv:
            again = open_project(tmp / "one.db")
            profile(lambda: suggest_project(again, workers=1), sort="tottime")
            again.close()

    table(
        f"Suggest {documents:,} articles (quotes, speakers, known actors)",
        [
            [
                "`annotator suggest` (whole process)",
                f"{cli_s:.1f} s",
                f"{cli_cpu:.1f} s",
                f"{documents / cli_s:,.0f}",
                f"< {TARGET_S:.0f} s",
                verdict(cli_s < TARGET_S),
            ],
            [
                "suggest_project, 1 worker (in process)",
                f"{single_s:.1f} s",
                f"{single_cpu:.1f} s",
                f"{documents / single_s:,.0f}",
                "(info)",
                "",
            ],
            ["same rows both ways", "yes" if same else "NO", "", "", "", verdict(same)],
        ],
        ["run", "time", "CPU time", "docs/s", "target", ""],
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    print("annotator suggest said:")
    for line in summary[-4:]:
        print(f"  {line}")
    print(
        f"RESULT: {documents:,} articles in {cli_s:.1f} s, CPU {cli_cpu:.1f} s (target < "
        f"{TARGET_S:.0f} s), 1 worker {single_s:.1f} s, CPU {single_cpu:.1f} s, same rows: "
        f"{'yes' if same else 'NO'} "
        f"{verdict(cli_s < TARGET_S and same)}"
    )


if __name__ == "__main__":
    main()
