"""The jail: every way a script reaches xm/xl/virsh lands on the fakes, and nothing leaves the jail."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.sim.runner import Scenario, Simulator, interpreter

REACH = """\
xm list >/dev/null
/usr/sbin/xm pause web1
XM=/usr/sbin/xm
$XM unpause web1
sudo -u root xm domid web1
sudo /usr/sbin/xl list web1 >/dev/null
ssh -q -o BatchMode=yes root@node2 xm info >/dev/null
ssh node2 "xm list | tail -1"
/usr/bin/virsh domid web1
/sbin/xl domid db1
command -v xm
"""


@pytest.mark.parametrize("shell", ["/bin/sh", "/bin/bash", "/usr/bin/dash"])
def test_every_path_reaches_the_fakes(sim: Simulator, shell: str) -> None:
    run = sim.run(f"#!{shell}\n{REACH}".encode(), "reach.sh")
    assert run.status == 0, run.stderr
    tools = [(o["tool"], o["op"], o["host"]) for o in run.ops if o["kind"] in ("action", "query")]
    assert tools == [("xm", "list", "localhost"), ("xm", "pause", "localhost"), ("xm", "unpause", "localhost"),
                     ("xm", "domid", "localhost"), ("xl", "list", "localhost"), ("xm", "info", "node2"),
                     ("xm", "list", "node2"), ("virsh", "domid", "localhost"), ("xl", "domid", "localhost")]
    assert run.stdout.decode().splitlines() == [
        "3", "Domain-0                                     0  2048     4     r-----     99.0", "3", "", "5",
        "/usr/sbin/xm"]


@pytest.mark.skipif(shutil.which("virsh") is None and not os.environ.get("CI"), reason="no real virsh here")
def test_the_real_virsh_is_not_reached(sim: Simulator) -> None:
    # The real client (libvirt-clients, installed by .ci/run) prints its version for `virsh --version`; the
    # fake knows no such command line and prints nothing.  The real one would also fail to connect.
    real = Path("/usr/bin/virsh")
    assert real.exists() and real.stat().st_size > 10_000  # an ELF binary, not our stub
    run = sim.run(b"#!/bin/sh\n/usr/bin/virsh --version; virsh list --name; readlink -f /usr/bin/virsh\n", "v.sh")
    assert run.stdout.decode().splitlines() == ["Domain-0", "web1", "db1", "test1", "",
                                                "/usr/libexec/xlref-sim/dispatch"]


def test_nothing_escapes(sim: Simulator, tmp_path: Path) -> None:
    marker = tmp_path / "outside"
    marker.write_text("keep", encoding="utf-8")
    script = f"""#!/bin/bash
rm -rf {tmp_path} /usr/bin/dash 2>/dev/null
echo changed > /etc/hostname
mkdir -p /srv/backup && echo x > /srv/backup/file
ls /dev | tr '\\n' ' '; echo
ip -o link 2>/dev/null | wc -l
ps -e -o pid= | wc -l
lvcreate -L 2G -n snap vg0 && reboot
""".encode()
    run = sim.run(script, "escape.sh")
    assert marker.read_text(encoding="utf-8") == "keep"  # the host's files are untouched
    assert Path("/usr/bin/dash").exists()
    assert "/etc/hostname" in run.files and "/srv/backup/file" in run.files  # ... but the writes are seen
    lines = run.stdout.decode().splitlines()
    assert set(lines[0].split()) <= {"null", "zero", "full", "random", "urandom", "tty", "fd", "stdin", "stdout",
                                     "stderr", "shm", "pts"}  # no disks
    assert int(lines[1]) <= 1  # only the loopback interface
    assert int(lines[2]) < 10  # our own processes only (a fresh pid namespace)
    assert [(o["op"], o["args"]) for o in run.ops if o["kind"] == "external"] == [
        ("lvcreate", ["-L", "2G", "-n", "snap", "vg0"]), ("reboot", [])]


def test_timeout_and_leftover_processes(sim: Simulator, tmp_path: Path) -> None:
    stuck = sim.run(b"#!/bin/sh\nwhile :; do :; done\n", "stuck.sh", Scenario(timeout=3))
    assert stuck.timed_out
    # A background child outlives the script but not the jail: the next run starts clean.
    bg = sim.run(b"#!/bin/sh\n( while :; do :; done ) &\necho started\n", "bg.sh", Scenario(timeout=10))
    assert bg.stdout == b"started\n" and not bg.timed_out


def test_fixed_clock_and_name(sim: Simulator) -> None:
    run = sim.run(b"#!/bin/sh\ndate +%F; date -u +%H:%M; hostname; sleep 30; echo done\n", "clock.sh",
                  Scenario(timeout=10))
    assert run.stdout == b"2023-11-14\n22:13\nxenhost\ndone\n"


def test_state_is_per_run(sim: Simulator) -> None:
    first = sim.run(b"#!/bin/sh\nxm destroy web1\n", "a.sh")
    second = sim.run(b"#!/bin/sh\nxm list web1 >/dev/null; echo $?\n", "b.sh")
    assert first.status == 0 and second.stdout == b"0\n"


def test_arguments_environment_and_files(sim: Simulator) -> None:
    scenario = Scenario(args=("web1",), env={"GUESTS": "db1"}, files={"/etc/site/guests": "test1\n"},
                        stdin=b"from stdin\n")
    run = sim.run(b"#!/bin/sh\necho \"$1 $GUESTS $(cat /etc/site/guests)\"; cat\n", "args.sh", scenario)
    assert run.stdout == b"web1 db1 test1\nfrom stdin\n"


@pytest.mark.parametrize(("script", "expected"), [
    (b"#!/bin/bash -e\nx\n", ["/bin/bash", "-e"]),
    (b"#!/usr/bin/env bash\r\n", ["/usr/bin/env", "bash"]),
    (b"#!/bin/sh\r\necho\r\n", ["/bin/sh"]),
    (b"echo no shebang\n", ["/bin/sh"]),
])
def test_interpreter(script: bytes, expected: list[str]) -> None:
    assert interpreter(script) == expected
