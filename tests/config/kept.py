"""What a converted guest kept, in a few comparable words per category (from the libvirt XML written)."""

from __future__ import annotations

from typing import Any

from tests.config.xmlfacts import facts


def _disk(d: dict[str, Any]) -> str:
    src = dict(d["source"] or ())
    where = src.get("dev") or src.get("file") or src.get("name") or ""
    if d["hosts"]:
        hosts = ",".join(f"{h}:{p}" for h, p in d["hosts"])
        where = f"{src.get('protocol')}://{hosts}" + (f"/{where}" if where else "")
    flags = ("cdrom " if d["device"] == "cdrom" else "") + ("ro " if d["readonly"] else "")
    return f"{d['target'][0]}={flags}{where}".rstrip()


def _boot(f: dict[str, Any]) -> str:
    os_ = f["os"]
    if os_["type"] == "hvm":
        loader = os_["loader"][0] if os_["loader"] else "-"
        kernel = f" kernel={os_['kernel']}" if os_["kernel"] else ""
        return f"hvm loader={loader}{kernel} boot={','.join(os_['boot'])}"
    kind = "pvh" if os_["type"] == "xenpvh" else "pv"
    if f["bootloader"]:
        args = f" {f['bootloader_args']}" if f["bootloader_args"] else ""
        return f"{kind} bootloader={f['bootloader']}{args}"
    parts = [f"kernel={os_['kernel']}"] + ([f"initrd={os_['initrd']}"] if os_["initrd"] else []) + (
        [f"cmdline={os_['cmdline']}"] if os_["cmdline"] else [])
    return f"{kind} " + " ".join(parts)


def _devices(f: dict[str, Any]) -> str:
    out = [g[0] for g in f["graphics"]]
    out += [c[0] for c in f["chars"] if c[0] in ("serial", "parallel")]
    out += [f"sound:{s}" for s in f["sounds"]] + [f"usb:{i[0]}" for i in f["usb_inputs"]]
    out += [f"pci:{dict(h[3])['bus']}:{dict(h[3])['slot']}.{dict(h[3])['function']}" for h in f["hostdevs"]
            if h[0] == "pci"]
    out += [f"timer:{dict(t)['name']}={dict(t).get('present')}" for t in f.get("timers", [])]
    if f["emulator"]:
        out.append(f"emulator={f['emulator']}")
    return " ".join(out)


def kept(xml: str) -> dict[str, Any]:
    f = facts(xml)
    vcpu, current, cpuset = f["vcpu"]
    pins = [f"{v}:{c}" for v, c in _pins(xml)]
    return {
        "memory": f"{f['memory'] // 1024}/{f['currentMemory'] // 1024} MiB",
        "vcpus": vcpu + (f" (current {current})" if current else ""),
        "pinning": " ".join(pins) or cpuset or "",
        "disks": [_disk(d) for d in f["disks"]],
        "vifs": [f"{n['mac'] or 'auto'}@{n['bridge'] or n['type']}" for n in f["interfaces"]],
        "boot": _boot(f),
        "devices": _devices(f),
        "lifecycle": f"{f['on_poweroff']}/{f['on_reboot']}/{f['on_crash']}",
    }


def _pins(xml: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'<vcpupin vcpu="(\d+)" cpuset="([^"]+)"', xml)
