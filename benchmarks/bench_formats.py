"""Formats benchmark.

Figures (issue 4): export and import throughput of every format in the registry that loads
and can write (and read), on 10,000 documents x 20 spans; and the JSONL export against the
`sqlite3` command-line tool's JSON mode dumping the same rows (target: the JSONL export at
least half its speed, i.e. time <= 2 x sqlite3's).

Two sqlite3 queries are timed: "per layer" gives the same content as the JSONL export (one
row per document and annotator, the text once, the spans as a JSON array with their texts,
made by SQLite's own JSON functions): the target is measured against it. "per span" is one
row per span joined with its document (the text repeated 20 times), for information.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_formats.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import clock, table, verdict
from bench_import_export import DOCUMENTS, write_source

from annotator.core.errors import AnnotatorError
from annotator.core.formats import MODULES, get_format
from annotator.store.exporter import export_formatted
from annotator.store.importer import import_paths
from annotator.store.project import create_project, open_project

PER_LAYER = """
SELECT d.id, d.text, d.meta, s.annotator, st.status,
       json_group_array(json_object('start', s.start, 'end', s."end", 'label', s.label,
                                    'text', substr(d.text, s.start + 1, s."end" - s.start),
                                    'note', s.note)) AS spans
FROM documents d JOIN spans s ON s.document_id = d.id
LEFT JOIN document_status st ON st.document_id = d.id AND st.annotator = s.annotator
GROUP BY d.seq, s.annotator ORDER BY d.seq, s.annotator
"""
PER_SPAN = """
SELECT d.id, d.text, d.meta, s.annotator, s.start, s."end", s.label, s.note
FROM documents d JOIN spans s ON s.document_id = d.id
ORDER BY d.seq, s.annotator, s.start, s."end", s.label
"""


def size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


RUNS = 3  # the comparison takes the best of RUNS for both sides (the machine is shared)


def sqlite3_json(binary: str, db: Path, query: str, out: Path) -> float:
    """Seconds for `sqlite3 -json db query > out` (best of RUNS)."""
    best = float("inf")
    for _ in range(RUNS):
        start = clock()
        with open(out, "wb") as fh:
            subprocess.run([binary, "-json", str(db), query], stdout=fh, check=True)
        best = min(best, clock() - start)
    return best


def main() -> None:
    print(__doc__.split("\n\n")[0])
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "source.jsonl"
        spans_total = write_source(source)
        db = tmp / "a.annotator"
        with create_project(db) as project:
            import_paths(project, [source])
        print(f"project: {DOCUMENTS:,} documents, {spans_total:,} spans")

        rows, skipped = [], []
        jsonl_export_s = None
        for name in MODULES:
            try:
                fmt = get_format(name)
            except (ImportError, AnnotatorError) as error:
                skipped.append(f"{name}: does not load ({error})")
                continue
            if fmt.write is None:
                skipped.append(f"{name}: cannot write")
                continue
            out = tmp / f"export-{name}{fmt.suffixes[0] if fmt.suffixes else ''}"
            try:
                with open_project(db) as project:
                    start = clock()
                    report = export_formatted(project, fmt, out)
                    export_s = clock() - start
            except AnnotatorError as error:  # e.g. an optional dependency missing
                skipped.append(f"{name}: export failed ({error})")
                continue
            if name == "jsonl":
                jsonl_export_s = export_s
            mb = size(out) / 1e6
            rows.append(
                [
                    f"{name} export",
                    f"{export_s:.2f} s",
                    f"{report.documents / export_s:,.0f}",
                    f"{report.spans / export_s:,.0f}",
                    f"{mb / export_s:.1f}",
                    f"{mb:.1f} MB",
                ]
            )
            if fmt.read is None:
                continue
            with create_project(tmp / f"import-{name}.annotator") as second:
                start = clock()
                imported = import_paths(second, [out], format=name)
                import_s = clock() - start
            rows.append(
                [
                    f"{name} import",
                    f"{import_s:.2f} s",
                    f"{imported.documents_added / import_s:,.0f}",
                    f"{imported.spans_added / import_s:,.0f}",
                    f"{mb / import_s:.1f}",
                    f"{imported.spans_added:,} spans",
                ]
            )
            if out.is_dir():
                shutil.rmtree(out)
            else:
                out.unlink()
        table(
            "Export and import, each format (one run each)",
            rows,
            ["step", "time", "docs/s", "spans/s", "MB/s", "size / spans"],
        )
        for note in skipped:
            print(f"  skipped {note}")

        binary = shutil.which("sqlite3")
        ok = True
        if binary is None:
            print("\nnote: no sqlite3 command-line tool on this machine; the comparison is")
            print("skipped (`apt-get install -y sqlite3` installs it).")
        elif jsonl_export_s is not None:
            with open_project(db) as project:
                for _ in range(RUNS - 1):
                    start = clock()
                    export_formatted(project, "jsonl", tmp / "again.jsonl")
                    jsonl_export_s = min(jsonl_export_s, clock() - start)
            layer_s = sqlite3_json(binary, db, PER_LAYER, tmp / "per-layer.json")
            span_s = sqlite3_json(binary, db, PER_SPAN, tmp / "per-span.json")
            ratio = layer_s / jsonl_export_s  # export speed as a fraction of sqlite3's
            ok = ratio >= 0.5
            table(
                "JSONL export against sqlite3 -json",
                [
                    [
                        "sqlite3 -json, per layer (same content, best of 3)",
                        f"{layer_s:.2f} s",
                        f"{size(tmp / 'per-layer.json') / 1e6:.1f} MB",
                        "",
                    ],
                    [
                        "sqlite3 -json, per span (info)",
                        f"{span_s:.2f} s",
                        f"{size(tmp / 'per-span.json') / 1e6:.1f} MB",
                        "",
                    ],
                    [
                        "annotator jsonl export (best of 3)",
                        f"{jsonl_export_s:.2f} s",
                        "",
                        f"{ratio:.2f} x sqlite3's speed; target >= 0.5: {verdict(ok)}",
                    ],
                ],
                ["what", "time", "size", "verdict"],
            )
        print("\nRESULT: " + ("jsonl export PASS" if ok else "jsonl export MISS (see above)"))


if __name__ == "__main__":
    main()
