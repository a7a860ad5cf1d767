"""Run every bench module (bench/bench_*.py, each with `run() -> list[Figure]`) and print a table."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import bench
from bench.common import Figure


def _row(fig: Figure) -> str:
    base = f"{fig.baseline:,.3f} {fig.unit} ({fig.baseline_name})" if fig.baseline is not None else "-"
    ratio = f"{fig.ratio:,.2f}x" if fig.ratio is not None else "-"
    return f"  {fig.name:<58} {fig.value:>12,.3f} {fig.unit:<6} | baseline {base:<40} | ratio {ratio} {fig.note}"


def main(argv: list[str]) -> int:
    wanted = set(argv)
    modules = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    failed = 0
    for name in modules:
        if wanted and name.removeprefix("bench_") not in wanted and name not in wanted:
            continue
        print(f"== {name.removeprefix('bench_')} ==", flush=True)
        start = time.perf_counter()
        try:
            figures = importlib.import_module(f"bench.{name}").run()
        except Exception as exc:  # a broken bench is reported, and the others still run
            failed += 1
            print(f"  FAILED: {type(exc).__name__}: {exc}", flush=True)
            continue
        for fig in figures:
            print(_row(fig), flush=True)
        print(f"  ({time.perf_counter() - start:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
