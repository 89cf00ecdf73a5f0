"""Run a script, bytes unchanged, against the simulated host and collect what it did.

Each run gets a private mount, pid and network namespace (jail.sh): the real root overlaid by a tmpfs, with the
fakes at the paths scripts use (`xm`, `/usr/sbin/xm`, `$XM`, `sudo xm`, `ssh host xm ...` all reach them), the
stubs for commands with side effects, a fixed clock and host name, and a timeout.  Both bash and dash scripts
run through their own interpreter (from the shebang; /bin/sh without one).
"""

from __future__ import annotations

import compileall
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.sim import ops, simdata
from tests.sim.host import CONFIGS, HOST_FILES, NOW

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
#: commands replaced by a stub that records its arguments and succeeds
STUBS = ("lvcreate", "lvremove", "lvextend", "lvresize", "lvrename", "lvchange", "lvs", "vgs", "pvs", "vgchange",
    "vgscan", "lvscan", "kpartx", "losetup", "dmsetup", "mount", "umount", "rsync", "scp", "dd", "mkfs",
    "mkfs.ext2", "mkfs.ext3", "mkfs.ext4", "mkswap", "fsck", "e2fsck", "resize2fs", "tune2fs", "qemu-img",
    "xenstore-read", "xenstore-write", "xenstore-list", "xenstore-ls", "xenstore-rm", "xenstore-exists", "xentop",
    "xenstored", "xend", "xendomains", "brctl", "iptables", "ip6tables", "ebtables", "arping", "ifconfig", "ifup",
    "ifdown", "reboot", "halt", "poweroff", "shutdown", "init", "telinit", "service", "invoke-rc.d", "systemctl",
    "chkconfig", "update-rc.d", "insserv", "screen", "logger", "mail", "mailx", "sendmail", "wall", "vncviewer",
    "virt-install", "virt-viewer", "ping", "nc", "curl", "wget", "ntpdate", "hwclock", "pkill", "killall",
    "apt-get", "apt", "aptitude", "yum", "iscsiadm", "tap-ctl", "opcontrol", "opreport", "lvdisplay",
    "iptables-save", "ip6tables-save", "ebtables-save", "nbd-client", "rdiff-backup", "netstat")
FAKES = ("xm", "xl", "virsh", "ssh", "sudo")
STUB_DIRS = ("usr/sbin", "usr/bin", "usr/local/sbin")
FIXED_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root", "USER": "root", "LOGNAME": "root", "SHELL": "/bin/sh", "LANG": "C", "LC_ALL": "C",
    "TERM": "dumb", "TZ": "UTC",
}


@dataclass
class Scenario:
    """How a script is run: its arguments, environment, stdin and the files it expects on the host."""

    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # absolute path in the jail -> content
    programs: dict[str, str] = field(default_factory=dict)  # executables (site tools the script calls)
    stdin: bytes = b""
    xen: str | None = None  # xl's release (None: the newest)
    managed: bool = True  # the host has a stopped xend-managed domain (False: xm and xl see the same domains)
    guests: str = ""  # more running guests, "name:MiB,..." (scripts that look for their own names)
    lifetime: int = 0  # guests started by the script stop by themselves after this many tool calls
    driver: str = ""  # a script that sources the one under test ($SIM_LIB) and calls its functions
    timeout: float = 20.0


@dataclass
class Run:
    ops: list[dict[str, Any]]
    stdout: bytes
    stderr: bytes
    status: int
    files: dict[str, str]  # path -> sha256 of what the script left behind
    gaps: list[str]
    timed_out: bool = False

    def actions(self) -> list[dict[str, Any]]:
        """The operations that change a host, and the stubbed commands, without which tool asked."""
        return [{k: v for k, v in o.items() if k != "tool"} if o["kind"] == ops.ACTION else o
                for o in self.ops if o["kind"] in (ops.ACTION, ops.EXTERNAL)]


def interpreter(script: bytes) -> list[str]:
    """The shebang's interpreter and its one argument (CR stripped), or /bin/sh."""
    if script.startswith(b"#!"):
        line = script[2:].split(b"\n", 1)[0].decode("utf-8", "replace").strip().rstrip("\r").split()
        if line:
            if line[0].endswith("/env") and len(line) > 1:
                return ["/usr/bin/env", *line[1:2]]
            return line[:2]
    return ["/bin/sh"]


def _server_program(python: str) -> str:
    import xlref

    paths = [str(ROOT), str(Path(xlref.__file__).resolve().parents[1])]
    return (f"#!{python} -SEB\nimport sys\nsys.path[:0] = {paths!r}\n"
            "from tests.sim.server import serve\nserve()\n")


#: a stubbed command: record its name and arguments (ops.read parses the record) and succeed; a shell script,
#: so that scripts calling logger or lvs in a loop do not start Python each time
_STUB = ("#!/usr/libexec/xlref-sim/sh\nr=\"X${XLREF_SIM_HOST:+$XLREF_SIM_HOST@}${0##*/}\"\n"
         "for a do r=\"$r" + ops.US + "$a\"; done\n"
         "printf '%s" + ops.RS + "\\n' \"$r\" >>\"${XLREF_SIM_OPS:-/dev/null}\"\n")
#: mktemp with predictable names (tmp.sim0001, ...): random names would make two runs' files differ
_MKTEMP = r"""#!/bin/bash
dir=false; parent=${TMPDIR:-/tmp}; template=tmp.XXXXXXXXXX; dry=false; relative=false
while [ $# -gt 0 ]; do
    case $1 in
        -d|--directory) dir=true;; -u|--dry-run) dry=true;; -q|--quiet) ;;
        -p) parent=$2; relative=true; shift;; --tmpdir=*) parent=${1#*=}; relative=true;; --tmpdir) relative=true;;
        -t) relative=true;; -*) ;; *) template=$1;;
    esac
    shift
done
count=$(( $(cat /tmp/.xlref-sim-mktemp 2>/dev/null || echo 0) + 1 ))
echo $count >/tmp/.xlref-sim-mktemp
xs=${template##*[!X]}
name=${template%"$xs"}$(printf "sim%0$(( ${#xs} > 3 ? ${#xs} - 3 : 1 ))d" $count)
case $name in /*) ;; *) if $relative || [ "$template" = tmp.XXXXXXXXXX ]; then name=$parent/$name; fi;; esac
$dry || { if $dir; then mkdir -p "$name"; else : >"$name"; fi; }
echo "$name"
"""


class Simulator:
    """One per test session: the fake tools and the dataset extract are written once under `workdir`."""

    def __init__(self, workdir: Path, data: dict[str, Any]) -> None:
        self.workdir = workdir
        self.layer = workdir / "layer"
        self.data_path = workdir / "simdata.json"
        self._count = itertools.count(1)
        self.workers = max(2, min(4, os.cpu_count() or 2))
        self._cache: dict[tuple[str, str, str], Run] = {}
        self.runs = 0  # scripts actually run (the cache answers repeats)
        workdir.mkdir(parents=True, exist_ok=True)
        simdata.write(data, self.data_path)
        self._build_layer()
        # The fakes run with -B (they never write bytecode inside the jail): compile them once here.
        import xlref

        for where in (HERE, Path(xlref.__file__).resolve().parent / "data"):
            compileall.compile_dir(str(where), quiet=1)

    def _build_layer(self) -> None:
        if self.layer.exists():
            shutil.rmtree(self.layer)
        libexec = self.layer / "usr" / "libexec" / "xlref-sim"
        libexec.mkdir(parents=True)
        python = os.path.realpath(sys.executable)
        program = libexec / "dispatch"
        program.write_text(f"#!{python} -SEB\n" + (HERE / "client.py").read_text(encoding="utf-8"), encoding="utf-8")
        program.chmod(0o755)
        server = libexec / "server"
        server.write_text(_server_program(python), encoding="utf-8")
        server.chmod(0o755)
        shutil.copy2("/usr/bin/date", libexec / "date")
        shutil.copy2(os.path.realpath("/bin/sh"), libexec / "sh")  # the stubs' shell, out of a script's reach
        small = {
            "sleep": "#!/bin/sh\nexit 0\n",
            "mktemp": _MKTEMP,
            "hostname": "#!/bin/sh\necho xenhost\n",
            "date": "#!/bin/sh\nfor a; do case $a in -d*|--date*|-s*|--set*|-r*|--reference*|-f*|--file*)\n"
                    "exec /usr/libexec/xlref-sim/date \"$@\";; esac; done\n"
                    f"exec /usr/libexec/xlref-sim/date -d @{NOW} \"$@\"\n",
        }
        for sub in STUB_DIRS:
            d = self.layer / sub
            d.mkdir(parents=True)
            local = sub == "usr/local/sbin"  # only for stubs called by that path (ebtables-save)
            for name in FAKES if not local else ():
                (d / name).symlink_to("/usr/libexec/xlref-sim/dispatch")
            for name in STUBS:
                (d / name).symlink_to("/usr/libexec/xlref-sim/stub")
            for name, text in () if local else small.items():
                (d / name).write_text(text, encoding="utf-8")
                (d / name).chmod(0o755)
        initd = self.layer / "etc" / "init.d"
        initd.mkdir(parents=True)
        for name in ("xend", "xendomains", "xencommons", "libvirtd", "libvirt-guests"):
            (initd / name).symlink_to("/usr/libexec/xlref-sim/stub")
        stub = libexec / "stub"
        stub.write_text(_STUB, encoding="utf-8")
        stub.chmod(0o755)

    def run(self, script: bytes, name: str, scenario: Scenario | None = None) -> Run:
        """Run `script` (saved as /sim/NAME in the jail) on a fresh simulated host; runs are deterministic,
        so the same script, name and scenario give the cached result."""
        sc = scenario or Scenario()
        key = self._key(script, name, sc)
        if key not in self._cache:
            self._cache[key] = self._run(script, name, sc)
        return self._cache[key]

    @staticmethod
    def _key(script: bytes, name: str, sc: Scenario) -> tuple[str, str, str]:
        return (hashlib.sha256(script).hexdigest(), name, repr(sc))

    def prefetch(self, scripts: list[bytes], name: str, scenario: Scenario) -> None:
        """Run these versions of a script side by side (each run is mostly waiting on its jail)."""
        from concurrent.futures import ThreadPoolExecutor

        todo = {self._key(s, name, scenario): s for s in scripts}
        todo = {k: s for k, s in todo.items() if k not in self._cache}
        if len(todo) < 2:
            return
        with ThreadPoolExecutor(self.workers) as pool:
            for key, result in zip(todo, pool.map(lambda s: self._run(s, name, scenario), todo.values()),
                                   strict=True):
                self._cache[key] = result

    def _run(self, script: bytes, name: str, sc: Scenario) -> Run:
        self.runs += 1
        run = self.workdir / f"run{next(self._count)}"
        shutil.rmtree(run, ignore_errors=True)
        try:
            return self._run_in(run, script, name, sc)
        finally:
            shutil.rmtree(run, ignore_errors=True)

    def _run_in(self, run: Path, script: bytes, name: str, sc: Scenario) -> Run:
        io, files = run / "io", run / "files"
        io.mkdir(parents=True)
        (run / "t").mkdir()
        base = Path(name).name
        target = io / base
        target.write_bytes(script)
        target.chmod(0o755)
        for cfg, text in CONFIGS.items():
            _put(files, f"/etc/xen/{cfg}.cfg", text)
        for path, text in HOST_FILES.items():
            _put(files, path, text)
        for path, text in sc.files.items():
            _put(files, path, text)
        for path, text in sc.programs.items():
            _put(files, path, text).chmod(0o755)
            if Path(path).name in STUBS:  # a site-specific stand-in replaces the stub wherever it lies
                for sub in STUB_DIRS:
                    _put(files, f"/{sub}/{Path(path).name}", text).chmod(0o755)
        env = {**FIXED_ENV, **sc.env, "XLREF_SIM_DATA": str(self.data_path), "XLREF_SIM_STATE": "/sim/.state.json",
               "XLREF_SIM_OPS": "/sim/.ops.jsonl", "XLREF_SIM_GAPS": "/sim/.gaps"}
        if sc.xen:
            env["XLREF_SIM_XEN"] = sc.xen
        if not sc.managed:
            env["XLREF_SIM_MANAGED"] = "0"
        if sc.guests:
            env["XLREF_SIM_EXTRA"] = sc.guests
        if sc.lifetime:
            env["XLREF_SIM_LIFETIME"] = str(sc.lifetime)
        program = script
        if sc.driver:
            env["SIM_LIB"] = f"/sim/{base}"
            program = sc.driver.encode()
            (io / ".driver").write_bytes(program)
            base = ".driver"
        command = ["/usr/bin/env", "-i", *(f"{k}={v}" for k, v in env.items()),
                   *interpreter(program), f"/sim/{base}", *sc.args]
        jail_env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "SIM_RUN": str(run), "SIM_LAYER": str(self.layer),
                    "SIM_CWD": "/root", "SIM_DATA": str(self.data_path)}
        argv = ["unshare", "--mount", "--net", "--pid", "--fork", "--kill-child", "--propagation", "private",
                "/bin/sh", str(HERE / "jail.sh"), *command]
        timed_out = False
        try:
            proc = subprocess.run(argv, input=sc.stdin, capture_output=True, env=jail_env, timeout=sc.timeout,
                                  check=False)
            stdout, stderr, status = proc.stdout, proc.stderr, proc.returncode
        except subprocess.TimeoutExpired as exc:
            stdout, stderr, status, timed_out = exc.stdout or b"", exc.stderr or b"", -9, True
        if not (io / ".ready").exists():
            raise RuntimeError(f"the jail did not start: {stderr.decode(errors='replace')}")
        return Run(ops.read(str(io / ".ops.jsonl")), stdout, stderr, status, _files(io / ".files"),
                   _gaps(io / ".gaps"), timed_out)


def _put(root: Path, path: str, text: str) -> Path:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink():
        target.unlink()
    target.write_text(text, encoding="utf-8")
    return target


def _files(path: Path) -> dict[str, str]:
    out = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            digest, _, name = line.partition("  ")
            out[name.removeprefix(".")] = digest
    return out


def _gaps(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
