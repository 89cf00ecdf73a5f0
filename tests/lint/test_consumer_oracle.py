"""Oracle for the `ok` rows of test_consumers: print each tool's output from the dataset's format records
for a small simulated host, run the script's own readers (awk, grep, cut, ... in bash) on both, and require
the same result.  A row the linter calls safe must not give a different answer."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.lint.outkit import dataset
from tests.lint.test_consumers import ROWS
from xlref.data.outputs import Format, conversions, render, replacement_flags, select

STATES = {"r": ("r-----", "running"), "b": ("-b----", "idle"), "p": ("--p---", "paused")}
DOMAINS = [
    {"name": "Domain-0", "id": 0, "mem": 1024, "vcpus": 2, "state": "r", "time": 1234.5},
    {"name": "web01", "id": 3, "mem": 512, "vcpus": 1, "state": "b", "time": 55.2},
    {"name": "db02", "id": 7, "mem": 2048, "vcpus": 4, "state": "p", "time": 10.0},
]
HOST = {"host-memory-total": 16383, "host-memory-free": 9123, "xen-major": 4, "xen-minor": 4, "cpus": 8,
        "hostname": "xen1", "numa-nodes": 1, "cpu-mhz": 2400}
ENV = {"d": "web01", "mac": "00:16:3e:00:00:03", "id": "3"}


def _cell(col: dict[str, Any], dom: dict[str, Any], i: int) -> Any:
    meaning, value = col["meaning"], col["value"]
    by_meaning = {"domain-name": dom["name"], "domain-id": dom["id"], "memory-current": dom["mem"],
                  "vcpus-online": dom["vcpus"], "cpu-time": dom["time"], "sched-weight": 256, "sched-cap": 0,
                  "vcpu-number": i, "physical-cpu": i, "vcpu-time": 1.5, "uptime": " 1:02:03",
                  "vdev": 51712 + i, "backend-domid": 0, "xenbus-state": 4, "event-channel": 9 + i,
                  "ring-ref": 8, "backend-path": f"/local/domain/0/backend/vbd/{dom['id']}/{51712 + i}",
                  "mac": f"00:16:3e:00:00:0{dom['id']}", "vif-index": i, "ring-refs": (768, 769)}
    if value == "state-xend" or value == "state-xl":
        return STATES[dom["state"]][0]
    if value == "state-virsh":
        return STATES[dom["state"]][1]
    if value == "vcpu-state":
        return "-b-"
    if value.startswith("cpulist"):
        return "0-7"
    if meaning in by_meaning:
        return by_meaning[meaning]
    return 0 if value in ("int", "float1") else "x"


def _fill(piece: str, value: Any) -> Any:
    """A value for every conversion of a printf piece (`%04x:%02x:%02x.%x` takes four numbers)."""
    count = conversions(piece)
    if count <= 1:
        return value
    return tuple(value[i] if isinstance(value, tuple) and i < len(value) else 1 + i for i in range(count))


def _rows(fmt: Format, args: list[str]) -> list[dict[str, Any]]:
    doms = [d for d in DOMAINS if not args or d["name"] in args or str(d["id"]) in args]
    per_dom = 2 if fmt.command in ("vcpu-list", "block-list", "network-list", "domblklist", "vcpuinfo") else 1
    return [{c["name"]: _fill(c.get("cell", "%s"), _cell(c, dom, i)) for c in fmt.columns}
            for dom in doms for i in range(per_dom)]


def _text(fmt: Format, args: list[str]) -> str:
    if fmt.kind == "table":
        out = render(fmt, _rows(fmt, args))
    elif fmt.kind == "key_value":
        out = render(fmt, values={k["key"]: _fill(k.get("format", "%s"), HOST.get(k["meaning"], 1)) for k in fmt.keys})
    elif fmt.kind == "value":
        dom = next(d for d in DOMAINS if d["name"] in args or str(d["id"]) in args)
        meaning = fmt.record["value"]["meaning"]
        out = render(fmt, values={"value": dom["id"] if meaning == "domain-id" else dom["name"]})
    elif fmt.kind == "sxp":
        dom = next(d for d in DOMAINS if d["name"] in args)
        out = "(domain\n" + "".join(f"    ({k['key']} {dom['id'] if k['meaning'] == 'domain-id' else 'x'})\n"
                                      for k in fmt.keys if "." not in k["key"]) + ")\n"
    elif fmt.kind == "json":
        dom = next(d for d in DOMAINS if d["name"] in args)
        out = json.dumps([{"domid": dom["id"], "config": {"c_info": {"name": dom["name"]}}}], indent=4) + "\n"
    else:
        assert fmt.kind == "text" and fmt.record["value"]["meaning"] == "xen-console-ring", fmt.label
        out = "(XEN) Xen version 4.4.4\n(XEN) traps.c:2579:d3 Domain attempted WRMSR error\n"
    return out + fmt.trailer


def _pipeline_rows() -> list[tuple[str, str]]:
    out = []
    for src, xl, virsh in ROWS:
        head, sep, _ = src.partition(" | ")
        if not sep or not head.startswith("xm ") or "$(" in src or "ssh" in src or head.split()[1] == "log":
            continue
        sub = head.split()[1]
        rec = next(c for c in dataset()["commands"] if c["tool"] == "xm" and c["name"] == sub)
        out.extend((src, target) for target, o in (("xl", xl), ("virsh", virsh))
                   if o == "ok" and (rec.get("replacements", {}).get(target) or {}).get("command"))
    return out


@pytest.mark.parametrize(("src", "target"), _pipeline_rows(), ids=lambda v: str(v)[:50])
def test_safe_rows_read_the_same(src: str, target: str, tmp_path: Any) -> None:
    old, new = _run(src, target, tmp_path)
    assert old == new


def _run(src: str, target: str, tmp_path: Any) -> list[str]:
    data = dataset()
    head, _, readers = src.partition(" | ")
    words = head.split()[1:]
    sub, flags = words[0], [w for w in words[1:] if w.startswith("-")]
    args = [ENV.get(w.lstrip("$"), w) for w in words[1:] if not w.startswith("-")]
    rec = next(c for c in data["commands"] if c["tool"] == "xm" and c["name"] == sub)
    a = select(data["outputs"], "xm", sub, flags)
    b = select(data["outputs"], target, rec["replacements"][target]["command"], replacement_flags(rec, target, flags))
    assert a is not None and b is not None
    results = []
    for fmt in (a, b):
        path = tmp_path / f"{fmt.tool}.out"
        path.write_text(_text(fmt, args))
        run = subprocess.run(["bash", "-c", f"cat {path} | {readers}"], capture_output=True, text=True,
                             env={"PATH": "/usr/bin:/bin", **ENV}, timeout=30)
        results.append(run.stdout)
    return results


#: rows whose difference shows on any host (field moved, header lines, keys, documents), not only on some
BROKEN = [("xm list | awk 'NR>1 {print $1}'", "virsh"), ("xm list | grep -v Domain-0 | wc -l", "virsh"),
          ("xm list | awk '{print $3}'", "virsh"), ("xm info | grep memory", "xl"),
          ("xm network-list $d | awk 'NR>1 {print $9}'", "xl"), ("xm list -l $d | grep '(state'", "xl"),
          ("xm info | head -3", "xl"), ("xm block-list $d | awk 'NR>1{print $7}'", "virsh"),
          ("xm list | grep -c running", "virsh"), ("xm vcpu-list $d | awk '{print $7}'", "xl")]


@pytest.mark.parametrize(("src", "target"), BROKEN, ids=lambda v: str(v)[:50])
def test_rows_without_fix_really_break(src: str, target: str, tmp_path: Any) -> None:
    expected = next(r for r in ROWS if r[0] == src)[1 if target == "xl" else 2]
    assert expected == "differs"
    old, new = _run(src, target, tmp_path)
    assert old != new
