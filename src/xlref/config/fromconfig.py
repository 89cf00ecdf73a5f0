"""Native config (xm or xl) -> Domain, following what libvirt's xen-xm / xen-xl readers do.

Differences from libvirt, on purpose: xm's own `device_model` key is honoured (libvirt's xen-xm reader only
looks at `device_model_override`), and problems come back as ConversionError messages, never crashes.
"""

from __future__ import annotations

from xlref.config.diskspec import xl_disk_to_model, xm_disk_to_model
from xlref.config.domain import Chr, Domain, Graphics
from xlref.config.fromconfig_xl import xl_extras
from xlref.config.model import Config
from xlref.config.reader import ConversionError, Reader
from xlref.config.specs import SpecError, chr_to_model, parse_keyvals, pci_to_model, vif_to_model

LIFECYCLE = ("destroy", "restart", "preserve", "rename-restart", "coredump-destroy", "coredump-restart")
BOOT = {"a": "fd", "c": "hd", "d": "cdrom", "n": "network"}
XL_DEFAULT_LOADER = "/usr/lib/xen/boot/hvmloader"
XL_FIRMWARE_DIR = "/usr/lib/xen/boot"


def to_domain(cfg: Config, fmt: str) -> Domain:
    """fmt is "xm" or "xl": which of libvirt's two readers to imitate.  Bad values raise ConversionError."""
    try:
        return _to_domain(cfg, fmt)
    except ConversionError:
        raise
    except (ValueError, TypeError, KeyError, IndexError) as err:
        raise ConversionError(f"unexpected value: {err}") from err


def _to_domain(cfg: Config, fmt: str) -> Domain:
    r = Reader(cfg)
    dom = Domain()
    dom.name = r.text("name")
    if not dom.name:
        raise ConversionError("the config has no name")
    dom.uuid = r.text("uuid")
    vtype = r.text("type")
    if vtype is not None:
        if vtype not in ("pv", "pvh", "hvm"):
            raise ConversionError(f"type: {vtype!r} is not pv, pvh or hvm")
        dom.os_type = {"pv": "xen", "pvh": "xenpvh", "hvm": "hvm"}[vtype]
    elif r.text("builder", "linux") == "hvm":
        dom.os_type = "hvm"
    _memory(r, dom)
    # xm's old restart= policy supplies the defaults for on_* keys that are not set
    restart = {"always": ("restart", "restart", "restart"), "never": ("destroy", "destroy", "destroy"),
               "onreboot": ("destroy", "restart", "destroy")}.get(r.text("restart") or "") if fmt == "xm" else None
    for index, (event, default) in enumerate((("on_poweroff", "destroy"), ("on_reboot", "restart"),
                                              ("on_crash", "restart"))):
        if restart is not None:
            default = restart[index]
        action = r.text(event, default) or default
        if action not in LIFECYCLE:
            raise ConversionError(f"{event}: unknown action {action!r}")
        setattr(dom, event, action)
    vcpus = r.number("vcpus", 1) or 1
    dom.vcpus = dom.vcpus_max = vcpus
    if r.raw("maxvcpus") is not None:
        dom.vcpus_max = r.number("maxvcpus", 0) or 0
    dom.shares = r.number("cpu_weight")
    cpus = r.raw("cpus")
    if isinstance(cpus, str):
        dom.cpuset = cpus
    _features(r, dom)
    _clock(r, dom)
    dom.emulator = r.text("device_model_override") or (r.text("device_model") if fmt == "xm" else None)
    try:
        for spec in r.strlist("vif"):
            dom.nets.append(vif_to_model(spec, "vif" if fmt == "xl" else "netfront"))
        for spec in r.strlist("pci"):
            dom.hostdevs.append(pci_to_model(spec))
        if dom.hvm and r.text("soundhw"):
            sound = r.text("soundhw") or ""
            dom.sounds = ["sb16", "es1370"] if sound == "all" else sound.split(",")
        _graphics(r, dom)
        _chars(r, dom, fmt)
        if fmt == "xm":
            _xm_os(r, dom)
        else:
            _xl_os(r, dom)
        for spec in r.strlist("disk"):
            dom.disks.append(xm_disk_to_model(spec, dom.hvm) if fmt == "xm" else xl_disk_to_model(spec, dom.hvm))
        if dom.hvm:
            r.raw("usb")  # implied by usbdevice; libvirt keeps no separate flag
            devs = r.strlist("usbdevice") if fmt == "xl" else [r.text("usbdevice") or ""]
            for dev in devs:
                if dev in ("tablet", "mouse", "keyboard"):
                    dom.inputs.append((dev, "usb"))
        if fmt == "xl":
            xl_extras(r, dom)
    except SpecError as err:
        raise ConversionError(str(err)) from err
    dom.dropped = [f"{key}: not carried into libvirt XML (libvirt's xen-{fmt} converter has no place for it)"
                   for key in r.values if key not in r.values.used]
    return dom


def _memory(r: Reader, dom: Domain) -> None:
    memory = r.number("memory", 32 * 2) or 0
    maxmem = r.number("maxmem", memory) or 0
    dom.current_kib = memory * 1024
    dom.memory_kib = maxmem * 1024


def _features(r: Reader, dom: Domain) -> None:
    tsc = r.raw("tsc_mode")
    if tsc is not None:
        name = {0: "default", 1: "always_emulate", 2: "native", 3: "native_paravirt"}.get(tsc, str(tsc)) \
            if isinstance(tsc, int) else str(tsc)
        dom.timers["tsc"] = {"present": "yes", "mode": {"always_emulate": "emulate", "native": "native",
                                                         "native_paravirt": "paravirt"}.get(name, "auto")}
    passthrough = r.text("passthrough")
    if passthrough is not None:
        if passthrough not in ("disabled", "enabled", "sync_pt", "share_pt"):
            raise ConversionError(f"passthrough: unknown mode {passthrough!r}")
        dom.xen_passthrough = passthrough
    if dom.hvm:
        for feat in ("pae", "acpi", "apic"):
            if r.flag(feat, 1):
                dom.features[feat] = "on"
        if not r.flag("hap", 1):
            dom.features["hap"] = "off"
        if r.flag("viridian", 0):
            dom.features["viridian"] = "on"
        hpet = r.flag("hpet", -1)
        if hpet != -1:
            dom.timers["hpet"] = {"present": "yes" if hpet else "no"}
    elif r.flag("e820_host", 0):
        dom.xen_e820_host = True


def _clock(r: Reader, dom: Domain) -> None:
    local = r.flag("localtime", 0)
    if dom.hvm:
        dom.clock_offset = "variable"
        dom.clock_adjustment = r.number("rtc_timeoffset", 0) or 0
        dom.clock_basis = "localtime" if local else "utc"
    else:
        dom.clock_offset = "localtime" if local else "utc"


def _graphics(r: Reader, dom: Domain) -> None:
    if dom.hvm:
        if r.flag("vnc", 0):
            g = Graphics("vnc", autoport=bool(r.flag("vncunused", 1)), listen=r.text("vnclisten"),
                         passwd=r.text("vncpasswd"), keymap=r.text("keymap"))
            if not g.autoport:
                g.port = (r.number("vncdisplay", 0) or 0) + 5900
            dom.graphics.append(g)
        elif r.flag("sdl", 0):
            dom.graphics.append(Graphics("sdl", display=r.text("display"), xauthority=r.text("xauthority")))
        return
    vfbs = r.strlist("vfb")
    if not vfbs:
        return
    spec = vfbs[0]
    g = Graphics("sdl" if "type=sdl" in spec else "vnc", autoport=False)
    for key, val in parse_keyvals(spec):
        if g.type == "vnc":
            if key == "vncunused":
                g.autoport = val == "1"
            elif key == "vnclisten":
                g.listen = val
            elif key == "vncpasswd":
                g.passwd = val
            elif key == "keymap":
                g.keymap = val
            elif key == "vncdisplay":
                try:
                    g.port = int(val) + 5900
                except ValueError as err:
                    raise ConversionError(f"vfb: vncdisplay {val!r} is not a number") from err
        elif key == "display":
            g.display = val
        elif key == "xauthority":
            g.xauthority = val
    dom.graphics.append(g)


def _chars(r: Reader, dom: Domain, fmt: str) -> None:
    if not dom.hvm:
        dom.consoles.append(Chr("pty", target_type="xen"))
        return
    parallel = r.text("parallel")
    if parallel and parallel != "none":
        dom.parallels.append(chr_to_model(parallel))
    serial = r.raw("serial")
    if isinstance(serial, list):
        if fmt == "xm":
            raise ConversionError("serial: a list of serial ports is an xl feature, xm takes one string")
        for port, item in enumerate(serial):
            if str(item) == "none":
                continue
            chr_ = chr_to_model(str(item))
            chr_.port = port
            dom.serials.append(chr_)
    elif isinstance(serial, str) and serial != "none":
        dom.serials.append(chr_to_model(serial))


def _cmdline(r: Reader, honour_cmdline: bool) -> str | None:
    root, extra = r.text("root"), r.text("extra")
    if honour_cmdline and r.text("cmdline") is not None:
        return r.text("cmdline")
    if root and extra:
        return f"root={root} {extra}"
    if root:
        return f"root={root}"
    return extra


def _boot(r: Reader, dom: Domain) -> None:
    boot = r.text("boot", "c") or "c"
    dom.boot = [BOOT.get(ch, "hd") for ch in boot[:4]]


def _xm_os(r: Reader, dom: Domain) -> None:
    if dom.hvm:
        dom.loader = r.text("kernel")
        if dom.loader is None:
            raise ConversionError("HVM xm config without kernel (the hvmloader path)")
        _boot(r, dom)
        return
    dom.bootloader, dom.bootloader_args = r.text("bootloader"), r.text("bootargs")
    dom.kernel, dom.initrd = r.text("kernel"), r.text("ramdisk")
    dom.cmdline = _cmdline(r, honour_cmdline=False)


def _xl_os(r: Reader, dom: Domain) -> None:
    if dom.hvm:
        if r.text("bios") == "ovmf":
            dom.loader = r.text("bios_path_override") or XL_FIRMWARE_DIR + "/ovmf.bin"
            dom.loader_pflash = True
        else:
            dom.loader = XL_DEFAULT_LOADER
        dom.acpi_table = r.text("acpi_firmware")
        dom.kernel, dom.initrd = r.text("kernel"), r.text("ramdisk")
        dom.cmdline = _cmdline(r, honour_cmdline=True)
        _boot(r, dom)
        nested = r.flag("nestedhvm", -1)
        if nested != -1:
            dom.cpu_mode = "host-passthrough"
            if nested == 0:
                dom.cpu_features.append(("disable", "vmx"))
        return
    dom.bootloader, dom.bootloader_args = r.text("bootloader"), r.text("bootargs")
    dom.kernel, dom.initrd = r.text("kernel"), r.text("ramdisk")
    dom.cmdline = _cmdline(r, honour_cmdline=True)


__all__ = ["ConversionError", "to_domain"]
