"""Benchmark `xlref config check` and `config convert` on configs with 1k, 10k and 20k disk lines.

    python bench/bench_config.py [--sizes 1000,10000,20000] [--repeat 3]

Each size is an xm-style config (a name, memory, and one `phy:` disk per line, which every step parses: the
checker with xl's disk grammar, the converters with xm's and libvirt's readings).  For each size the script
times, in this process and as the best of --repeat runs:

  baseline   reading the file with xlref's xl grammar alone (the least any step must do)
  check      `config check` end to end (read, check, tty report)
  xl         `config convert --to xl` end to end
  libvirt    `config convert --to libvirt` end to end

and prints the seconds, the growth against the smallest size (linear: 10x and 20x) and the ratio to the
baseline of the same size (flat when every step is linear too).
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from xlref.config.disklex import parse_disk  # noqa: E402
from xlref.config.options import ConvertOptions  # noqa: E402
from xlref.config.run import check, convert  # noqa: E402
from xlref.config.xlparse import parse_xl  # noqa: E402


def config(disks: int) -> bytes:
    lines = ['name = "bench"', "memory = 1024", "vcpus = 2", "disk = ["]
    lines += [f"    'phy:/dev/vg0/disk{i},xvd{chr(97 + i % 26)}{chr(97 + i // 26 % 26)},w'," for i in range(disks)]
    return ("\n".join(lines) + "\n]\n").encode()


def _quiet(fn: Callable[[io.StringIO, io.StringIO], int]) -> None:
    code = fn(io.StringIO(), io.StringIO())
    if code not in (0, 1):
        raise SystemExit(f"unexpected exit code {code}")


def _discard(_: object) -> None:
    return None


def steps(raw: bytes) -> dict[str, Callable[[], None]]:
    text = raw.decode()

    def conv(to: str) -> Callable[[], None]:
        opts = ConvertOptions(to=to, base_dir="/srv")
        return lambda: _quiet(lambda o, e: convert("-", to, opts=opts, stdin=io.BytesIO(raw), stdout=o, stderr=e))

    return {
        "baseline": lambda: _discard(parse_xl(text)),
        "check": lambda: _quiet(lambda o, e: check(["-"], stdin=io.BytesIO(raw), stdout=o, stderr=e,
                                                   exit_zero=True)),
        "xl": conv("xl"),
        "libvirt": conv("libvirt"),
    }


def best(fn: Callable[[], None], repeat: int) -> float:
    """Best of `repeat` runs, each from cold caches (the disk parser memoises specs) and without GC pauses."""
    times = []
    for _ in range(repeat):
        parse_disk.cache_clear()
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    steps(config(200))["check"]()  # warm imports and caches outside the timings
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        results[size] = {name: best(fn, args.repeat) for name, fn in steps(config(size)).items()}
    first = sizes[0]
    print(f"{'disk lines':>10} {'step':>9} {'seconds':>9} {'growth':>8} {'ideal':>6} {'/baseline':>10}")
    for size in sizes:
        base = results[size]["baseline"]
        for name, secs in results[size].items():
            growth = secs / results[first][name]
            print(f"{size:>10} {name:>9} {secs:>9.3f} {growth:>7.1f}x {size / first:>5.0f}x {secs / base:>9.1f}x")
    worst = max(results[sizes[-1]][n] / results[first][n] / (sizes[-1] / first) for n in results[first])
    print(f"worst growth against linear at {sizes[-1]} lines: {worst:.2f} (1.00 is linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
