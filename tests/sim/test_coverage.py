"""Every command a fake implements is called once, succeeds, and prints what its output record describes: a
table's header lines, key/value lines whose keys the record lists in its order, values in its printf format, a
message the record holds, or nothing for `none`/`interactive` records."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.sim import virsh, virsh_dev, xl, xl_dev, xm, xm_dev, xm_life
from tests.sim.conftest import Host
from xlref.data import outputs

XML = "<domain type='xen'><name>web9</name><memory>262144</memory><vcpu>1</vcpu></domain>"

#: (tool, argv) per implemented command; {tmp} is a scratch directory; each tool's calls run in this order on a
#: fresh host
CALLS: list[tuple[str, tuple[str, ...]]] = [
    ("xm", ("list",)), ("xm", ("info",)), ("xm", ("domid", "web1")), ("xm", ("domname", "3")),
    ("xm", ("domstate", "web1")), ("xm", ("uptime",)), ("xm", ("vcpu-list", "db1")), ("xm", ("dmesg",)),
    ("xm", ("log",)), ("xm", ("sched-credit",)), ("xm", ("block-list", "db1")), ("xm", ("network-list", "web1")),
    ("xm", ("block-attach", "web1", "phy:/dev/vg0/x", "xvdc", "w")), ("xm", ("block-detach", "web1", "xvdc")),
    ("xm", ("network-attach", "web1", "bridge=xenbr1")), ("xm", ("network-detach", "web1", "1")),
    ("xm", ("mem-set", "web1", "256")), ("xm", ("mem-max", "web1", "1024")), ("xm", ("vcpu-set", "db1", "1")),
    ("xm", ("vcpu-pin", "db1", "0", "0-1")), ("xm", ("pause", "web1")), ("xm", ("unpause", "web1")),
    ("xm", ("sysrq", "web1", "s")), ("xm", ("dump-core", "web1", "{tmp}/core")), ("xm", ("console", "web1")),
    ("xm", ("top",)), ("xm", ("vncviewer", "web1")), ("xm", ("rename", "test1", "test2")),
    ("xm", ("save", "test2", "{tmp}/t.save")), ("xm", ("restore", "{tmp}/t.save")),
    ("xm", ("create", "-q", "{tmp}/mail1.cfg")), ("xm", ("new", "{tmp}/new1.cfg")), ("xm", ("start", "new1")),
    ("xm", ("shutdown", "-w", "new1")), ("xm", ("delete", "new1")), ("xm", ("reboot", "web1")),
    ("xm", ("destroy", "mail1")), ("xm", ("migrate", "db1", "node2")),
    ("xl", ("list",)), ("xl", ("info",)), ("xl", ("domid", "web1")), ("xl", ("domname", "3")), ("xl", ("uptime",)),
    ("xl", ("vcpu-list", "web1")), ("xl", ("dmesg",)), ("xl", ("sched-credit", "-d", "web1")),
    ("xl", ("block-list", "web1")), ("xl", ("network-list", "web1")),
    ("xl", ("block-attach", "web1", "phy:/dev/vg0/x,xvdc,w")), ("xl", ("block-detach", "web1", "xvdc")),
    ("xl", ("network-attach", "web1", "bridge=xenbr1")), ("xl", ("network-detach", "web1", "1")),
    ("xl", ("mem-set", "web1", "256m")), ("xl", ("mem-max", "web1", "1g")), ("xl", ("vcpu-set", "web1", "1")),
    ("xl", ("vcpu-pin", "web1", "0", "all")), ("xl", ("pause", "web1")), ("xl", ("unpause", "web1")),
    ("xl", ("sysrq", "web1", "s")), ("xl", ("console", "web1")), ("xl", ("rename", "test1", "test3")),
    ("xl", ("save", "test3", "{tmp}/x.save")), ("xl", ("restore", "{tmp}/x.save")),
    ("xl", ("create", "{tmp}/mail1.cfg")), ("xl", ("shutdown", "-w", "-w", "mail1")), ("xl", ("reboot", "web1")),
    ("xl", ("destroy", "test3")), ("xl", ("migrate", "web1", "node2")),
    ("virsh", ("list",)), ("virsh", ("list", "--all", "--name")), ("virsh", ("dominfo", "web1")),
    ("virsh", ("domid", "web1")), ("virsh", ("domname", "3")), ("virsh", ("domuuid", "web1")),
    ("virsh", ("domstate", "web1")), ("virsh", ("nodeinfo",)), ("virsh", ("hostname",)),
    ("virsh", ("vcpuinfo", "web1")), ("virsh", ("vcpupin", "web1")), ("virsh", ("vcpupin", "web1", "0", "0")),
    ("virsh", ("schedinfo", "web1")), ("virsh", ("domblklist", "web1")), ("virsh", ("domiflist", "web1")),
    ("virsh", ("attach-disk", "web1", "/dev/vg0/y", "xvdd")), ("virsh", ("detach-disk", "web1", "xvdd")),
    ("virsh", ("attach-interface", "web1", "bridge", "xenbr1")),
    ("virsh", ("detach-interface", "web1", "bridge", "--mac", "00:16:3e:00:00:03")),
    ("virsh", ("setmem", "web1", "256M")), ("virsh", ("setmaxmem", "web1", "1G")), ("virsh", ("setvcpus", "web1", "1")),
    ("virsh", ("suspend", "web1")), ("virsh", ("resume", "web1")), ("virsh", ("console", "web1")),
    ("virsh", ("save", "web1", "{tmp}/v.save")), ("virsh", ("restore", "{tmp}/v.save")),
    ("virsh", ("define", "{tmp}/web9.xml")), ("virsh", ("start", "web9")), ("virsh", ("reboot", "web9")),
    ("virsh", ("shutdown", "web9")), ("virsh", ("destroy", "web1")), ("virsh", ("start", "web1")),
    ("virsh", ("managedsave", "web1")), ("virsh", ("create", "{tmp}/web9b.xml")), ("virsh", ("undefine", "web9")),
    ("virsh", ("migrate", "db1", "xen+ssh://node2/")),
]


def _implemented(*classes: type) -> set[str]:
    return {n[4:].replace("_", "-") for c in classes for n in vars(c) if n.startswith("cmd_")}


def test_every_implemented_command_is_called() -> None:
    called = {(t, a[0]) for t, a in CALLS}
    for tool, classes in (("xm", (xm.Xm, xm_life.XmLife, xm_dev.XmDevices)), ("xl", (xl.Xl, xl_dev.XlDevices)),
                          ("virsh", (virsh.Virsh, virsh_dev.VirshDevices))):
        assert _implemented(*classes) <= {c for t, c in called if t == tool}, tool


def _check(fmt: outputs.Format, text: str) -> None:
    lines = text.splitlines()
    if fmt.kind in ("none", "interactive"):
        assert text.strip() == "", (fmt.label, text)
    elif fmt.kind == "table" and fmt.record.get("layout") == "printf":
        head = fmt.header_lines()
        assert lines[:len(head)] == head or (fmt.record.get("header_only_with_rows") and not lines), fmt.label
    elif fmt.kind == "table":
        assert re.split(r"\s{2,}", lines[0].strip()) == [c["name"] for c in fmt.columns], fmt.label
        assert set(lines[1]) == {"-"}, fmt.label
    elif fmt.kind == "key_value":
        keys = [k["key"] for k in fmt.keys]
        seen = [next(k for k in sorted(keys, key=len, reverse=True) if line.startswith(k)) for line in lines if line]
        assert seen == sorted(seen, key=keys.index), fmt.label
    elif fmt.kind in ("value", "lines"):
        pattern = re.escape(fmt.record["value"]["format"]).replace("%s", ".*").replace("%u", r"\d+")
        pattern = pattern.replace("%d", r"\d+")
        assert all(re.fullmatch(pattern.rstrip("\\\n"), line) for line in lines if line), (fmt.label, lines)
    elif fmt.kind == "message":
        texts = [m["text"].strip().split("%")[0] for m in fmt.messages]
        assert all(any(line.strip().startswith(t) for t in texts) for line in lines if line.strip()), fmt.label


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    (tmp_path / "mail1.cfg").write_text("name = 'mail1'\nmemory = 256\n", encoding="utf-8")
    (tmp_path / "new1.cfg").write_text("name = 'new1'\nmemory = 128\n", encoding="utf-8")
    (tmp_path / "web9.xml").write_text(XML, encoding="utf-8")
    (tmp_path / "web9b.xml").write_text(XML.replace("web9", "web9b"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("tool", ["xm", "xl", "virsh"])
def test_each_command_prints_its_record(tool: str, host: Host, scratch: Path, data: Any) -> None:
    for _, argv in [c for c in CALLS if c[0] == tool]:
        args = tuple(a.replace("{tmp}", str(scratch)) for a in argv)
        res = host(tool, *args)
        assert res.status == 0, (tool, args, res.stderr)
        fmt = outputs.select(data["outputs"], tool, args[0] if tool != "virsh" or args[0] != "list" else "list",
                             [a for a in args[1:] if a.startswith("-")])
        assert fmt is not None, (tool, args)
        text = res.stdout
        if tool == "virsh":
            assert text.endswith("\n"), (args, text)  # vshCommandRun's blank line
            text = text[:-1]
        if args[0] == "vcpupin" and len(args) > 2:
            assert text == ""  # setting the affinity prints nothing; the record describes the query
            continue
        _check(fmt, text)
