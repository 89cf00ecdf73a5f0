"""The long listings: xend's SXP (xm list -l, block-list -l, network-list -l, create -n) and xl's JSON
(xl list -l, 4.2+) or xl's own SXP (4.1).  The element names are those the output records list under `fields`;
the layout follows xend's PrettyPrint (a list of atoms on one line, nested lists indented by four spaces) and
libxl's JSON generator (yajl with a four-space indent; json-c with two spaces from 4.21)."""

from __future__ import annotations

import json
from typing import Any

from tests.sim.facts import state_flags, vdev_number
from tests.sim.host import Disk, Domain, Vif

Sxp = list[Any]


def pretty(node: Sxp, indent: int = 0) -> str:
    pad = " " * indent
    if all(not isinstance(x, list) for x in node):
        return pad + "(" + " ".join(_atom(x) for x in node) + ")"
    head = [x for x in node if not isinstance(x, list)]
    lines = [pad + "(" + " ".join(_atom(x) for x in head)]
    lines += [pretty(x, indent + 4) for x in node if isinstance(x, list)]
    return "\n".join(lines) + "\n" + pad + ")"


def _atom(x: Any) -> str:
    text = str(x)
    return "''" if text == "" else (f"'{text}'" if any(c in text for c in " ()'") else text)


def _vbd(d: Disk) -> Sxp:
    kind = "tap" if d.backend.startswith("tap") else "vbd"
    uname = f"{d.backend}:{d.target}"
    return [kind, ["uname", uname], ["dev", d.vdev + (":cdrom" if d.cdrom else ":disk")], ["mode", d.mode]]


def _vif(v: Vif) -> Sxp:
    out: Sxp = ["vif", ["bridge", v.bridge], ["mac", v.mac], ["script", "vif-bridge"]]
    if v.ip:
        out.append(["ip", v.ip])
    return out


def xm_domain(dom: Domain) -> str:
    node: Sxp = ["domain"]
    if dom.domid is not None:
        node.append(["domid", dom.domid])
    node += [["uuid", dom.uuid], ["vcpus", dom.vcpus], ["cpu_weight", dom.weight], ["cpu_cap", dom.cap],
             ["name", dom.name], ["on_poweroff", "destroy"], ["on_reboot", "restart"], ["on_crash", "restart"],
             ["maxmem", dom.maxmem], ["memory", dom.memory], ["online_vcpus", dom.vcpus],
             ["image", ["hvm" if dom.hvm else "linux", ["kernel", "/boot/vmlinuz-xen"]]],
             ["status", 2 if dom.active else 0], ["state", state_flags(dom) or "------"]]
    node += [["device", _vbd(d)] for d in dom.disks]
    node += [["device", _vif(v)] for v in dom.vifs]
    return pretty(node) + "\n"


def xm_config(values: dict[str, Any]) -> str:
    """create -n: the config as the SXP xend would receive (a few elements, enough to grep)."""
    node: Sxp = ["vm", ["name", values.get("name", "")], ["memory", values.get("memory", 128)],
                 ["vcpus", values.get("vcpus", 1)]]
    for spec in values.get("disk", []) if isinstance(values.get("disk"), list) else []:
        node.append(["device", ["vbd", ["uname", str(spec).split(",")[0]]]])
    return pretty(node) + "\n"


def xm_vbd(dom: Domain, d: Disk) -> str:
    return pretty([str(vdev_number(d.vdev)), [["backend-id", 0], ["virtual-device", vdev_number(d.vdev)],
                                               ["device-type", "cdrom" if d.cdrom else "disk"], ["state", 4],
                                               ["backend", f"/local/domain/0/backend/vbd/{dom.domid}"]]]) + "\n"


def xm_vif(dom: Domain, v: Vif) -> str:
    return pretty([str(v.devid), [["backend-id", 0], ["mac", v.mac], ["handle", v.devid], ["state", 4],
                                  ["backend", f"/local/domain/0/backend/vif/{dom.domid}/{v.devid}"]]]) + "\n"


def _xl_config(dom: Domain) -> dict[str, Any]:
    return {
        "c_info": {"type": "hvm" if dom.hvm else "pv", "name": dom.name, "uuid": dom.uuid},
        "b_info": {"max_vcpus": dom.max_vcpus, "max_memkb": dom.maxmem * 1024,
                   "target_memkb": dom.memory * 1024},
        "disks": [{"pdev_path": d.target, "vdev": d.vdev, "format": "raw",
                   "readwrite": 0 if d.mode == "r" else 1, "is_cdrom": int(d.cdrom)} for d in dom.disks],
        "nics": [{"devid": v.devid, "mac": v.mac, "bridge": v.bridge} for v in dom.vifs],
        "on_poweroff": "destroy", "on_reboot": "restart", "on_crash": "destroy",
    }


def xl_json(doms: list[Domain], release: str | None) -> str:
    items = [{"domid": d.domid, "config": _xl_config(d)} for d in doms]
    newer = release is None or tuple(int(p) for p in release.split(".")) >= (4, 21)
    return json.dumps(items, indent=2 if newer else 4) + "\n"


def xl_sxp(doms: list[Domain]) -> str:
    """Xen 4.1 xl list -l: xl's own SXP (printf_info_sexp), not xend's."""
    out = ""
    for d in doms:
        node: Sxp = ["domain", ["domid", d.domid], ["domain_create_info", ["name", d.name], ["uuid", d.uuid]],
                     ["domain_build_info", ["max_memkb", d.maxmem * 1024]]]
        node += [["device", ["tap", ["physpath", x.target], ["virtpath", x.vdev]]] for x in d.disks]
        node += [["device", ["vif", ["mac", v.mac], ["bridge", v.bridge]]] for v in d.vifs]
        out += pretty(node) + "\n"
    return out
