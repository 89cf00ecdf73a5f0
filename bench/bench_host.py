"""Benchmark `xlref host scan` on a generated host tree, against reading every file of the same tree.

    python bench/bench_host.py [--configs 1000] [--scripts 5000] [--scale 2] [--limit 30]

Builds a tree with CONFIGS domain configs (nine in ten under /etc/xen as xm/xl files, some needing Python; one in
ten as xend-managed SXP records) and SCRIPTS shell scripts spread over /etc/init.d, /usr/local, /opt and /root
(one in five calls xm), then times (a) a plain walk that reads every file and (b) the scan (domain checks and both
conversions, script linting judged by the shell, checklist).  Prints both, the ratio, the peak RSS, and the same
figures for a tree SCALE times larger to show the growth is linear (after a warm-up scan of a small tree).
Exits 1 when the scan of the base tree takes longer than LIMIT s.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from xlref.data.load import load_dataset  # noqa: E402
from xlref.host.scan import Options, scan  # noqa: E402

_XM_LINES = ['xm list', 'xm create -q /etc/xen/"$g".cfg', 'xm shutdown -w "$g"', 'xm mem-set "$g" 512',
             'xm migrate --live "$g" peer', 'n=$(xm list | wc -l)']
_OTHER = ['echo "checking $g"', 'sleep 1', 'logger -t guests "$g"', '[ -f "$f" ] && rm -f "$f"',
          'count=$((count + 1))', 'grep -q "^$g" /etc/guests || continue']


def _config(i: int, rnd: random.Random) -> str:
    name = f"guest{i:04d}"
    disk = f"phy:/dev/vg0/{name},xvda,w" if rnd.random() < 0.5 else f"file:/srv/xen/{name}.img,xvda,w"
    lines = [f"# guest {i}", f'name = "{name}"', f"memory = {rnd.choice([256, 512, 1024])}",
             f"vcpus = {rnd.randint(1, 4)}", 'bootloader = "pygrub"', f'disk = [ "{disk}" ]',
             f'vif = [ "mac=00:16:3e:00:{i // 256:02x}:{i % 256:02x},bridge=xenbr0" ]']
    if rnd.random() < 0.2:
        lines[2] = "memory = 256 * 2"  # a computed value: xm-only Python
    if rnd.random() < 0.05:
        lines.append("import os")
    return "\n".join(lines) + "\n"


def _sxp(i: int) -> str:
    return (f"(domain (name managed{i:04d}) (uuid 4f2a3b1c-0d9e-4c55-9a7e-{i:012d}) (memory 256) (vcpus 1)\n"
            f"  (image (linux (kernel /boot/vmlinuz-xen) (root '/dev/xvda1 ro')))\n"
            f"  (device (vbd (uname phy:/dev/vg0/managed{i:04d}) (dev xvda) (mode w))))\n")


def _script(i: int, rnd: random.Random) -> str:
    pool = _XM_LINES if rnd.random() < 0.2 else _OTHER
    body = [f"    {rnd.choice(pool if rnd.random() < 0.3 else _OTHER)}" for _ in range(rnd.randint(10, 40))]
    return "\n".join(["#!/bin/sh", f"# generated script {i}", "for g in $(cat /etc/guests); do", *body,
                      "done", ""])


def build(root: Path, configs: int, scripts: int, seed: int = 11) -> None:
    rnd = random.Random(seed)
    managed = configs // 10
    for i in range(configs - managed):
        p = root / "etc/xen" / f"guest{i:04d}.cfg"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(_config(i, rnd))
    for i in range(managed):
        p = root / "var/lib/xend/domains" / f"uuid-{i:04d}" / "config.sxp"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(_sxp(i))
    places = ["etc/init.d", "usr/local/bin", "usr/local/sbin", "opt/tools/bin", "root/bin"]
    for i in range(scripts):
        p = root / places[i % len(places)] / f"d{i // 500}" / f"job{i:05d}.sh"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(_script(i, rnd))


def read_all(root: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(root):
        for name in files:
            total += len(Path(dirpath, name).read_bytes())
    return total


def measure(configs: int, scripts: int) -> tuple[float, float, int, int]:
    data = load_dataset()
    with tempfile.TemporaryDirectory(prefix="xlref-bench-host-") as tmp:
        root = Path(tmp)
        build(root, configs, scripts)
        t0 = time.perf_counter()
        read_all(root)
        t1 = time.perf_counter()
        report = scan(Options(str(root)), data)
        t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(report.domains), report.scripts_seen


def warm_up() -> None:
    """Scan a small tree first: imports, the lint engine's index and the judging shells are paid once, outside the
    timings (else the first tree carries them and the growth figure means nothing)."""
    measure(20, 100)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--configs", type=int, default=1000)
    ap.add_argument("--scripts", type=int, default=5000)
    ap.add_argument("--scale", type=int, default=2)
    ap.add_argument("--limit", type=float, default=30.0)
    args = ap.parse_args()
    warm_up()
    base = None
    for factor in (1, args.scale):
        read_s, scan_s, doms, linted = measure(args.configs * factor, args.scripts * factor)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{args.configs * factor} configs + {args.scripts * factor} scripts: read-all {read_s:.2f} s, "
              f"scan {scan_s:.2f} s ({doms} domains, {linted} scripts linted), ratio {scan_s / read_s:.1f}, "
              f"peak RSS {rss:.0f} MiB")
        if base is None:
            base = scan_s
        else:
            print(f"growth for {factor}x the files: {scan_s / base:.2f}x the time")
    assert base is not None
    return 0 if base <= args.limit else 1


if __name__ == "__main__":
    raise SystemExit(main())
