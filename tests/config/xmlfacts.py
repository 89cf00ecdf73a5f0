"""Extract the facts that matter from a libvirt domain XML, independently of xlref's own XML reader.

Addresses, auto-added controllers (ide), PS/2 and Xen inputs, video and memballoon are libvirt post-parse
defaults and are left out on purpose; everything the issue lists is compared.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

UNITS = {"KiB": 1, "k": 1, "KB": 1, "MiB": 1024, "M": 1024, "GiB": 1024 * 1024, "G": 1024 * 1024, "b": 0}


def _kib(el: Any) -> int | None:
    if el is None:
        return None
    unit = el.get("unit", "KiB")
    return int(el.text) * UNITS.get(unit, 1)


def _attrs(el: Any, *names: str) -> tuple[str | None, ...]:
    return tuple(el.get(n) for n in names)


def _text(root: Any, path: str) -> str | None:
    el = root.find(path)
    return None if el is None else (el.text or "")


def _chr(el: Any) -> tuple[Any, ...]:
    sources = sorted(tuple(sorted(s.attrib.items())) for s in el.findall("source"))
    proto = el.find("protocol")
    target = el.find("target")
    tgt = tuple(sorted(target.attrib.items())) if target is not None else ()
    return (el.tag, el.get("type"), tuple(sources), proto.get("type") if proto is not None else None, tgt)


def facts(xml: str | bytes) -> dict[str, Any]:
    data = xml.encode() if isinstance(xml, str) else xml
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    f: dict[str, Any] = {}
    f["name"] = _text(root, "name")
    f["uuid"] = _text(root, "uuid")
    f["memory"] = _kib(root.find("memory"))
    f["currentMemory"] = _kib(root.find("currentMemory"))
    vcpu = root.find("vcpu")
    f["vcpu"] = (vcpu.text, vcpu.get("current"), vcpu.get("cpuset")) if vcpu is not None else None
    os_el = root.find("os")
    if os_el is not None:
        typ = os_el.find("type")
        loader = os_el.find("loader")
        f["os"] = {
            "type": typ.text if typ is not None else None,
            "machine": typ.get("machine") if typ is not None else None,
            "loader": (loader.text, loader.get("type"), loader.get("readonly")) if loader is not None else None,
            "kernel": _text(os_el, "kernel"),
            "initrd": _text(os_el, "initrd"),
            "cmdline": _text(os_el, "cmdline"),
            "boot": [b.get("dev") for b in os_el.findall("boot")],
            "acpi": [(t.get("type"), t.text) for t in os_el.findall("acpi/table")],
        }
    f["bootloader"] = _text(root, "bootloader")
    f["bootloader_args"] = _text(root, "bootloader_args")
    feats = root.find("features")
    flist: list[tuple[Any, ...]] = []
    if feats is not None:
        for el in feats:
            if el.tag == "xen":
                flist.extend(("xen/" + sub.tag, sub.get("state"), sub.get("mode")) for sub in el)
            else:
                flist.append((el.tag, el.get("state", "on"), None))
    f["features"] = sorted(flist, key=str)
    clock = root.find("clock")
    if clock is not None:
        f["clock"] = _attrs(clock, "offset", "adjustment", "basis")
        f["timers"] = sorted(tuple(sorted(t.attrib.items())) for t in clock.findall("timer"))
    for event in ("on_poweroff", "on_reboot", "on_crash"):
        f[event] = _text(root, event)
    cpu = root.find("cpu")
    if cpu is not None:
        f["cpu"] = (cpu.get("mode"), sorted(_attrs(x, "policy", "name") for x in cpu.findall("feature")),
                    [(_attrs(c, "id", "cpus"), _kib(c.find(".") if False else None) or int(c.get("memory")),
                      sorted(_attrs(s, "id", "value") for s in c.findall("distances/sibling")))
                     for c in cpu.findall("numa/cell")])
    devs = root.find("devices")
    if devs is None:
        return f
    f["emulator"] = _text(devs, "emulator")
    disks = []
    for d in devs.findall("disk"):
        drv = d.find("driver")
        src = d.find("source")
        tgt = d.find("target")
        disks.append({
            "type": d.get("type"), "device": d.get("device"),
            "driver": _attrs(drv, "name", "type") if drv is not None else None,
            "source": tuple(sorted(src.attrib.items())) if src is not None else None,
            "hosts": [_attrs(h, "name", "port") for h in src.findall("host")] if src is not None else [],
            "target": _attrs(tgt, "dev", "bus") if tgt is not None else None,
            "readonly": d.find("readonly") is not None, "shareable": d.find("shareable") is not None,
        })
    f["disks"] = disks
    nets = []
    for n in devs.findall("interface"):
        def one(path: str, attr: str, n: Any = n) -> str | None:
            el = n.find(path)
            return None if el is None else el.get(attr)
        bw = n.find("bandwidth/outbound")
        nets.append({
            "type": n.get("type"), "mac": one("mac", "address"), "bridge": one("source", "bridge"),
            "script": one("script", "path"), "model": one("model", "type"), "ifname": one("target", "dev"),
            "ips": [_attrs(i, "address", "family") for i in n.findall("ip")],
            "rate": bw.get("average") if bw is not None else None,
            "vlan": ([t.get("id") for t in n.findall("vlan/tag")], one("vlan", "trunk")),
            "virtualport": one("virtualport", "type"),
        })
    f["interfaces"] = nets
    graphics = []
    for g in devs.findall("graphics"):
        mouse, clip = g.find("mouse"), g.find("clipboard")
        attrs = _attrs(g, "type", "port", "tlsPort", "autoport", "listen", "passwd", "keymap", "display", "xauth")
        graphics.append((*attrs, mouse.get("mode") if mouse is not None else None,
                         clip.get("copypaste") if clip is not None else None))
    f["graphics"] = graphics
    f["chars"] = [_chr(el) for el in devs if el.tag in ("serial", "parallel", "console", "channel")]
    f["usb_inputs"] = [_attrs(i, "type", "bus") for i in devs.findall("input") if i.get("bus") == "usb"]
    f["sounds"] = [s.get("model") for s in devs.findall("sound")]
    hostdevs = []
    for h in devs.findall("hostdev"):
        src = h.find("source")
        addr = src.find("address") if src is not None else None
        hostdevs.append((h.get("type"), h.get("managed"), src.get("writeFiltering") if src is not None else None,
                         tuple(sorted(addr.attrib.items())) if addr is not None else None))
    f["hostdevs"] = hostdevs
    f["controllers"] = sorted(tuple(sorted(c.attrib.items())) for c in devs.findall("controller")
                              if c.get("type") in ("usb", "xenbus"))
    ns = "{http://libvirt.org/schemas/domain/xen/1.0}"
    f["qemu_args"] = [a.get("value") for a in root.findall(f"{ns}commandline/{ns}arg")]
    return f


def diff(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    out = []
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key) != actual.get(key):
            out.append(f"{key}: expected {expected.get(key)!r}, got {actual.get(key)!r}")
    return out
