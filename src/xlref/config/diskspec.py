"""Disk specs: xl's grammar (libxlu's disk lexer) and xm's positional form (as libvirt's xen-xm reads it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xlref.config.domain import Disk
from xlref.config.specs import SpecError

XL_DEPRECATED_PREFIXES = ("tapdisk", "tap2", "tap", "aio", "ioemu", "file", "phy")
XL_FORMAT_PREFIXES = ("raw", "qcow2", "qcow", "vhd")
XL_SCRIPT_PREFIXES = ("iscsi", "nbd", "enbd", "drbd")
XL_FORMATS = ("", "raw", "qcow", "qcow2", "vhd", "empty", "qed")
XL_ACCESS = {"r": False, "ro": False, "w": True, "rw": True, "": True}
_XL_FLAGS = {"cdrom", "direct-io-safe", "discard", "no-discard", "colo", "no-colo", "trusted", "untrusted"}
_XL_KEYS = {"format", "devtype", "access", "backend", "backendtype", "specification", "vdev", "script",
            "colo-host", "colo-port", "colo-export", "active-disk", "hidden-disk", "grant_usage"}


@dataclass
class XlDisk:
    """What libxlu's disk parser makes of one spec."""

    target: str | None = None
    format: str = ""
    vdev: str | None = None
    readwrite: bool = True
    backendtype: str | None = None
    cdrom: bool = False
    script: str | None = None
    prefixes: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


def parse_xl_disk(spec: str) -> XlDisk:
    """Parse an xl disk spec the way libxlu does (positional target,format,vdev,access plus key=value)."""
    disk = XlDisk()
    rest = spec
    access_set = False
    while rest:
        rest = rest.lstrip(" \t\n")
        if rest.startswith("target="):
            disk.target = rest[len("target="):]
            break
        # deprecated prefixes: NAME: followed by anything
        m = re.match(r"([a-z][a-z0-9]*):", rest)
        if m and disk.target is None and m.group(1) in (*XL_DEPRECATED_PREFIXES, *XL_FORMAT_PREFIXES,
                                                         *XL_SCRIPT_PREFIXES):
            name = m.group(1)
            disk.prefixes.append(name)
            if name in XL_FORMAT_PREFIXES:
                disk.format = name
            elif name in XL_SCRIPT_PREFIXES:
                disk.script = "block-" + name
            rest = rest[m.end():]
            continue
        if m and disk.target is None and (len(rest) == m.end() or not rest[m.end()].isalnum()):
            raise SpecError(f"unknown disk prefix {m.group(1)!r}: xl rejects it")
        token, sep, rest = rest.partition(",")
        if "=" in token:
            key, _, val = token.partition("=")
            if key not in _XL_KEYS:
                raise SpecError(f"unknown disk parameter {key!r}")
            if key == "format":
                if val not in XL_FORMATS:
                    raise SpecError(f"unknown disk format {val!r}")
                disk.format = val
            elif key == "access":
                if val not in XL_ACCESS:
                    raise SpecError(f"disk access {val!r} is not r, ro, w or rw: xl rejects it")
                disk.readwrite = XL_ACCESS[val]
                access_set = True
            elif key == "devtype":
                if val not in ("cdrom", "disk"):
                    raise SpecError(f"unknown devtype {val!r}")
                disk.cdrom = val == "cdrom"
            elif key == "vdev":
                disk.vdev = val
            elif key == "backendtype":
                if val not in ("phy", "tap", "qdisk", "standalone"):
                    raise SpecError(f"unknown backendtype {val!r}")
                disk.backendtype = val
            elif key == "script":
                disk.script = val
            else:
                disk.extra[key] = val
            continue
        if token in _XL_FLAGS:
            if token == "cdrom":
                disk.cdrom = True
            continue
        # positional parameter
        if disk.target is None:
            disk.target = token
        elif not disk.prefixes and disk.format == "" and disk.vdev is None and not _format_set(disk):
            if disk.target == "" and ":" in token:
                _vdev_devtype(disk, token)
                disk.format = "empty"
            else:
                if token not in XL_FORMATS:
                    raise SpecError(f"{token!r} in the format position is not a disk format")
                disk.format = token
                disk.extra["_format_positional"] = "1"
        elif disk.vdev is None:
            if ":" in token:
                _vdev_devtype(disk, token)
            else:
                disk.vdev = token
        elif not access_set:
            access_set = True
            if token not in XL_ACCESS:
                raise SpecError(f"disk access {token!r} is not r, ro, w or rw: xl rejects it"
                                + (" (xm's w! shared-write mode has no xl equivalent)" if "!" in token else ""))
            disk.readwrite = XL_ACCESS[token]
        else:
            raise SpecError("too many positional parameters in disk spec")
        if not sep:
            break
    if not disk.vdev:
        raise SpecError("disk spec has no virtual device (vdev)")
    return disk


def _format_set(disk: XlDisk) -> bool:
    return "_format_positional" in disk.extra


def _vdev_devtype(disk: XlDisk, token: str) -> None:
    vdev, _, kind = token.rpartition(":")
    if kind not in ("cdrom", "disk"):
        raise SpecError(f"unknown device type {kind!r} after the vdev")
    disk.vdev = vdev
    disk.cdrom = kind == "cdrom"


def _bus(vdev: str, hvm: bool) -> str:
    if vdev.startswith("xvd") or not hvm:
        return "xen"
    if vdev.startswith("sd"):
        return "scsi"
    return "ide"


def xl_disk_to_model(spec: str, hvm: bool) -> Disk:
    d = parse_xl_disk(spec)
    disk = Disk(target=d.vdev or "", readonly=not d.readwrite, bus=_bus(d.vdev or "", hvm))
    src = d.target or None
    if d.cdrom:
        # libxlu makes every cdrom read-only; libvirt always gives it the qemu driver, raw format
        disk.device, disk.driver, disk.type, disk.readonly = "cdrom", "qemu", "file", True
        disk.source, disk.format = src, "raw"
        return disk
    disk.format = {"": "raw", "empty": None}.get(d.format, d.format)
    backend = d.backendtype
    if "tap" in d.prefixes or "tap2" in d.prefixes:
        backend = backend or "tap"
    if backend == "phy":
        disk.driver, disk.type = "phy", "block"
    elif backend == "tap":
        disk.driver, disk.type = "tap", "file"
    elif backend in (None, "qdisk"):
        disk.driver, disk.type = "qemu", "file"
    else:
        raise SpecError(f"backendtype {backend} has no libvirt equivalent")
    if src and src.startswith("rbd:"):
        _rbd(disk, src)
    else:
        disk.source = src
    return disk


def _rbd(disk: Disk, src: str) -> None:
    """rbd:pool/image:opt=val:mon_host=h1\\:p1\\;h2\\:p2 (libvirt's colon string)."""
    disk.type, disk.protocol = "network", "rbd"
    body = src[4:].replace("\\\\", "\\")
    parts = re.split(r"(?<!\\):", body)
    disk.source = parts[0]
    for opt in parts[1:]:
        key, _, val = opt.partition("=")
        if key == "mon_host":
            for host in val.split("\\;"):
                name, _, port = host.partition("\\:")
                disk.hosts.append((name, port or None))
        elif key == "auth_supported" and val == "none":
            disk.auth_none = True


def xm_disk_to_model(spec: str, hvm: bool) -> Disk:
    """xm's positional PREFIX:PATH,VDEV[:cdrom],MODE spec, read the way libvirt's xen-xm driver reads it."""
    parts = spec.split(",")
    if len(parts) < 3:
        raise SpecError(f"disk spec {spec!r} needs at least source,vdev,mode")
    src, vdev, mode = parts[0], parts[1], parts[2]
    if vdev.startswith("ioemu:"):
        vdev = vdev[6:]
    disk = Disk()
    if src:
        if ":" in src:
            driver, _, src = src.partition(":")
            disk.driver = driver
            if driver in ("tap", "tap2"):
                kind, sep, path = src.partition(":")
                if not sep:
                    raise SpecError(f"tap disk {spec!r} lacks its driver type (tap:aio:PATH)")
                disk.format = "raw" if kind == "aio" else kind
                if disk.format not in ("raw", "qcow", "qcow2", "vhd", "qed", "vmdk", "cow"):
                    raise SpecError(f"unknown tap driver type {kind!r}")
                src = path
        disk.source = src
    disk.driver = disk.driver or "phy"
    disk.type = "block" if disk.driver == "phy" else "file"
    if disk.format is None and disk.driver in ("phy", "file"):
        disk.format = "raw"
    if ":" in vdev:
        vdev, _, kind = vdev.partition(":")
        if kind == "cdrom":
            disk.device = "cdrom"
    disk.target = vdev
    disk.bus = _bus(vdev, hvm)
    if mode in ("r", "ro"):
        disk.readonly = True
    elif mode in ("w!", "!"):
        disk.shareable = True
    return disk
