"""Domain -> libvirt domain XML (the element layout libvirt's Xen driver produces)."""

from __future__ import annotations

import ipaddress
import xml.etree.ElementTree as ET

from xlref.config.domain import Chr, Disk, Domain, Graphics, Net

XEN_NS = "http://libvirt.org/schemas/domain/xen/1.0"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str | None) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def to_xml(dom: Domain) -> str:
    ET.register_namespace("xen", XEN_NS)
    root = ET.Element("domain", {"type": "xen"})
    _sub(root, "name", dom.name)
    if dom.uuid:
        _sub(root, "uuid", dom.uuid)
    _sub(root, "memory", str(dom.memory_kib), unit="KiB")
    _sub(root, "currentMemory", str(dom.current_kib), unit="KiB")
    vcpu = _sub(root, "vcpu", str(dom.vcpus_max), placement="static", cpuset=dom.cpuset)
    if dom.vcpus != dom.vcpus_max:
        vcpu.set("current", str(dom.vcpus))
    if dom.shares is not None or dom.vcpupin:
        tune = _sub(root, "cputune")
        if dom.shares is not None:
            _sub(tune, "shares", str(dom.shares))
        for vcpu_id, cpuset in dom.vcpupin:
            _sub(tune, "vcpupin", vcpu=str(vcpu_id), cpuset=cpuset)
    if dom.bootloader:
        _sub(root, "bootloader", dom.bootloader)
    if dom.bootloader_args:
        _sub(root, "bootloader_args", dom.bootloader_args)
    _os(root, dom)
    _features(root, dom)
    _cpu(root, dom)
    clock = _sub(root, "clock", offset=dom.clock_offset)
    if dom.clock_offset == "variable":
        clock.set("adjustment", str(dom.clock_adjustment or 0))
        clock.set("basis", dom.clock_basis or "utc")
    else:
        clock.set("adjustment", "reset")
    for name, attrs in dom.timers.items():
        _sub(clock, "timer", name=name, **attrs)
    _sub(root, "on_poweroff", dom.on_poweroff)
    _sub(root, "on_reboot", dom.on_reboot)
    _sub(root, "on_crash", dom.on_crash)
    devices = _sub(root, "devices")
    if dom.emulator:
        _sub(devices, "emulator", dom.emulator)
    for disk in dom.disks:
        _disk(devices, disk)
    xenbus = _sub(devices, "controller", type="xenbus", index="0")
    if dom.max_grant_frames is not None:
        xenbus.set("maxGrantFrames", str(dom.max_grant_frames))
    if dom.max_event_channels is not None:
        xenbus.set("maxEventChannels", str(dom.max_event_channels))
    for index, (model, ports) in enumerate(dom.usb_controllers):
        _sub(devices, "controller", type="usb", index=str(index), model=model,
             ports=None if ports is None else str(ports))
    for net in dom.nets:
        _net(devices, net)
    for par in dom.parallels:
        _chr(devices, "parallel", par)
    for ser in dom.serials:
        _chr(devices, "serial", ser)
    if dom.serials and dom.hvm:
        console = _chr(devices, "console", dom.serials[0], target_type="serial")
        console.find("target").set("port", "0")  # type: ignore[union-attr]
    for con in dom.consoles:
        _chr(devices, "console", con, target_type=con.target_type)
    for chan in dom.channels:
        _chr(devices, "channel", chan, target_type="xen")
    for kind, bus in dom.inputs:
        _sub(devices, "input", type=kind, bus=bus)
    for g in dom.graphics:
        _graphics(devices, g)
    for model in dom.sounds:
        _sub(devices, "sound", model=model)
    for dev in dom.hostdevs:
        host = _sub(devices, "hostdev", mode="subsystem", type=dev.type, managed="no")
        src = _sub(host, "source")
        if dev.type == "pci":
            if dev.permissive is not None:
                src.set("writeFiltering", "no" if dev.permissive else "yes")
            _sub(src, "address", domain=f"0x{dev.domain:04x}", bus=f"0x{dev.bus:02x}",
                 slot=f"0x{dev.slot:02x}", function=f"0x{dev.function:x}")
        else:
            _sub(src, "address", bus=str(dev.usb_bus), device=str(dev.usb_device))
    _sub(devices, "memballoon", model="xen")
    if dom.qemu_args:
        cmd = ET.SubElement(root, f"{{{XEN_NS}}}commandline")
        for arg in dom.qemu_args:
            ET.SubElement(cmd, f"{{{XEN_NS}}}arg", {"value": arg})
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="unicode") + "\n"


def _os(root: ET.Element, dom: Domain) -> None:
    os_el = _sub(root, "os")
    machine = {"hvm": "xenfv", "xen": "xenpv", "xenpvh": "xenpvh"}[dom.os_type]
    _sub(os_el, "type", "linux" if dom.os_type == "xen" else dom.os_type, arch="x86_64", machine=machine)
    if dom.loader:
        if dom.loader_pflash:
            _sub(os_el, "loader", dom.loader, readonly="yes", type="pflash", format="raw")
        else:
            _sub(os_el, "loader", dom.loader, type="rom", format="raw")
    if dom.kernel:
        _sub(os_el, "kernel", dom.kernel)
    if dom.initrd:
        _sub(os_el, "initrd", dom.initrd)
    if dom.cmdline:
        _sub(os_el, "cmdline", dom.cmdline)
    if dom.acpi_table:
        acpi = _sub(os_el, "acpi")
        _sub(acpi, "table", dom.acpi_table, type="rawset")
    for dev in dom.boot:
        _sub(os_el, "boot", dev=dev)


def _features(root: ET.Element, dom: Domain) -> None:
    if not dom.features and not dom.xen_passthrough and not dom.xen_e820_host:
        return
    feats = _sub(root, "features")
    for name in ("acpi", "apic", "pae", "hap", "viridian"):
        state = dom.features.get(name)
        if state == "on":
            _sub(feats, name)
        elif state == "off":
            _sub(feats, name, state="off")
    if dom.xen_passthrough or dom.xen_e820_host:
        xen = _sub(feats, "xen")
        if dom.xen_e820_host:
            _sub(xen, "e820_host", state="on")
        if dom.xen_passthrough:
            mode = dom.xen_passthrough
            _sub(xen, "passthrough", state="off" if mode == "disabled" else "on",
                 mode=mode if mode in ("sync_pt", "share_pt") else None)


def _cpu(root: ET.Element, dom: Domain) -> None:
    if dom.cpu_mode is None:
        return
    cpu = _sub(root, "cpu", mode=dom.cpu_mode or None)
    for policy, name in dom.cpu_features:
        _sub(cpu, "feature", policy=policy, name=name)
    if dom.numa:
        numa = _sub(cpu, "numa")
        for index, cell in enumerate(dom.numa):
            c = _sub(numa, "cell", id=str(index), cpus=cell.cpus, memory=str(cell.memory_kib), unit="KiB")
            if cell.distances:
                dist = _sub(c, "distances")
                for sib, val in sorted(cell.distances.items()):
                    _sub(dist, "sibling", id=str(sib), value=str(val))


def _disk(devices: ET.Element, disk: Disk) -> None:
    el = _sub(devices, "disk", type=disk.type, device=disk.device)
    if disk.driver or disk.format:
        _sub(el, "driver", name=disk.driver, type=disk.format)
    if disk.type == "network":
        src = _sub(el, "source", protocol=disk.protocol, name=disk.source)
        for host, port in disk.hosts:
            _sub(src, "host", name=host, port=port)
    elif disk.source is not None:
        _sub(el, "source", **({"dev": disk.source} if disk.type == "block" else {"file": disk.source}))
    _sub(el, "target", dev=disk.target, bus=disk.bus)
    if disk.readonly:
        _sub(el, "readonly")
    if disk.shareable:
        _sub(el, "shareable")


def _net(devices: ET.Element, net: Net) -> None:
    el = _sub(devices, "interface", type=net.type)
    if net.mac:
        _sub(el, "mac", address=net.mac)
    if net.bridge:
        _sub(el, "source", bridge=net.bridge)
    if net.vlan_tags:
        vlan = _sub(el, "vlan", trunk="yes" if net.vlan_trunk else None)
        for tag in net.vlan_tags:
            _sub(vlan, "tag", id=str(tag))
    if net.openvswitch:
        _sub(el, "virtualport", type="openvswitch")
    for ip in net.ips:
        # xm and xl pass ip= to the vif script as it is; an ADDRESS/PREFIX (vif-route's route) is libvirt's
        # address plus prefix attributes: the address attribute takes no prefix (virsh define refuses it)
        address, _, prefix = ip.partition("/")
        family = "ipv6" if ipaddress.ip_address(address).version == 6 else "ipv4"
        _sub(el, "ip", address=address, family=family, prefix=prefix or None)
    if net.script:
        _sub(el, "script", path=net.script)
    if net.ifname:
        _sub(el, "target", dev=net.ifname)
    if net.model:
        _sub(el, "model", type=net.model)
    if net.rate_kib is not None:
        bw = _sub(el, "bandwidth")
        _sub(bw, "outbound", average=str(net.rate_kib))


def _chr(devices: ET.Element, tag: str, c: Chr, target_type: str | None = None) -> ET.Element:
    el = _sub(devices, tag, type=c.type)
    if c.type in ("file", "pipe", "dev"):
        _sub(el, "source", path=c.path)
    elif c.type == "tcp":
        _sub(el, "source", mode="bind" if c.listen else "connect", host=c.host, service=c.service)
        _sub(el, "protocol", type="telnet" if c.telnet else "raw")
    elif c.type == "udp":
        if c.bind_host or c.bind_service:
            _sub(el, "source", mode="bind", host=c.bind_host, service=c.bind_service)
        _sub(el, "source", mode="connect", host=c.host, service=c.service)
    elif c.type == "unix":
        _sub(el, "source", mode="bind" if c.listen else "connect", path=c.path)
    if tag == "channel":
        _sub(el, "target", type=target_type, name=c.name)
    else:
        _sub(el, "target", type=target_type, port=str(c.port))
    return el


def _graphics(devices: ET.Element, g: Graphics) -> None:
    el = _sub(devices, "graphics", type=g.type)
    if g.type in ("vnc", "spice"):
        if g.type == "vnc":
            el.set("port", str(g.port) if g.port is not None and not g.autoport else "-1")
        elif g.port is not None:
            el.set("port", str(g.port))
        if g.tls_port is not None:
            el.set("tlsPort", str(g.tls_port))
        el.set("autoport", "yes" if g.autoport else "no")
        if g.listen:
            el.set("listen", g.listen)
        if g.passwd is not None:
            el.set("passwd", g.passwd)
        if g.keymap:
            el.set("keymap", g.keymap)
        if g.listen:
            _sub(el, "listen", type="address", address=g.listen)
        if g.mouse_mode:
            _sub(el, "mouse", mode=g.mouse_mode)
        if g.copypaste is not None:
            _sub(el, "clipboard", copypaste="yes" if g.copypaste else "no")
    else:
        if g.display:
            el.set("display", g.display)
        if g.xauthority:
            el.set("xauth", g.xauthority)
