"""Native config (xm or xl) -> Domain, following libvirt's xen-xm / xen-xl readers, plus what xm/xend did (see
fromconfig_xm) so that the guest libvirt defines is the guest xm started.

Problems come back as ConversionError messages, never crashes; every key nobody read is listed in dom.dropped.
"""

from __future__ import annotations

import posixpath

from xlref.config.domain import Domain
from xlref.config.fromconfig_dev import devices
from xlref.config.fromconfig_xl import xl_extras
from xlref.config.fromconfig_xm import absolute_paths, xm_defaults, xm_emulator, xm_os
from xlref.config.model import Config, unresolved_in
from xlref.config.reader import ConversionError, Reader
from xlref.config.specs import SpecError
from xlref.config.xmsem import XM_MEMORY_DEFAULT, default_name, is_firmware_loader

LIFECYCLE = ("destroy", "restart", "preserve", "rename-restart", "coredump-destroy", "coredump-restart")
BOOT = {"a": "fd", "c": "hd", "d": "cdrom", "n": "network"}
XL_DEFAULT_LOADER = "/usr/lib/xen/boot/hvmloader"
XL_FIRMWARE_DIR = "/usr/lib/xen/boot"
#: libxl's default memory (libxl_create.c: max_memkb = 32 * 1024)
XL_MEMORY_DEFAULT = 32
RESTART = {"always": ("restart", "restart", "restart"), "never": ("destroy", "destroy", "destroy"),
           "onreboot": ("destroy", "restart", "destroy")}


def to_domain(cfg: Config, fmt: str, base_dir: str | None = None, keep_relative: bool = False) -> Domain:
    """fmt is "xm" or "xl": whose meaning to apply.  base_dir: where relative paths were opened (None: the
    config's own directory, or a refusal for stdin).  Bad values raise ConversionError."""
    r = Reader(cfg)
    try:
        dom = _to_domain(cfg, r, fmt)
        if not keep_relative:
            if base_dir is None and cfg.path not in ("", "-"):
                base_dir = posixpath.dirname(posixpath.abspath(cfg.path))
            absolute_paths(dom, base_dir, cfg.path)
        return dom
    except (ConversionError, SpecError) as err:
        raise ConversionError(_located(cfg, r, str(err))) from err
    except (ValueError, TypeError, KeyError, IndexError) as err:
        raise ConversionError(_located(cfg, r, f"unexpected value: {err}")) from err


def _located(cfg: Config, r: Reader, message: str) -> str:
    """The refusal with the file and the line of the key being read, unless it names them already."""
    if cfg.path in ("", "-") or message.startswith(cfg.path + ":"):
        return message
    return f"{r.where()}: {message}"


def _to_domain(cfg: Config, r: Reader, fmt: str) -> Domain:
    dom = Domain()
    dom.name = r.text("name")
    if not dom.name and fmt == "xm":
        dom.name = default_name(cfg.path)
        if dom.name:
            dom.dropped.append(f"name: not set; xm create named the guest after its file: {dom.name!r}")
    if not dom.name:
        raise ConversionError("the config has no name (xl refuses it: 'Domain name must be specified'); give --set "
                              "name=NAME (as `xm create FILE name=NAME` did), or --from xm if xm named the guest after "
                              "its file")
    dom.uuid = r.text("uuid")
    _type(r, dom, fmt)
    memory = r.number("memory", XM_MEMORY_DEFAULT if fmt == "xm" else XL_MEMORY_DEFAULT) or 0
    dom.current_kib = memory * 1024
    dom.memory_kib = (r.number("maxmem", memory) or 0) * 1024
    _lifecycle(r, dom, fmt)
    _vcpus(r, dom, fmt)
    _features(r, dom)
    _clock(r, dom)
    if fmt == "xm":
        xm_emulator(r, dom)
    else:
        dom.emulator = r.text("device_model_override")
    devices(r, dom, fmt)
    if fmt == "xm":
        xm_os(r, dom, _boot)
        xm_defaults(r, dom)
    else:
        _xl_os(r, dom)
        xl_extras(r, dom)
    dom.dropped += [_unused(key, r, fmt) for key in r.unused()]
    return dom


def _unused(key: str, r: Reader, fmt: str) -> str:
    """Why a key of the config is not in the XML."""
    from xlref.config.keytable import key_table

    if unresolved_in(r.values[key]) is not None:
        return f"{key}: its value needs running the file, and nothing in the XML depends on it"
    if not key_table().known(key):
        return f"{key}: neither xm nor xl knows this key (a helper variable or a typo); no setting to carry"
    return f"{key}: not carried into libvirt XML (libvirt's xen-{fmt} converter has no place for it)"


def _type(r: Reader, dom: Domain, fmt: str) -> None:
    vtype = r.text("type")
    if vtype is not None:
        if vtype not in ("pv", "pvh", "hvm"):
            raise ConversionError(f"type: {vtype!r} is not pv, pvh or hvm")
        dom.os_type = {"pv": "xen", "pvh": "xenpvh", "hvm": "hvm"}[vtype]
        return
    builder = r.text("builder", "linux") or "linux"
    # Xen 3.0's HVM builder was called vmx (RELEASE-3.0.0 tools/python/xen/xend/image.py VmxImageHandler)
    if builder == "hvm" or (fmt == "xm" and builder == "vmx"):
        dom.os_type = "hvm"


def _lifecycle(r: Reader, dom: Domain, fmt: str) -> None:
    # xm's old restart= policy supplies the defaults for on_* keys that are not set
    restart = RESTART.get(r.text("restart") or "") if fmt == "xm" else None
    for index, (event, default) in enumerate((("on_poweroff", "destroy"), ("on_reboot", "restart"),
                                              ("on_crash", "restart"))):
        if restart is not None:
            default = restart[index]
        action = r.text(event, default) or default
        if action not in LIFECYCLE:
            raise ConversionError(f"{event}: unknown action {action!r}")
        setattr(dom, event, action)


def _vcpus(r: Reader, dom: Domain, fmt: str) -> None:
    vcpus = r.number("vcpus", 1) or 1
    dom.vcpus = dom.vcpus_max = vcpus
    if r.raw("maxvcpus") is not None:
        dom.vcpus_max = r.number("maxvcpus", 0) or 0
    dom.shares = r.number("cpu_weight")
    cpus = r.lookup("cpus")
    cpu = r.number("cpu") if fmt == "xm" else None
    if cpu is not None:  # xm's deprecated cpu= was put in front of cpus (XendConfig._parse_sxp)
        cpus = f"{cpu},{cpus}" if isinstance(cpus, str) else str(cpu) if cpus is None else cpus
    if isinstance(cpus, str):
        dom.cpuset = cpus
    elif isinstance(cpus, list):
        items = [str(c) for c in cpus]
        if fmt == "xm" and len(items) != dom.vcpus_max:
            raise ConversionError(f"cpus: {len(items)} entries for {dom.vcpus_max} vcpus; xend refused that "
                                  "('vcpus and the item number of cpus are not same', XendConfig.py)")
        # "all" (or an empty item) leaves that vCPU unpinned
        dom.vcpupin = [(i, c) for i, c in enumerate(items[: dom.vcpus_max]) if c and c != "all"]


def _features(r: Reader, dom: Domain) -> None:
    tsc = r.lookup("tsc_mode")
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


def _cmdline(r: Reader) -> str | None:
    root, extra = r.text("root"), r.text("extra")
    if r.text("cmdline") is not None:
        return r.text("cmdline")
    if root and extra:
        return f"root={root} {extra}"
    if root:
        return f"root={root}"
    return extra


def _boot(r: Reader, dom: Domain) -> None:
    boot = r.text("boot", "c") or "c"
    dom.boot = [BOOT.get(ch, "hd") for ch in boot[:4]]


def _xl_os(r: Reader, dom: Domain) -> None:
    if dom.hvm:
        if r.text("bios") == "ovmf":
            dom.loader = r.text("bios_path_override") or XL_FIRMWARE_DIR + "/ovmf.bin"
            dom.loader_pflash = True
        else:
            dom.loader = XL_DEFAULT_LOADER
        dom.acpi_table = r.text("acpi_firmware")
        kernel = r.text("kernel")
        if kernel and is_firmware_loader(kernel):
            dom.dropped.append(f"kernel: {kernel!r} is xm's HVM firmware path; xl ignores it and loads its own")
            kernel = None
        dom.kernel, dom.initrd = kernel, r.text("ramdisk")
        dom.cmdline = _cmdline(r)
        _boot(r, dom)
        nested = r.flag("nestedhvm", -1)
        if nested != -1:
            dom.cpu_mode = "host-passthrough"
            if nested == 0:
                dom.cpu_features.append(("disable", "vmx"))
        return
    dom.bootloader, dom.bootloader_args = r.text("bootloader"), r.text("bootloader_args") or r.text("bootargs")
    dom.kernel, dom.initrd = r.text("kernel"), r.text("ramdisk")
    dom.cmdline = _cmdline(r)


__all__ = ["ConversionError", "to_domain"]
