"""libvirt domain XML -> Domain.  Input is untrusted: no entities, no network, clear errors."""

from __future__ import annotations

from typing import Any

from lxml import etree

from xlref.config.domain import Chr, Disk, Domain, Graphics, Hostdev, Net, NumaCell

XEN_NS = "{http://libvirt.org/schemas/domain/xen/1.0}"
_UNITS = {"b": 1 / 1024, "bytes": 1 / 1024, "KB": 1000 / 1024, "k": 1, "KiB": 1, "MB": 1000**2 / 1024,
          "M": 1024, "MiB": 1024, "GB": 1000**3 / 1024, "G": 1024**2, "GiB": 1024**2, "TiB": 1024**3,
          "T": 1024**3}


class XmlError(ValueError):
    pass


def _kib(el: Any, what: str) -> int:
    try:
        value = int((el.text or "").strip())
    except ValueError as err:
        raise XmlError(f"<{what}> is not a number") from err
    unit = el.get("unit", "KiB")
    if unit not in _UNITS:
        raise XmlError(f"<{what}> has an unknown unit {unit!r}")
    return int(value * _UNITS[unit])


def _text(el: Any, path: str) -> str | None:
    found = el.find(path)
    return None if found is None else (found.text or "")


def parse_domain_xml(data: bytes | str) -> Domain:
    """Read libvirt domain XML; every problem with the input comes back as XmlError."""
    try:
        return _parse(data)
    except XmlError:
        raise
    except (ValueError, TypeError, AttributeError, KeyError) as err:
        raise XmlError(f"unexpected value in the domain XML: {err}") from err


def _parse(data: bytes | str) -> Domain:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as err:
        raise XmlError(f"not well-formed XML: {err}") from err
    if root.tag != "domain":
        raise XmlError(f"root element is <{root.tag}>, expected <domain>")
    if root.get("type") not in ("xen", None):
        raise XmlError(f"domain type {root.get('type')!r} is not xen: a Xen config cannot express it")
    dom = Domain(name=_text(root, "name"), uuid=_text(root, "uuid"))
    if not dom.name:
        raise XmlError("<name> is missing")
    mem = root.find("memory")
    if mem is None:
        mem = root.find("maximumMemory")
    if mem is None:
        raise XmlError("<memory> is missing")
    dom.memory_kib = _kib(mem, "memory")
    cur = root.find("currentMemory")
    dom.current_kib = _kib(cur, "currentMemory") if cur is not None else dom.memory_kib
    vcpu = root.find("vcpu")
    if vcpu is not None:
        try:
            dom.vcpus_max = int((vcpu.text or "1").strip())
            dom.vcpus = int(vcpu.get("current", dom.vcpus_max))
        except ValueError as err:
            raise XmlError("<vcpu> is not a number") from err
        dom.cpuset = vcpu.get("cpuset")
    shares = _text(root, "cputune/shares")
    dom.shares = int(shares) if shares else None
    dom.vcpupin = sorted((int(p.get("vcpu", "0")), p.get("cpuset", "")) for p in root.findall("cputune/vcpupin"))
    dom.bootloader = _text(root, "bootloader")
    dom.bootloader_args = _text(root, "bootloader_args")
    _os(root, dom)
    _features(root, dom)
    _clock(root, dom)
    for event in ("on_poweroff", "on_reboot", "on_crash"):
        value = _text(root, event)
        if value:
            setattr(dom, event, value)
    _cpu(root, dom)
    devices = root.find("devices")
    if devices is not None:
        _devices(devices, dom)
    dom.qemu_args = [a.get("value", "") for a in root.findall(f"{XEN_NS}commandline/{XEN_NS}arg")]
    return dom


def _os(root: Any, dom: Domain) -> None:
    os_el = root.find("os")
    if os_el is None:
        return
    typ = (_text(os_el, "type") or "linux").strip()
    dom.os_type = {"hvm": "hvm", "xenpvh": "xenpvh", "linux": "xen", "xen": "xen"}.get(typ, "")
    if not dom.os_type:
        raise XmlError(f"os type {typ!r} is not hvm, xen, linux or xenpvh")
    loader = os_el.find("loader")
    if loader is not None:
        dom.loader = (loader.text or "").strip() or None
        dom.loader_pflash = loader.get("type") == "pflash"
    dom.kernel, dom.initrd, dom.cmdline = _text(os_el, "kernel"), _text(os_el, "initrd"), _text(os_el, "cmdline")
    table = os_el.find("acpi/table")
    if table is not None:
        dom.acpi_table = table.text
    dom.boot = [b.get("dev", "hd") for b in os_el.findall("boot")]


def _features(root: Any, dom: Domain) -> None:
    feats = root.find("features")
    if feats is None:
        return
    for el in feats:
        if el.tag == "xen":
            for sub in el:
                if sub.tag == "e820_host" and sub.get("state", "on") == "on":
                    dom.xen_e820_host = True
                elif sub.tag == "passthrough":
                    if sub.get("state", "on") == "off":
                        dom.xen_passthrough = "disabled"
                    else:
                        dom.xen_passthrough = sub.get("mode") or "enabled"
        elif isinstance(el.tag, str):
            dom.features[el.tag] = el.get("state", "on")


def _clock(root: Any, dom: Domain) -> None:
    clock = root.find("clock")
    if clock is None:
        return
    dom.clock_offset = clock.get("offset", "utc")
    if dom.clock_offset == "variable":
        try:
            dom.clock_adjustment = int(clock.get("adjustment", "0"))
        except ValueError as err:
            raise XmlError("clock adjustment is not a number") from err
        dom.clock_basis = clock.get("basis", "utc")
    for timer in clock.findall("timer"):
        dom.timers[timer.get("name", "")] = {k: v for k, v in timer.attrib.items() if k != "name"}


def _cpu(root: Any, dom: Domain) -> None:
    cpu = root.find("cpu")
    if cpu is None:
        return
    dom.cpu_mode = cpu.get("mode", "")
    dom.cpu_features = [(f.get("policy", "require"), f.get("name", "")) for f in cpu.findall("feature")]
    for cell in cpu.findall("numa/cell"):
        unit = cell.get("unit", "KiB")
        memory = int(int(cell.get("memory", "0")) * _UNITS.get(unit, 1))
        dist = {int(s.get("id", "0")): int(s.get("value", "0")) for s in cell.findall("distances/sibling")}
        dom.numa.append(NumaCell(cpus=cell.get("cpus", ""), memory_kib=memory, distances=dist))


def _chr(el: Any) -> Chr:
    c = Chr(el.get("type", "pty"))
    sources = el.findall("source")
    for src in sources:
        mode = src.get("mode")
        if c.type == "udp" and mode == "bind":
            c.bind_host, c.bind_service = src.get("host"), src.get("service")
        elif c.type in ("tcp", "udp"):
            c.host, c.service = src.get("host"), src.get("service")
            c.listen = mode == "bind"
        else:
            c.path = src.get("path")
            c.listen = mode == "bind"
    proto = el.find("protocol")
    c.telnet = proto is not None and proto.get("type") == "telnet"
    target = el.find("target")
    if target is not None:
        c.port = int(target.get("port", "0") or 0)
        c.name = target.get("name")
        c.target_type = target.get("type")
    return c


def _devices(devices: Any, dom: Domain) -> None:
    dom.emulator = _text(devices, "emulator")
    for el in devices.findall("disk"):
        dom.disks.append(_disk(el))
    for el in devices.findall("controller"):
        if el.get("type") == "xenbus":
            if el.get("maxGrantFrames"):
                dom.max_grant_frames = int(el.get("maxGrantFrames"))
            if el.get("maxEventChannels"):
                dom.max_event_channels = int(el.get("maxEventChannels"))
        elif el.get("type") == "usb" and (el.get("model") or "").startswith("qusb"):
            dom.usb_controllers.append((el.get("model"), int(el.get("ports")) if el.get("ports") else None))
    for el in devices.findall("interface"):
        dom.nets.append(_net(el))
    dom.serials = [_chr(el) for el in devices.findall("serial")]
    dom.parallels = [_chr(el) for el in devices.findall("parallel")]
    dom.consoles = [_chr(el) for el in devices.findall("console")]
    dom.channels = [_chr(el) for el in devices.findall("channel")]
    dom.inputs = [(el.get("type", ""), "usb") for el in devices.findall("input") if el.get("bus") == "usb"]
    dom.sounds = [el.get("model", "") for el in devices.findall("sound")]
    for el in devices.findall("graphics"):
        dom.graphics.append(_graphics(el))
    for el in devices.findall("hostdev"):
        addr = el.find("source/address")
        if addr is None:
            continue
        if el.get("type") == "pci":
            wf = el.find("source").get("writeFiltering")
            dom.hostdevs.append(Hostdev("pci", domain=int(addr.get("domain", "0"), 0), bus=int(addr.get("bus"), 0),
                                        slot=int(addr.get("slot"), 0), function=int(addr.get("function"), 0),
                                        permissive=None if wf is None else wf == "no"))
        elif el.get("type") == "usb":
            dom.hostdevs.append(Hostdev("usb", usb_bus=int(addr.get("bus", "0"), 0),
                                        usb_device=int(addr.get("device", "0"), 0)))


def _disk(el: Any) -> Disk:
    disk = Disk(device=el.get("device", "disk"), type=el.get("type", "file"))
    drv = el.find("driver")
    if drv is not None:
        disk.driver, disk.format = drv.get("name"), drv.get("type")
    src = el.find("source")
    if src is not None:
        if disk.type == "network":
            disk.protocol, disk.source = src.get("protocol"), src.get("name")
            disk.hosts = [(h.get("name", ""), h.get("port")) for h in src.findall("host")]
        else:
            disk.source = src.get("dev") or src.get("file")
    tgt = el.find("target")
    if tgt is None:
        raise XmlError("a <disk> has no <target>")
    disk.target, disk.bus = tgt.get("dev", ""), tgt.get("bus", "xen")
    disk.readonly = el.find("readonly") is not None
    disk.shareable = el.find("shareable") is not None
    return disk


def _net(el: Any) -> Net:
    def attr(path: str, name: str) -> str | None:
        found = el.find(path)
        return None if found is None else found.get(name)

    net = Net(type=el.get("type", "bridge"), mac=attr("mac", "address"), bridge=attr("source", "bridge"),
              script=attr("script", "path"), model=attr("model", "type"), ifname=attr("target", "dev"))
    net.ips = [ip.get("address", "") + (f"/{ip.get('prefix')}" if ip.get("prefix") else "") for ip in el.findall("ip")]
    avg = attr("bandwidth/outbound", "average")
    net.rate_kib = int(avg) if avg else None
    net.vlan_tags = [int(t.get("id", "0")) for t in el.findall("vlan/tag")]
    net.vlan_trunk = attr("vlan", "trunk") == "yes"
    net.openvswitch = attr("virtualport", "type") == "openvswitch"
    return net


def _graphics(el: Any) -> Graphics:
    g = Graphics(el.get("type", "vnc"))
    g.autoport = el.get("autoport", "yes") == "yes"
    port = el.get("port")
    g.port = int(port) if port and port != "-1" else None
    tls = el.get("tlsPort")
    g.tls_port = int(tls) if tls else None
    listen = el.find("listen")
    g.listen = el.get("listen") or (listen.get("address") if listen is not None else None)
    g.passwd, g.keymap = el.get("passwd"), el.get("keymap")
    g.display, g.xauthority = el.get("display"), el.get("xauth")
    mouse, clip = el.find("mouse"), el.find("clipboard")
    g.mouse_mode = mouse.get("mode") if mouse is not None else None
    g.copypaste = (clip.get("copypaste") == "yes") if clip is not None else None
    return g
