"""xl-only parts of the native -> Domain reading (libvirt's xen-xl reader): vNUMA, cpuid, spice, USB, channels."""

from __future__ import annotations

from xlref.config.domain import Chr, Domain, Graphics, Hostdev, NumaCell
from xlref.config.reader import ConversionError, Reader
from xlref.config.specs import parse_keyvals

_CPUID_NAMES = {"cmpxchg16": "cx16", "cntxid": "cid", "dscpl": "ds_cpl", "pclmulqdq": "pclmuldq",
                "sse3": "pni", "htt": "ht", "psn": "pn", "clfsh": "clflush", "sysenter": "sep",
                "cmpxchg8": "cx8", "nodeid": "nodeid_msr", "altmovcr8": "cr8legacy", "lahfsahf": "lahf_lm",
                "cmplegacy": "cmp_legacy", "ffxsr": "fxsr_opt", "page1gb": "pdpe1gb", "ibrsb": "spec-ctrl"}
_CPUID_POLICY = {"1": "force", "0": "disable", "x": "optional", "k": "optional", "s": "optional"}


def xl_extras(r: Reader, dom: Domain) -> None:
    vnuma = r.raw("vnuma")
    if isinstance(vnuma, list):
        for node in vnuma:
            if not isinstance(node, list):
                continue
            kv = {str(item).split("=", 1)[0]: str(item).split("=", 1)[1] for item in node if "=" in str(item)}
            try:
                cell = NumaCell(cpus=kv["vcpus"], memory_kib=int(kv["size"]) * 1024, pnode=int(kv["pnode"]))
            except (KeyError, ValueError) as err:
                raise ConversionError("vnuma: every node needs pnode=, size= and vcpus=") from err
            if "vdistances" in kv:
                cell.distances = {i: int(d) for i, d in enumerate(kv["vdistances"].split(","))}
            dom.numa.append(cell)
        if dom.numa and dom.cpu_mode is None:
            dom.cpu_mode = ""
    dom.max_grant_frames = r.number("max_grant_frames")
    dom.max_event_channels = r.number("max_event_channels")
    cpuid = r.text("cpuid")
    if cpuid:
        pairs = cpuid.split(",")
        if pairs[0] != "host":
            raise ConversionError("cpuid: only the libxl string form starting with 'host' is understood")
        if dom.cpu_mode is None:
            dom.cpu_mode = "host-passthrough"
        for pair in pairs[1:]:
            name, sep, val = pair.partition("=")
            if not sep or val not in _CPUID_POLICY:
                raise ConversionError(f"cpuid: cannot read {pair!r}")
            dom.cpu_features.append((_CPUID_POLICY[val], _CPUID_NAMES.get(name, name)))
    if dom.hvm and r.flag("spice", 0):
        g = Graphics("spice", listen=r.text("spicehost"))
        g.tls_port = r.number("spicetls_port", 0) or None
        g.port = r.number("spiceport", 0) or None
        g.autoport = not g.port and not g.tls_port
        if not r.flag("spicedisable_ticketing", 0):
            g.passwd = r.text("spicepasswd")
            if g.passwd is None:
                raise ConversionError("spicepasswd is required unless spicedisable_ticketing = 1")
        g.mouse_mode = "client" if r.flag("spiceagent_mouse", 0) else "server"
        g.copypaste = bool(r.flag("spice_clipboard_sharing", 0))
        dom.graphics = [g]
    for spec in r.strlist("usbctrl"):
        kv = dict(parse_keyvals(spec))
        if not kv.get("type", "qusb").startswith("qusb"):
            continue
        version = int(kv.get("version", "2"), 16)
        ports = int(kv["ports"], 16) if "ports" in kv else None
        dom.usb_controllers.append(("qusb1" if version == 1 else "qusb2", ports))
    for spec in r.strlist("usbdev"):
        kv = dict(parse_keyvals(spec))
        dom.hostdevs.append(Hostdev("usb", usb_bus=int(kv.get("hostbus", "0"), 16),
                                    usb_device=int(kv.get("hostaddr", "0"), 16)))
    for spec in r.strlist("channel"):
        kv = dict(parse_keyvals(spec))
        conn = kv.get("connection", "")
        if conn.startswith("socket"):
            dom.channels.append(Chr("unix", path=kv.get("path"), listen=True, name=kv.get("name"),
                                    target_type="xen"))
        elif conn.startswith("pty"):
            dom.channels.append(Chr("pty", name=kv.get("name"), target_type="xen"))
        else:
            raise ConversionError(f"channel: connection {conn!r} is not pty or socket")
    dom.qemu_args = r.strlist("device_model_args")
