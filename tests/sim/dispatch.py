"""The one program behind every fake executable in the jail: it looks at the name it was called by.

xm, xl, virsh -> the fake tools; ssh and sudo -> client.py; anything else -> a stub that records its arguments as
an `external` operation and succeeds (lvcreate, rsync, mount, reboot, logger...).  In the jail this runs in
the server's forked children (server.py); tests call it in-process.

Environment: XLREF_SIM_DATA (the dataset extract), XLREF_SIM_STATE (hosts), XLREF_SIM_OPS (operation log),
XLREF_SIM_GAPS (data the printer missed), XLREF_SIM_HOST (default localhost), XLREF_SIM_XEN (xl's release).
"""

from __future__ import annotations

import fcntl
import os
import sys

from tests.sim import client, simdata
from tests.sim.host import DEFAULT_HOST, State
from tests.sim.ops import EXTERNAL, Recorder
from tests.sim.printer import Printer

_DATA: dict[str, dict[str, object]] = {}


def _data(path: str) -> dict[str, object]:
    if path not in _DATA:
        _DATA[path] = simdata.load(path)
    return _DATA[path]


def preload() -> None:
    """The server loads the dataset extract once; forked children inherit it."""
    path = os.environ.get("XLREF_SIM_DATA")
    if path:
        _data(path)


def run_tool(tool: str, argv: list[str]) -> int:
    env = os.environ
    data = _data(env["XLREF_SIM_DATA"])
    release = env.get("XLREF_SIM_XEN") or None
    state_path = env["XLREF_SIM_STATE"]
    with open(state_path + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = State(state_path, managed=env.get("XLREF_SIM_MANAGED", "1") != "0",
                      extra=env.get("XLREF_SIM_EXTRA", ""), lifetime=int(env.get("XLREF_SIM_LIFETIME") or 0))
        host_name = env.get("XLREF_SIM_HOST") or DEFAULT_HOST
        if tool == "virsh":
            argv, host_name, quiet = virsh_globals(argv, host_name)
        else:
            quiet = False
        host = state.host(host_name)
        host.tick()
        rec = Recorder(env.get("XLREF_SIM_OPS"), host.name, tool)
        outputs = data.get("outputs")
        out = Printer(tool, release if tool == "xl" else None, outputs if isinstance(outputs, dict) else None, quiet)
        fake = _fake(tool)(state, host, out, rec, data, release if tool == "xl" else None)
        code: int = fake.main(argv)
        state.save()
        rec.call(code & 0xFF, "".join(out.stdout), argv)
        rec.flush()
    out.flush(env.get("XLREF_SIM_GAPS"))
    return code


def _fake(tool: str) -> type:
    if tool == "xm":
        from tests.sim.xm import Xm

        return Xm
    if tool == "xl":
        from tests.sim.xl import Xl

        return Xl
    from tests.sim.virsh import Virsh

    return Virsh


def virsh_globals(argv: list[str], host: str) -> tuple[list[str], str, bool]:
    """virsh's own options before the command (-c URI, -q, -r, ...); the URI's host picks the simulated host."""
    quiet = False
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        word = argv[i]
        if word in ("-c", "--connect") and i + 1 < len(argv):
            host = uri_host(argv[i + 1], host)
            i += 1
        elif word.startswith("--connect="):
            host = uri_host(word.split("=", 1)[1], host)
        elif word in ("-q", "--quiet"):
            quiet = True
        elif word in ("-d", "--debug", "-l", "--log", "-e", "--escape", "-k", "-K") and i + 1 < len(argv):
            i += 1
        i += 1
    return argv[i:], host, quiet


def uri_host(uri: str, default: str) -> str:
    """xen+ssh://root@host/ -> host; xen:/// -> this host."""
    if "://" not in uri:
        return default
    rest = uri.split("://", 1)[1]
    hostpart = rest.split("/", 1)[0].rsplit("@", 1)[-1].split(":")[0]
    return hostpart or default


def stub(name: str, argv: list[str]) -> int:
    env = os.environ
    rec = Recorder(env.get("XLREF_SIM_OPS"), env.get("XLREF_SIM_HOST") or DEFAULT_HOST, name)
    rec.add(EXTERNAL, name, args=argv)
    rec.call(0, "", argv)
    with open(env["XLREF_SIM_STATE"] + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        rec.flush()
    return 0


def run(prog: str, argv: list[str]) -> int:
    if prog in ("xm", "xl", "virsh"):
        code = run_tool(prog, argv)
    elif prog == "ssh":
        code = client.ssh(argv, os.environ)
    elif prog == "sudo":
        code = client.sudo(argv)
    else:
        code = stub(prog, argv)
    sys.stdout.flush()
    return code & 0xFF


def main() -> None:
    sys.exit(run(os.path.basename(sys.argv[0]), sys.argv[1:]))
