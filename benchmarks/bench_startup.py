"""Start-up benchmark (issue 13, "Install and start"): the whole app process, from its start
to the window shown and painted, against a bare PySide6 process showing the same text in a
QPlainTextEdit.

Targets: at most 2.5x the bare process with the sample article; at most 3x for a 1 MB
article with 20,000 spans. Each process runs offscreen with fresh settings; the app prints
the moment its text view first painted (`ANNOTATOR_REPORT_FIRST_PAINT`, ui/first_paint.py)
and quits, the bare process does the same. Each figure is the median of several runs,
timed from just before the process was started. The ratio of CPU times (user + system, the
app's store process included, to its exit just after the paint) is printed beside it: on a
shared machine the wall times also wait for the CPU.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _util import median, table, verdict

from annotator.core.model import Document, Span
from annotator.resources import SAMPLE_ARTICLE, resource_path
from annotator.store.project import create_project

TARGET_SAMPLE = 2.5
TARGET_LARGE = 3.0
LARGE_CHARS = 1_000_000
LARGE_SPANS = 20_000

BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication(sys.argv[:1])
view = QPlainTextEdit()
view.setPlainText(open(sys.argv[1], encoding="utf-8").read())
view.resize(1360, 860)
class First(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print(f"first-paint {time.time():.6f}", flush=True),
                                          app.quit()))
        return False
first = First()
view.viewport().installEventFilter(first)
view.show()
app.exec()
"""


def large_text(rng: random.Random) -> str:
    words = [
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
        "in",
        "Kraków",
    ]
    out, size = [], 0
    while size < LARGE_CHARS:
        sentence = " ".join(rng.choices(words, k=12)) + ". "
        if rng.random() < 0.1:
            sentence += "\n\n"
        out.append(sentence)
        size += len(sentence)
    return "".join(out)[:LARGE_CHARS]


def make_projects(folder: Path) -> dict[str, tuple[Path, Path]]:
    """name -> (project, the same text as a .txt for the bare process)."""
    sample_text = resource_path(SAMPLE_ARTICLE).read_text(encoding="utf-8")
    rng = random.Random(7)
    large = large_text(rng)
    made = {}
    for name, text, spans in (
        ("sample", sample_text, 0),
        ("1 MB, 20,000 spans", large, LARGE_SPANS),
    ):
        path = folder / f"{len(made)}.db"
        project = create_project(path)
        with project.transaction():
            project.add_document(Document("article", text, "Article"))
            step = len(text) // max(1, spans) if spans else 0
            for n in range(spans):
                start = n * step
                project.add_span(
                    Span("article", "bench", start, start + max(1, step // 2), "ACTOR")
                )
        project.close()
        txt = folder / f"{len(made)}.txt"
        txt.write_text(text, encoding="utf-8")
        made[name] = (path, txt)
    return made


CPU: dict[tuple[str, ...], list[float]] = {}


def first_paint(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `argv` to its report of the first paint. The CPU time of the
    whole run (the process and the store process it waited for) goes to CPU[argv]."""
    used = _children_cpu()
    start = time.time()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    CPU.setdefault(tuple(argv), []).append(_children_cpu() - used)
    for line in done.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"{argv[:3]} never reported a paint:\n{done.stdout}\n{done.stderr}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args, _ = parser.parse_known_args()
    rows, ok = [], True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "ANNOTATOR_REPORT_FIRST_PAINT": "1",
            "XDG_CONFIG_HOME": str(folder / "config"),  # fresh settings: no remembered state
            "XDG_DATA_HOME": str(folder / "data"),
            # Byte code cached as in an installed app (the warm-up run writes it), even
            # where PYTHONDONTWRITEBYTECODE is set; kept out of the checkout.
            "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for (name, (project, txt)), target in zip(
            make_projects(folder).items(), (TARGET_SAMPLE, TARGET_LARGE), strict=True
        ):
            bare = [sys.executable, "-c", BARE, str(txt)]
            app = [sys.executable, "-m", "annotator", str(project), "--annotator", "bench"]
            first_paint(app, env)  # warm the file cache and the byte code once
            first_paint(bare, env)
            bare_times, app_times = [], []
            for _ in range(args.runs):  # in turn, so that a busy spell slows both alike
                bare_times.append(first_paint(bare, env))
                app_times.append(first_paint(app, env))
            ratio = median(app_times) / median(bare_times)
            best = min(app_times) / min(bare_times)
            cpu = median(CPU[tuple(app)][1:]) / median(CPU[tuple(bare)][1:])
            ok &= ratio <= target
            rows.append(
                [
                    name,
                    f"{median(bare_times) * 1000:.0f} ms",
                    f"{median(app_times) * 1000:.0f} ms",
                    f"{ratio:.2f}x",
                    f"{best:.2f}x",
                    f"{cpu:.2f}x",
                    f"<= {target}x",
                    verdict(ratio <= target),
                ]
            )
    table(
        f"Start to first paint, whole processes, median of {args.runs}",
        rows,
        [
            "article",
            "bare QPlainTextEdit",
            "annotator",
            "ratio",
            "fastest/fastest",
            "CPU time ratio",
            "target",
            "",
        ],
    )
    figures = ", ".join(f"{row[0]} {row[3]}" for row in rows)
    print(f"\nRESULT: start-up {figures}: " + ("all targets PASS" if ok else "MISS (see above)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
