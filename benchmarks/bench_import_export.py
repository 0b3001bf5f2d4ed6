"""Import / export benchmark.

Figures (product issue): JSONL import and export of 10,000 documents x 20 spans through
`annotator.store.importer.import_paths` and `annotator.store.exporter.export_jsonl`, in
documents/s and MB/s; and the round trip export -> import (into a new project) -> export,
which must give byte-identical files (OK/FAIL).

There is no speed target in the issue; the script reports the figures, and PASS/MISS only
for the byte identity. Documents are ~1,500 characters with non-ASCII (accents, curly quotes,
an emoji), one annotator layer each with 20 spans (some nested), a status and a note on some
spans.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_import_export.py [--profile]
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import clock, profile, table, verdict

from annotator.core.jsonl import dump_line
from annotator.store.exporter import export_jsonl
from annotator.store.importer import import_paths
from annotator.store.project import create_project

DOCUMENTS = 10_000
SPANS = 20
LABELS = ["ACTOR", "QUOTE", "EVENT", "CLAIM"]
ANNOTATORS = ["alice", "bob", "carol"]
WORDS = [
    "the",
    "minister",
    "said",
    "on",
    "Monday",
    "that",
    "budget",
    "talks",
    "would",
    "resume",
    "after",
    "the",
    "strike",
    "ended",
    "in",
    "Kraków",
    "while",
    "analysts",
    "expected",
    "a",
    "vote",
    "in",
    "parliament",
    "next",
    "week",
    "“we",
    "will",
    "not",
    "give",
    "up”",
    "Élysée",
    "Zürich",
    "São",
    "Paulo",
    "naïve",
    "café",
    "🙂",
    "résumé",
    "according",
    "to",
    "officials",
]


def write_source(path: Path) -> int:
    """10,000 JSONL lines; returns the number of spans written."""
    rng = random.Random(11)
    spans_total = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for n in range(DOCUMENTS):
            words = [rng.choice(WORDS) for _ in range(rng.randint(180, 260))]
            text = f"Article {n}: " + " ".join(words)
            starts = sorted(rng.sample(range(0, len(text) - 60), SPANS))
            spans, seen = [], set()
            for i, start in enumerate(starts):
                end = start + rng.randint(3, 50)
                if i % 5 == 1 and spans:  # nested inside the previous span when it fits
                    prev = spans[-1]
                    if prev["end"] - prev["start"] > 4:
                        start, end = prev["start"] + 1, prev["end"] - 1
                label = rng.choice(LABELS)
                if (start, end, label) in seen:
                    label = next(x for x in LABELS if (start, end, x) not in seen)
                seen.add((start, end, label))
                spans.append(
                    {
                        "start": start,
                        "end": end,
                        "label": label,
                        "text": text[start:end],
                        "note": "checked" if i % 7 == 0 else None,
                    }
                )
            spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
            record = {
                "id": f"doc-{n:05d}",
                "text": text,
                "meta": {"source": "bench", "n": n},
                "annotator": ANNOTATORS[n % len(ANNOTATORS)],
                "status": rng.choice(["done", "in_progress"]),
                "spans": spans,
            }
            out.write(dump_line(record) + "\n")
            spans_total += len(spans)
    return spans_total


def main() -> None:
    do_profile = "--profile" in sys.argv
    print(__doc__.split("\n\n")[0])
    with tempfile.TemporaryDirectory(prefix="bench-import-export-") as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "source.jsonl"
        spans_total = write_source(source)
        source_mb = source.stat().st_size / 1e6
        print(f"source: {DOCUMENTS:,} documents, {spans_total:,} spans, {source_mb:.1f} MB")

        project = create_project(tmp / "a.annotator")
        start = clock()
        report = import_paths(project, [source])
        import_s = clock() - start
        first = tmp / "export1.jsonl"
        start = clock()
        lines = export_jsonl(project, first)
        export_s = clock() - start
        export_mb = first.stat().st_size / 1e6
        project.close()

        second_project = create_project(tmp / "b.annotator")
        start = clock()
        import_paths(second_project, [first])
        reimport_s = clock() - start
        second = tmp / "export2.jsonl"
        export_jsonl(second_project, second)
        second_project.close()
        identical = first.read_bytes() == second.read_bytes()
        same_as_source = first.read_bytes() == source.read_bytes()
        spans_back = sum(len(json.loads(x)["spans"]) for x in first.open(encoding="utf-8"))

        table(
            "JSONL import / export (one run each)",
            [
                [
                    "import_paths (source)",
                    f"{import_s:.2f} s",
                    f"{DOCUMENTS / import_s:,.0f}",
                    f"{source_mb / import_s:.1f}",
                    f"{report.documents_added:,} docs, {report.spans_added:,} spans",
                ],
                [
                    "export_jsonl",
                    f"{export_s:.2f} s",
                    f"{DOCUMENTS / export_s:,.0f}",
                    f"{export_mb / export_s:.1f}",
                    f"{lines:,} lines, {spans_back:,} spans",
                ],
                [
                    "import_paths (export, new project)",
                    f"{reimport_s:.2f} s",
                    f"{DOCUMENTS / reimport_s:,.0f}",
                    f"{export_mb / reimport_s:.1f}",
                    "",
                ],
            ],
            ["step", "time", "docs/s", "MB/s", "what"],
        )
        table(
            "Round trip",
            [
                [
                    "export -> import -> export byte-identical",
                    "OK" if identical else "FAIL",
                    verdict(identical),
                ],
                [
                    "export identical to the generated source",
                    "yes" if same_as_source else "no",
                    "(info)",
                ],
                [
                    "spans in = spans out",
                    f"{spans_total:,} / {spans_back:,}",
                    verdict(spans_total == spans_back),
                ],
            ],
            ["check", "result", "verdict"],
        )
        if not identical:
            for n, (a, b) in enumerate(
                zip(first.open(encoding="utf-8"), second.open(encoding="utf-8"), strict=False), 1
            ):
                if a != b:
                    print(f"first difference at line {n}:\n  {a[:300]}\n  {b[:300]}")
                    break

        if do_profile:
            third = create_project(tmp / "c.annotator")
            print("\nProfile of import_paths (by own time):")
            profile(lambda: import_paths(third, [source]), top=15, sort="tottime")
            print("\nProfile of export_jsonl (by own time):")
            profile(lambda: export_jsonl(third, tmp / "export3.jsonl"), top=15, sort="tottime")
            third.close()
        ok = identical and spans_total == spans_back
        print("\nRESULT: " + ("all checks PASS" if ok else "MISS (see above)"))


if __name__ == "__main__":
    main()
