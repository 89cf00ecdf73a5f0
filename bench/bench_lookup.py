"""Start-up cost of `xlref lookup xm migrate` against `python -c pass`, in the same venv.

Runs are interleaved (baseline, xlref, baseline, ...) so machine noise hits both alike; the figure is the
median of per-pair ratios.  Target: <= 3x.

    python bench/bench_lookup.py [--runs 40]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--query", nargs="+", default=["lookup", "xm", "migrate"])
    args = parser.parse_args(argv)
    xlref = str(Path(sys.executable).with_name("xlref"))
    baseline = [sys.executable, "-c", "pass"]
    target = [xlref, *args.query]
    _time(target)  # warm the compiled-dataset cache and the OS file cache
    base_t, tool_t = [], []
    for _ in range(args.runs):
        base_t.append(_time(baseline))
        tool_t.append(_time(target))
    ratios = [t / b for t, b in zip(tool_t, base_t, strict=True)]
    print(f"python -c pass     median {statistics.median(base_t) * 1000:7.1f} ms")
    print(f"xlref {' '.join(args.query):<12} median {statistics.median(tool_t) * 1000:7.1f} ms")
    print(f"median ratio       {statistics.median(ratios):7.2f}x  (target <= 3x, {args.runs} interleaved pairs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
