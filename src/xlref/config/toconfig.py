"""Domain -> native config (xl or xm), what `virsh domxml-to-native xen-xl|xen-xm` produces.

Deliberate differences from libvirt 11.3.0's writer: xl output uses `type = "hvm"` instead of the deprecated
`builder`; a vhd disk is written as format=vhd (libvirt writes "xvhd", which xl rejects); a shareable disk
becomes access=rw plus a warning (libvirt writes access=!, which xl rejects); xm output spells the emulator
`device_model` and tsc_mode as a number, as xm's create.py expects (libvirt writes the xl forms); negative
numbers in xl output are quoted, as xl's lexer has no signed numbers.
"""

from __future__ import annotations

from xlref.config.domain import Chr, Disk, Domain, Net
from xlref.config.model import Value
from xlref.config.render import FormatError
from xlref.config.toconfig_xl import channel, xl_disk, xl_extras

BOOT_LETTER = {"fd": "a", "cdrom": "d", "network": "n", "hd": "c"}
def _div_up(kib: int) -> int:
    return -(-kib // 1024)


def from_domain(dom: Domain, fmt: str) -> tuple[list[tuple[str, Value]], list[str]]:
    """(entries in output order, warnings about facts that could not be carried)."""
    out: list[tuple[str, Value]] = []
    warn = list(dom.dropped)

    def put(key: str, value: Value | None) -> None:
        if value is not None:
            out.append((key, value))

    put("name", dom.name)
    put("uuid", dom.uuid)
    put("maxmem", _div_up(dom.memory_kib))
    put("memory", _div_up(dom.current_kib))
    if dom.vcpus < dom.vcpus_max:
        put("maxvcpus", dom.vcpus_max)
    put("vcpus", dom.vcpus)
    if dom.vcpupin:
        pins = dict(dom.vcpupin)
        put("cpus", [pins.get(i, dom.cpuset or "all") for i in range(max(pins) + 1)])
    else:
        put("cpus", dom.cpuset)
    put("cpu_weight", dom.shares)
    if dom.hvm:
        for feat in ("pae", "acpi", "apic"):
            put(feat, 1 if dom.features.get(feat) == "on" else 0)
        if dom.features.get("hap") == "off":
            put("hap", 0)
        put("viridian", 1 if dom.features.get("viridian") == "on" else 0)
    elif dom.xen_e820_host:
        put("e820_host", 1)
    if dom.xen_passthrough and dom.xen_passthrough != "disabled":
        put("passthrough", dom.xen_passthrough)
    for name, attrs in dom.timers.items():
        if name == "tsc":
            tsc = {"native": "native", "paravirt": "native_paravirt",
                   "emulate": "always_emulate"}.get(attrs.get("mode", ""), "default")
            # xm's create.py reads tsc_mode as an integer (libvirt writes the name even for xen-xm)
            put("tsc_mode", tsc if fmt == "xl" else
                {"default": 0, "always_emulate": 1, "native": 2, "native_paravirt": 3}[tsc])
        elif name == "hpet" and dom.hvm:
            put("hpet", 0 if attrs.get("present") == "no" else 1)
        else:
            warn.append(f"timer {name} has no {fmt} equivalent; dropped")
    _clock(dom, put, warn)
    put("on_poweroff", dom.on_poweroff)
    put("on_reboot", dom.on_reboot)
    put("on_crash", dom.on_crash)
    put("device_model_override" if fmt == "xl" else "device_model", dom.emulator)
    _graphics(dom, put)
    if dom.nets:
        put("vif", [_vif(n, dom.hvm, "vif" if fmt == "xl" else "netfront") for n in dom.nets])
    pcis = [h for h in dom.hostdevs if h.type == "pci"]
    if pcis:
        put("pci", [f"{h.domain:04x}:{h.bus:02x}:{h.slot:02x}.{h.function:x}"
                    + ("" if h.permissive is None else f",permissive={int(h.permissive)}") for h in pcis])
    _chars(dom, put, fmt)
    if dom.sounds and dom.hvm:
        put("soundhw", ",".join(dom.sounds))
    if fmt == "xl":
        _xl_os(dom, put)
    else:
        _xm_os(dom, put)
    if fmt == "xl":
        xl_extras(dom, put)
    disks = [d for d in dom.disks if d.device != "floppy"]
    if len(disks) != len(dom.disks):
        warn.append("floppy disks are not written (neither libvirt nor xl carry them in disk=)")
    if disks:
        put("disk", [xl_disk(d, warn) if fmt == "xl" else _xm_disk(d, warn) for d in disks])
    usb_inputs = [kind for kind, bus in dom.inputs if bus == "usb" and kind in ("mouse", "tablet", "keyboard")]
    if dom.hvm and usb_inputs:
        put("usb", 1)
        usbdevice: Value = list[Value](usb_inputs) if fmt == "xl" else usb_inputs[0]
        put("usbdevice", usbdevice)
    if fmt == "xl":
        usbdevs = [h for h in dom.hostdevs if h.type == "usb"]
        if usbdevs:
            put("usbdev", [f"hostbus={h.usb_bus:x},hostaddr={h.usb_device:x}" for h in usbdevs])
        if dom.usb_controllers:
            put("usbctrl", [f"type=qusb,version={1 if m == 'qusb1' else 2}"
                            + ("" if p is None else f",ports={p:x}") for m, p in dom.usb_controllers])
        chans = [channel(c, warn) for c in dom.channels]
        if any(chans):
            put("channel", [c for c in chans if c])
        if dom.qemu_args:
            put("device_model_args", list(dom.qemu_args))
    elif dom.channels or dom.qemu_args or dom.usb_controllers or any(h.type == "usb" for h in dom.hostdevs):
        warn.append("channels, USB host devices, USB controllers and qemu arguments have no xm form; dropped")
    return out, warn


def _clock(dom: Domain, put: object, warn: list[str]) -> None:
    assert callable(put)
    if dom.hvm:
        if dom.clock_offset == "variable":
            local, adj = int(dom.clock_basis == "localtime"), dom.clock_adjustment or 0
        else:
            local, adj = int(dom.clock_offset == "localtime"), 0
        put("rtc_timeoffset", adj)
        put("localtime", local)
    else:
        if dom.clock_offset not in ("utc", "localtime"):
            warn.append(f"clock offset {dom.clock_offset!r} cannot be expressed for a PV guest; using utc")
        put("localtime", int(dom.clock_offset == "localtime"))


def _graphics(dom: Domain, put: object) -> None:
    assert callable(put)
    if len(dom.graphics) != 1 or dom.graphics[0].type == "spice":
        return
    g = dom.graphics[0]
    if dom.hvm:
        if g.type == "sdl":
            put("sdl", 1)
            put("vnc", 0)
            put("display", g.display)
            put("xauthority", g.xauthority)
        else:
            put("sdl", 0)
            put("vnc", 1)
            put("vncunused", int(g.autoport))
            if not g.autoport and g.port is not None:
                put("vncdisplay", g.port - 5900)
            put("vnclisten", g.listen)
            put("vncpasswd", g.passwd)
            put("keymap", g.keymap)
        return
    if g.type == "sdl":
        spec = "type=sdl" + (f",display={g.display}" if g.display else "") + \
            (f",xauthority={g.xauthority}" if g.xauthority else "")
    else:
        spec = f"type=vnc,vncunused={int(g.autoport)}"
        if not g.autoport and g.port is not None:
            spec += f",vncdisplay={g.port - 5900}"
        for key, val in (("vnclisten", g.listen), ("vncpasswd", g.passwd), ("keymap", g.keymap)):
            if val:
                spec += f",{key}={val}"
    put("vfb", [spec])


def _vif(net: Net, hvm: bool, typename: str) -> str:
    spec = f"mac={net.mac}" if net.mac else ""
    parts = [spec] if spec else []
    if net.type == "bridge":
        bridge = net.bridge or ""
        script = net.script
        if net.openvswitch:
            script = script or "vif-openvswitch"
            if net.vlan_tags:
                bridge += "".join(f":{t}" for t in net.vlan_tags) if net.vlan_trunk else f".{net.vlan_tags[0]}"
        parts.append(f"bridge={bridge}")
        if net.ips:
            parts.append("ip=" + " ".join(net.ips))
        parts.append(f"script={script or 'vif-bridge'}")
    else:
        if net.script:
            parts.append(f"script={net.script}")
        if net.ips:
            parts.append("ip=" + " ".join(net.ips))
    if net.model:
        parts.append(f"type={typename}" if hvm and net.model == "netfront" else f"model={net.model}")
    if net.ifname:
        parts.append(f"vifname={net.ifname}")
    if net.rate_kib:
        parts.append(f"rate={net.rate_kib}KB/s")
    return ",".join(parts)


def chr_spec(c: Chr) -> str:
    if c.type in ("null", "stdio", "vc", "pty"):
        return c.type
    if c.type in ("file", "pipe"):
        return f"{c.type}:{c.path or ''}"
    if c.type == "dev":
        return c.path or ""
    if c.type == "tcp":
        return f"{'telnet' if c.telnet else 'tcp'}:{c.host or ''}:{c.service or ''}" + \
            (",server,nowait" if c.listen else "")
    if c.type == "udp":
        return f"udp:{c.host or ''}:{c.service or ''}@{c.bind_host or ''}:{c.bind_service or ''}"
    if c.type == "unix":
        return f"unix:{c.path or ''}" + (",server,nowait" if c.listen else "")
    raise FormatError(f"character device type {c.type!r} has no Xen config form")


def _chars(dom: Domain, put: object, fmt: str) -> None:
    assert callable(put)
    if not dom.hvm:
        return
    put("parallel", chr_spec(dom.parallels[0]) if dom.parallels else "none")
    if not dom.serials:
        put("serial", "none")
    elif len(dom.serials) == 1 and dom.serials[0].port == 0:
        put("serial", chr_spec(dom.serials[0]))
    else:
        if fmt == "xm":
            raise FormatError("several serial ports cannot be written in xm format (xm takes one)")
        maxport = max(s.port for s in dom.serials)
        by_port = {s.port: s for s in dom.serials}
        put("serial", [chr_spec(by_port[p]) if p in by_port else "none" for p in range(maxport + 1)])


def _xm_os(dom: Domain, put: object) -> None:
    assert callable(put)
    if dom.hvm:
        put("builder", "hvm")
        put("kernel", dom.loader)
        put("boot", "".join(BOOT_LETTER.get(b, "c") for b in dom.boot) or "c")
        return
    put("bootloader", dom.bootloader)
    put("bootargs", dom.bootloader_args)
    put("kernel", dom.kernel)
    put("ramdisk", dom.initrd)
    put("extra", dom.cmdline)


def _xl_os(dom: Domain, put: object) -> None:
    assert callable(put)
    if dom.hvm:
        put("type", "hvm")
        if dom.loader_pflash:
            put("bios", "ovmf")
            put("bios_path_override", dom.loader)
        put("acpi_firmware", dom.acpi_table)
        put("kernel", dom.kernel)
        put("ramdisk", dom.initrd)
        put("cmdline", dom.cmdline)
        put("boot", "".join(BOOT_LETTER.get(b, "c") for b in dom.boot) or "c")
        if dom.cpu_mode == "host-passthrough":
            off = any(p in ("disable", "forbid") and n in ("vmx", "svm") for p, n in dom.cpu_features)
            put("nestedhvm", 0 if off else 1)
        return
    if dom.os_type == "xenpvh":
        put("type", "pvh")
    put("bootloader", dom.bootloader)
    put("bootargs", dom.bootloader_args)
    put("kernel", dom.kernel)
    put("ramdisk", dom.initrd)
    put("cmdline", dom.cmdline)


def _xm_disk(d: Disk, warn: list[str]) -> str:
    spec = ""
    if d.source:
        if d.format and d.driver:
            spec += f"{d.driver}:"
            if d.driver in ("tap", "tap2"):
                spec += ("aio" if d.format == "raw" else d.format) + ":"
        elif not d.format:
            spec += "phy:" if d.type == "block" else "file:"
        spec += d.source
    spec += f",{d.target}" + (":cdrom" if d.device == "cdrom" else "")
    spec += ",r" if d.readonly else (",w!" if d.shareable else ",w")
    return spec
