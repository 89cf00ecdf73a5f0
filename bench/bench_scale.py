"""Scale of `xlref lint` on one big script: time and peak memory must grow linearly with the file.

    python bench/bench_scale.py [--sizes 1,5,50] [--data PATH]

For each size (MB) a script is generated (one `XM=/usr/sbin/xm` header, then functions with loops, case
blocks, pipelines and heredocs; ~5 % of the lines call xm, as in bench_lint), and each measurement runs in
its own child process so that its peak RSS is its own:
- parse: a bare tree-sitter parse (the baseline: nothing can be faster than parsing once);
- lint:  `xlref lint FILE` (tty report, default finding cap), bash -n included;
- fix:   `xlref lint --fix FILE` on a copy (lint, apply, re-lint, bash -n before and after, atomic write).
Also the two reports that were quadratic: the tty report of a 1 MB script with every finding shown, and one
100 KB string assignment repeating `xm list` (XL903).  Prints seconds (wall and CPU), MB/s, peak RSS, and
the ratios to parse and to the smallest size.  Targets: 50 MB linted in < 30 s, fixed in < 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_lint import _OTHER, _XM  # noqa: E402  (the same call and filler lines as the lint benchmark)

HEADER = b"#!/bin/bash\n# generated scale benchmark\nXM=/usr/sbin/xm\nLOG=/var/log/guests.log\n\n"


def script(mb: float, seed: int = 11) -> bytes:
    rnd = random.Random(seed)
    out = [HEADER]
    size = len(HEADER)
    fn = 0
    while size < mb * 1e6:
        lines = [f"do_{fn}() {{", "    for d in $(cat /etc/guests); do"]
        for _ in range(rnd.randint(5, 25)):
            lines.append("        " + rnd.choice(_XM if rnd.random() < 0.05 else _OTHER))
        lines += ["    done", "}", f"case \"$1\" in op{fn}) do_{fn} ;; *) cat <<EOF\nusage: $0 op{fn}\nEOF\n;; esac",
                  ""]
        chunk = "\n".join(lines).encode()
        out.append(chunk)
        size += len(chunk)
        fn += 1
    return b"".join(out)


def child(mode: str, path: str) -> None:
    """One measurement in this process; prints a JSON line with wall/CPU seconds and peak RSS."""
    import io

    from xlref.lint.run import Options, run
    from xlref.lint.shell import parse

    data = Path(path).read_bytes()
    t0, c0 = time.perf_counter(), time.process_time()
    code = 0
    if mode == "parse":
        parse(data)
    elif mode in ("lint", "fix", "report"):
        limit = 0 if mode == "report" else 1000
        opts = Options(paths=[path], use_config=False, fix=mode == "fix", max_findings=limit)
        code = run(opts, stdout=io.BytesIO(), stderr=io.StringIO())
    elif mode == "xl903":
        from xlref.data.load import load_dataset
        from xlref.lint.engine import Linter

        code = len(Linter(load_dataset()).lint(path, data))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "cpu": cpu, "shell_cpu": kids.ru_utime + kids.ru_stime, "rss_mb": rss,
                      "code": code}))


def measure(mode: str, path: Path, data: Path | None) -> dict[str, float]:
    env = dict(os.environ)
    if data is not None:
        env["XLREF_DATA"] = str(data)
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], env=env, capture_output=True,
                         text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,5,50", help="script sizes in MB, comma-separated")
    ap.add_argument("--data", type=Path, default=None, help="dataset (default: the real one)")
    ap.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return 0
    sizes = [float(s) for s in args.sizes.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="xlref-scale-"))
    try:
        print(f"{'size':>8} {'mode':>6} {'wall s':>8} {'cpu s':>8} {'bash s':>7} {'MB/s':>7} {'RSS MB':>8} "
              f"{'x parse':>8} {'s/MB vs smallest':>17}")
        per_mb: dict[str, float] = {}
        for mb in sizes:
            src = tmp / f"s{mb:g}.sh"
            src.write_bytes(script(mb))
            real_mb = src.stat().st_size / 1e6
            base = measure("parse", src, args.data)
            for mode in ("parse", "lint", "fix"):
                target = src
                if mode == "fix":
                    target = tmp / f"fix{mb:g}.sh"
                    shutil.copyfile(src, target)
                r = base if mode == "parse" else measure(mode, target, args.data)
                rate = r["cpu"] / real_mb
                per_mb.setdefault(mode, rate)
                print(f"{real_mb:7.1f}M {mode:>6} {r['wall']:8.2f} {r['cpu']:8.2f} {r['shell_cpu']:7.2f} "
                      f"{real_mb / r['wall']:7.2f} {r['rss_mb']:8.0f} {r['cpu'] / base['cpu']:7.2f}x "
                      f"{rate / per_mb[mode]:16.2f}x")
        one = tmp / "report.sh"
        one.write_bytes(b"echo " + b"x" * 200 + b"\n" + b"xm pause web1\n" * 70_000)  # ~1 MB, 70k findings
        r = measure("report", one, args.data)
        print(f"tty report, {one.stat().st_size / 1e6:.1f} MB with every one of 70,000 findings shown: "
              f"{r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU (was 39 s for 1 MB)")
        big = tmp / "xl903.sh"
        big.write_bytes(b"LIST='" + b"xm list\n" * 12_800 + b"'\n$LIST\n")
        r = measure("xl903", big, args.data)
        print(f"100 KB string repeating `xm list`: {int(r['code'])} finding(s) in {r['cpu']:.2f} s CPU "
              "(was 12,800 in 47 s)")
    finally:
        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
