"""Run every bench module (bench/bench_*.py, each with `run() -> list[Figure]`) and print a table.

A section that cannot measure something on this machine says what it skipped and why (a figure marked
skipped, or the whole section raising `Skip`); the exit status is 0 then. It is 1 only when a
measurement raised an error (a section, or a figure marked FAILED).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import bench
from bench.common import Figure, Skip


def _row(fig: Figure) -> str:
    if fig.skipped or fig.failed:
        return f"  {fig.name:<58} {'-':>12} {'':<6} | {fig.note}"
    base = f"{fig.baseline:,.3f} {fig.unit} ({fig.baseline_name})" if fig.baseline is not None else "-"
    ratio = f"{fig.ratio:,.2f}x" if fig.ratio is not None else "-"
    return f"  {fig.name:<58} {fig.value:>12,.3f} {fig.unit:<6} | baseline {base:<40} | ratio {ratio} {fig.note}"


def main(argv: list[str]) -> int:
    wanted = set(argv)
    modules = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    failed, skipped, measured = [], [], 0
    for name in modules:
        if wanted and name.removeprefix("bench_") not in wanted and name not in wanted:
            continue
        section = name.removeprefix("bench_")
        print(f"== {section} ==", flush=True)
        start = time.perf_counter()
        try:
            figures = importlib.import_module(f"bench.{name}").run()
        except Skip as why:  # this machine cannot measure the section: said, not an error
            skipped.append(section)
            print(f"  SKIPPED: {why}", flush=True)
            continue
        except Exception as exc:  # a broken bench is reported, and the others still run
            failed.append(section)
            print(f"  FAILED: {type(exc).__name__}: {exc}", flush=True)
            continue
        for fig in figures:
            print(_row(fig), flush=True)
        measured += sum(1 for f in figures if not (f.skipped or f.failed))
        skipped += [f"{section}: {f.name}" for f in figures if f.skipped]
        failed += [f"{section}: {f.name}" for f in figures if f.failed]
        print(f"  ({time.perf_counter() - start:.1f} s)", flush=True)
    print(f"== {measured} figures measured, {len(skipped)} skipped (see why above), {len(failed)} failed ==")
    for what in failed:
        print(f"  FAILED: {what}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
