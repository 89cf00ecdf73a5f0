"""Benchmark `xlref lint` against a bare tree-sitter parse of the same files, in the same process.

    python bench/bench_lint.py [--lines 30000] [--repeat 5] [--data PATH]

Builds a corpus of ~N lines from tests/lint/fixtures plus generated scripts (init-style case blocks, loops,
pipelines, heredocs, functions; --density sets how many loop-body lines call xm), then times (a) parsing
every file with tree-sitter-bash and (b) linting every file with a Linter (parse included).  Prints both
and the ratio; target ratio <= 1.5.  (c) adds what `xlref lint` adds: bash -n judging each file with
findings (its CPU counted too); target <= 3x.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from xlref.data.load import load_path  # noqa: E402
from xlref.lint import judge  # noqa: E402
from xlref.lint.apply import lint_judged  # noqa: E402
from xlref.lint.engine import Linter, Settings  # noqa: E402
from xlref.lint.shell import parse  # noqa: E402
from xlref.lint.verdict import Judge  # noqa: E402

_XM = ["xm list", "xm list -l | grep state", "sudo xm shutdown -w \"$d\"", "xm create -q /etc/xen/$d.cfg",
       "xm mem-set \"$d\" 512", "xm pause \"$d\"", "$XM unpause \"$d\"", "xm migrate --live \"$d\" node2",
       "ssh node2 'xm list'", "timeout 30 xm destroy \"$d\""]
_OTHER = ["echo \"checking $d\"", "sleep 1", "logger -t guests \"$d ok\"", "[ -f \"$f\" ] && rm -f \"$f\"",
          "count=$((count + 1))", "mkdir -p /var/run/guests", "printf '%s\\n' \"$d\" >> \"$LOG\"",
          "grep -q \"^$d\\b\" /etc/guests || continue", "cfg=/etc/xen/$d.cfg", "test -n \"$d\" || exit 1",
          "awk '{print $1}' /proc/loadavg", "cat /etc/guests | while read -r a b; do echo \"$a\"; done"]


def generated(n_lines: int, density: float, seed: int = 7) -> list[bytes]:
    rnd = random.Random(seed)
    files = []
    total = 0
    i = 0
    while total < n_lines:
        out = ["#!/bin/sh", "# generated benchmark script", "XM=/usr/sbin/xm", "LOG=/var/log/guests.log", ""]
        for fn in range(rnd.randint(3, 8)):
            out.append(f"do_{fn}() {{")
            out.append("    for d in $(cat /etc/guests); do")
            for _ in range(rnd.randint(5, 25)):
                pool = _XM if rnd.random() < density else _OTHER
                out.append("        " + rnd.choice(pool))
            out.append("    done")
            out.append("}")
        out.append("case \"$1\" in")
        for fn in range(3):
            out.append(f"    op{fn}) do_{fn} ;;")
        out.append("    *) cat <<EOF\nusage: $0 op0|op1|op2 (xm list is not a call here)\nEOF\n    ;;")
        out.append("esac")
        text = "\n".join(out) + "\n"
        files.append(text.encode())
        total += text.count("\n")
        i += 1
    return files


def corpus(n_lines: int, density: float = 0.05) -> list[bytes]:
    fixtures = [p.read_bytes() for p in sorted((ROOT / "tests/lint/fixtures").rglob("*")) if p.is_file()]
    have = sum(f.count(b"\n") for f in fixtures)
    return fixtures + generated(max(0, n_lines - have), density)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the bash -n judges)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def best(fn: Callable[[], None], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = _cpu()  # CPU time: less disturbed by other processes than wall time
        fn()
        times.append(_cpu() - t0)
    return min(times), statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=30_000)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--data", type=Path, default=ROOT / "tests/lint/data.yaml")
    ap.add_argument("--target", default="xl")
    ap.add_argument("--density", type=float, default=0.05,
                    help="share of generated loop-body lines that call xm (real init scripts: ~0.03-0.08)")
    args = ap.parse_args()
    files = corpus(args.lines, args.density)
    lines = sum(f.count(b"\n") for f in files)
    linter = Linter(load_path(args.data, use_cache=False), Settings(target=args.target))

    def do_parse() -> None:
        for src in files:
            parse(src)

    n_findings = 0

    def do_lint() -> None:
        nonlocal n_findings
        n_findings = sum(len(linter.lint("bench.sh", src)) for src in files)

    judged_findings = 0

    def do_judged() -> None:  # what `xlref lint` does: the same, with bash -n judging every file it reports
        nonlocal judged_findings
        judge.clear_cache()  # each repeat pays for its shells
        judged_findings = sum(len(lint_judged(src, lambda b: linter.lint("bench.sh", b), Judge("bench.sh"))[0])
                              for src in files)

    do_parse()
    do_lint()  # warm up (parser, dataset index)
    # Interleave the two so that load from other processes hits both alike; keep the best and the median.
    p_times: list[float] = []
    l_times: list[float] = []
    for _ in range(args.repeat):
        p_times.append(best(do_parse, 1)[0])
        l_times.append(best(do_lint, 1)[0])
    j_min, j_med = best(do_judged, max(1, args.repeat // 3))
    p_min, p_med = min(p_times), statistics.median(p_times)
    l_min, l_med = min(l_times), statistics.median(l_times)
    print(f"files: {len(files)}  lines: {lines}  findings: {n_findings}  density: {args.density}")
    print(f"parse only : best {p_min * 1000:8.1f} ms  median {p_med * 1000:8.1f} ms  ({lines / p_min:,.0f} lines/s)")
    print(f"lint       : best {l_min * 1000:8.1f} ms  median {l_med * 1000:8.1f} ms  ({lines / l_min:,.0f} lines/s)")
    print(f"ratio lint/parse: {l_min / p_min:.2f}x (best)  {l_med / p_med:.2f}x (median)  target <= 1.5x")
    print(f"lint + bash -n judge: best {j_min * 1000:8.1f} ms  median {j_med * 1000:8.1f} ms  "
          f"ratio {j_min / p_min:.2f}x (best)  {j_med / p_med:.2f}x (median)  target <= 3x  "
          f"({judged_findings} findings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
