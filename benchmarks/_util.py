"""Small helpers shared by the benchmark scripts (not a benchmark itself: run_all skips it)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

clock = time.perf_counter


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS  <-- target missed"


def table(title: str, rows: Sequence[Sequence[object]], header: Sequence[str]) -> None:
    """Print a plain-text table."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    line = "  ".join("-" * w for w in widths)
    print(line)
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print(line)
    print(line)


def timed(fn: Callable[[], object]) -> float:
    start = clock()
    fn()
    return clock() - start


def profile(fn: Callable[[], object], top: int = 15, sort: str = "cumulative") -> None:
    """Run `fn` under cProfile and print its top entries."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.strip_dirs().sort_stats(sort).print_stats(top)
