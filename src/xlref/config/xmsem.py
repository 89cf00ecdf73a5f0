"""What xm and xend did with a config that xl and libvirt do differently: the facts a conversion must apply.

Sources (RELEASE-4.4.4 unless said): tools/python/xen/xm/create.py (defaults, configure_image, preprocess_ip,
preprocess_nfs), tools/python/xen/xend/XendConfig.py (_platform_sanity_check, update_with_image_sxp),
tools/python/xen/util/auxbin.py (pathTo) with config/StdGNU.mk (the directories it searched); xl:
RELEASE-4.22.0 tools/xl/xl_parse.c (device_model, parse_cmdline) and tools/libs/light/libxl_create.c (defaults).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from xlref.config.model import Unresolved, Value

#: auxbin.pathTo searched BINDIR, SBINDIR, LIBEXEC, PRIVATE_BINDIR ($libdir/xen/bin), XENFIRMWAREDIR (StdGNU.mk)
XEND_SEARCH = ("/usr/bin", "/usr/sbin", "/usr/lib/xen/bin", "/usr/lib64/xen/bin", "/usr/lib/xen/boot")
#: where pathTo("hvmloader") found it: XENFIRMWAREDIR; also what libvirt's libxl driver names (LIBXL_FIRMWARE_DIR)
HVMLOADER = "/usr/lib/xen/boot/hvmloader"
#: xm create's default memory (gopts.var('memory', default=128)); libxl's default is 32 MiB (libxl_create.c)
XM_MEMORY_DEFAULT = 128
#: xend's HVM default hpet=0 (_platform_sanity_check); libxl's default is 1 (libxl_create.c)
XEND_HPET_DEFAULT = 0
KERNEL_ARG_KEYS = ("ip", "gateway", "netmask", "hostname", "interface", "dhcp", "nfs_server", "nfs_root")
_DM_SOURCE = ("xl ignores device_model (it warns and goes on, since Xen 4.2; RELEASE-4.22.0 tools/xl/xl_parse.c) "
              "and starts its own qemu-xen")


@dataclass
class DeviceModel:
    """What to do with xm's device_model."""

    kind: str  # traditional | stubdom | qemu-xen | unknown
    message: str
    xl: list[tuple[str, Value]] = field(default_factory=list)  # settings to write in xl.cfg instead
    suggest: list[tuple[str, Value]] = field(default_factory=list)  # settings that keep more, with a risk
    emulator: str | None = None  # libvirt <emulator>
    safe: bool = False


def _names(value: Value) -> list[str] | None:
    """Every path the value can be (choices of an if, or the known literal end of an expression)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Unresolved):
        if value.choices and all(isinstance(c, str) for c in value.choices):
            return [str(c) for c in value.choices]
        if value.suffix:
            return [value.suffix]
    return None


def _kind(path: str) -> str:
    base = posixpath.basename(path)
    if "stubdom-dm" in path:  # xl's own test is strstr(device_model, "stubdom-dm")
        return "stubdom"
    if base == "qemu-dm":
        return "traditional"
    if base.startswith("qemu-system-"):
        return "qemu-xen"
    return "unknown"


def device_model(value: Value, hvm: bool) -> DeviceModel:
    names = _names(value)
    # a literal is quoted; an expression (an unresolved value) is shown as written
    shown = repr(value) if isinstance(value, str) else str(getattr(value, "source", "?"))
    kinds = {_kind(n) for n in names} if names else {"unknown"}
    kind = kinds.pop() if len(kinds) == 1 else "unknown"
    if kind == "traditional":
        return DeviceModel(kind, f"device_model = {shown} is qemu-dm (qemu-xen-traditional), which xl "
                           "cannot run since Xen 4.21 (device_model_version accepts only qemu-xen). "
                           f"{_DM_SOURCE}: the guest gets qemu-xen's emulated hardware (a Windows guest may need "
                           "new drivers). Nothing to write; the line is dropped")
    if kind == "stubdom":
        if not hvm:
            return DeviceModel(kind, f"device_model = {shown}: a stub-domain device model on a PV guest; "
                               f"{_DM_SOURCE}; dropped")
        return DeviceModel(kind, f"device_model = {shown} ran qemu in a stub domain. {_DM_SOURCE} in dom0, "
                           "which runs the guest; to keep qemu out of dom0, set device_model_stubdomain_override = "
                           "1, which needs Xen's qemu-xen stub domain images installed (not written for you); "
                           "libvirt cannot start stub domains",
                           suggest=[("device_model_stubdomain_override", 1)])
    if kind == "qemu-xen" and names and posixpath.isabs(names[0]) and len(names) == 1:
        return DeviceModel(kind, f"device_model = {shown} is an upstream qemu-system binary: xl runs it only "
                           "as device_model_override with device_model_version = \"qemu-xen\"",
                           xl=[("device_model_override", names[0]), ("device_model_version", "qemu-xen")],
                           emulator=names[0])
    if kind == "qemu-xen":
        return DeviceModel(kind, f"device_model = {shown} has no directory: xend searched "
                           f"{', '.join(XEND_SEARCH)} for it; {_DM_SOURCE}. Write device_model_override with "
                           "the full path and device_model_version = \"qemu-xen\" if you need that binary")
    return DeviceModel(kind, f"device_model = {shown} is not a device model xlref can vouch for. {_DM_SOURCE}. "
                       "If it is an upstream qemu (qemu-xen), write device_model_override = its path and "
                       "device_model_version = \"qemu-xen\"; if it is qemu-dm, drop it")


#: the HVM firmware loaders xm configs name: hvmloader, and Xen 3.0's vmxloader (RELEASE-3.0.0
#: tools/firmware/vmxassist/vmxloader.c), which hvmloader replaced
FIRMWARE_LOADERS = ("hvmloader", "vmxloader")


def is_firmware_loader(kernel: str) -> bool:
    return posixpath.basename(kernel) in FIRMWARE_LOADERS


def hvm_loader(kernel: str | None) -> tuple[str, str | None]:
    """(the HVM firmware xend loaded, a note) for xm's HVM `kernel` (XendConfig._platform_sanity_check)."""
    if not kernel:
        return HVMLOADER, "no kernel: xend loaded pathTo('hvmloader') = " + HVMLOADER
    if kernel == "hvmloader":
        return HVMLOADER, "kernel = 'hvmloader' was found by xend in its firmware directory: " + HVMLOADER
    if posixpath.basename(kernel) == "vmxloader":
        return HVMLOADER, f"kernel = {kernel!r} is Xen 3.0's HVM loader, which hvmloader replaced: " + HVMLOADER
    if posixpath.basename(kernel) == "hvmloader" and kernel != HVMLOADER:
        return HVMLOADER, (f"kernel = {kernel!r} is the old host's hvmloader; xl and libvirt load the current "
                           f"one, {HVMLOADER}")
    return kernel, None


def xm_extra(values: dict[str, Value]) -> tuple[str | None, list[str]]:
    """xend's kernel arguments without root= (create.py preprocess_nfs/preprocess_ip, XendConfig
    update_with_image_sxp), and the keys they consumed.  ValueError when xm create refused them."""
    def get(key: str, default: str = "") -> str:
        val = values.get(key)
        return default if val is None or isinstance(val, Unresolved | list) else str(val)

    used = [k for k in KERNEL_ARG_KEYS if k in values]
    extra = get("extra")
    if not used:
        return (extra or None), used
    if values.get("nfs_root") is not None:
        if not get("nfs_server"):
            raise ValueError("nfs_root without nfs_server: xm create refused it ('Must set nfs root and nfs "
                             "server')")
        extra = f"nfsroot={get('nfs_server')}:{get('nfs_root')} {extra}"
    ip, dhcp = get("ip"), get("dhcp", "off")
    if (ip or dhcp != "off") and not re.search(r"ip=[^ ]+", extra):
        cmdline_ip = ":".join((ip, get("nfs_server") or "127.0.255.255", get("gateway"), get("netmask"),
                               get("hostname"), get("interface", "eth0"), dhcp))
        extra = f"ip={cmdline_ip.removeprefix('ip=')} {extra}"
    extra = extra.rstrip()
    return (extra or None), used


def root_passed(values: dict[str, Value], extra: str | None) -> bool:
    """xend added root= only when the arguments had no root= yet -- nfsroot= counts (re.search('root=', ...))."""
    root = values.get("root")
    return isinstance(root, str) and bool(root) and not re.search(r"root=", extra or "")


def xm_cmdline(values: dict[str, Value]) -> str | None:
    """The whole kernel command line xend gave a PV guest: root= first, then ip=, nfsroot=, extra."""
    extra, _ = xm_extra(values)
    root = values.get("root")
    if root_passed(values, extra) and isinstance(root, str):
        return f"root={root.removeprefix('root=')} {extra or ''}".rstrip()
    return extra


def is_hvm(values: Mapping[str, Value]) -> bool:
    """An HVM guest: xm's builder = 'hvm' (Xen 3.0 called it 'vmx') or xl's type = "hvm"."""
    return values.get("builder") in ("hvm", "vmx") or values.get("type") == "hvm"


def default_name(path: str) -> str | None:
    """xm create named a guest without `name` after its config file (create.py parseCommandLine)."""
    if path in ("", "-"):
        return None
    return posixpath.basename(path.replace("\\", "/")) or None
