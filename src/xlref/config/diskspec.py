"""Disk specs -> the Disk model: xl's reading (libxlu, see disklex) and xm's reading (create.py + xend).

xm (RELEASE-4.4.4 tools/python/xen/xm/create.py preprocess_disk): `UNAME,DEV,MODE[,BACKEND[,PROTOCOL]]`, split on
every comma; UNAME is `TYPE:PARAMS` and xend handed PARAMS to the block script of TYPE
(tools/python/xen/util/blkif.py parse_uname): `phy:NAME` means /dev/NAME when NAME is not absolute, `tap:KIND:PATH`
and `tap2:KIND:PATH` picked a blktap driver, `nbd:HOST PORT`, `enbd:`, `iscsi:` and `drbd:` ran block-nbd,
block-enbd, block-iscsi or DRBD's own block-drbd.  DEV may carry `ioemu:` and `:cdrom` / `:disk`.

Network block scripts become libvirt network disks where libvirt has the protocol (nbd, iscsi); DRBD has no
libvirt form, so those specs are refused with the manual step instead.
"""

from __future__ import annotations

import re

from xlref.config.disklex import LibxlDisk, parse_disk
from xlref.config.domain import Disk
from xlref.config.specs import SpecError

#: xend's blkdev_name_to_number (blkif.py, RELEASE-4.4.4): the device names xm create accepted
_XEND_VDEV = re.compile(r"(sd[a-z]([1-9]|1[0-5])?|sd[a-i][a-z]([1-9]|1[0-5])?|hd[a-t]([1-9]|[1-5][0-9]|6[0-3])?"
                        r"|xvd[a-z]([1-9]|1[0-5])?|xvd[a-i][a-z]([1-9]|1[0-5])?|0x[0-9a-fA-F]+|[0-9]+)")
#: libvirt 11.3.0 domaincommon.rng diskTargetDev
_LIBVIRT_VDEV = re.compile(r"(ioemu:)?(fd|hd|sd|vd|xvd|ubd)[a-zA-Z0-9_]+")
#: xend's tap driver kinds (tap:KIND:PATH) and the image format each one reads
TAP_KINDS = {"aio": "raw", "sync": "raw", "vmdk": "vmdk", "ram": "raw", "qcow": "qcow", "qcow2": "qcow2",
              "vhd": "vhd", "qed": "qed"}
NETWORK_SCRIPTS = ("nbd", "enbd", "iscsi", "drbd")


def parse_xl_disk(spec: str) -> LibxlDisk:
    """libxlu's reading; a spec xl rejects raises SpecError with xl's own message."""
    disk = parse_disk(spec)
    if not disk.ok:
        raise SpecError("xl rejects it: " + "; ".join(disk.errors))
    return disk


def _bus(vdev: str, hvm: bool) -> str:
    if vdev.startswith("xvd") or not hvm:
        return "xen"
    if vdev.startswith("sd"):
        return "scsi"
    return "ide"


def libvirt_target(vdev: str, spec: str) -> str:
    """The vdev as libvirt's schema accepts it, or SpecError saying why not."""
    if not _LIBVIRT_VDEV.fullmatch(vdev):
        raise SpecError(f"disk {spec!r}: {vdev!r} is not a disk device name (hdX, sdX, xvdX...); libvirt's "
                        "schema refuses it, and xend refused it too (blkif.py blkdev_name_to_number)")
    return vdev


def xl_disk_to_model(spec: str, hvm: bool) -> Disk:
    d = parse_xl_disk(spec)
    vdev = d.vdev or ""
    disk = Disk(target=libvirt_target(vdev, spec), readonly=not d.readwrite, bus=_bus(vdev, hvm))
    src = d.target or None
    if d.cdrom:
        # libxlu makes every cdrom read-only; libvirt always gives it the qemu driver, raw format
        disk.device, disk.driver, disk.type, disk.readonly = "cdrom", "qemu", "file", True
        disk.source, disk.format = src, "raw"
        return disk
    disk.format = None if d.format == "empty" else d.format
    script = (d.script or "").removeprefix("block-")
    if script in NETWORK_SCRIPTS:
        network_disk(disk, script, src or "", spec)
        return disk
    if d.script:
        raise SpecError(f"disk {spec!r}: script={d.script} has no libvirt equivalent (libvirt runs no block "
                        "scripts); attach the device in dom0 and give libvirt the resulting block device")
    backend = None if d.backend == "unknown" else d.backend
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


def network_disk(disk: Disk, script: str, params: str, spec: str) -> None:
    """A block-script disk as a libvirt network disk (nbd, iscsi) or SpecError with the manual step."""
    disk.driver, disk.format = "qemu", "raw"
    if script in ("nbd", "enbd"):
        # block-nbd ran `nbd-client $2 $3`: HOST PORT (enbd: HOST:PORT)
        host, port = _host_port(params)
        if not host or not port.isdigit():
            raise SpecError(f"disk {spec!r}: {script}: expects HOST PORT, got {params!r}")
        disk.type, disk.protocol, disk.source, disk.hosts = "network", "nbd", None, [(host, port)]
        return
    if script == "iscsi":
        kv = dict(p.split("=", 1) for p in params.split(",") if "=" in p)
        if "iqn" not in kv or "portal" not in kv:
            raise SpecError(f"disk {spec!r}: block-iscsi needs iqn= and portal= (script=block-iscsi,"
                            "vdev=...,target=iqn=IQN,portal=IP); this spec gives neither in that form")
        host, _, port = kv["portal"].partition(":")
        disk.type, disk.protocol, disk.source = "network", "iscsi", kv["iqn"] + "/0"
        disk.hosts = [(host, port or "3260")]
        return
    raise SpecError(f"disk {spec!r}: {script}: DRBD's block-drbd script promoted resource {params!r} to Primary "
                    "before attaching; libvirt has no DRBD disk. Promote it yourself and use its device "
                    "(`drbdadm sh-dev RESOURCE`) as a block disk")


def _host_port(params: str) -> tuple[str, str]:
    if " " in params.strip():
        host, _, port = params.strip().partition(" ")
        return host, port.strip()
    host, _, port = params.rpartition(":")
    return host, port


def xm_fields(spec: str) -> tuple[str, str, str, str | None]:
    """create.py preprocess_disk: (uname, dev, mode, backend domain) or SpecError like xm's own error."""
    parts = spec.split(",")
    if not 3 <= len(parts) <= 5:
        raise SpecError(f"disk spec {spec!r}: xm wants UNAME,DEV,MODE[,BACKEND[,PROTOCOL]] "
                        "(xm create said: Invalid disk specifier)")
    return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else None


def unknown_block_type(spec: str, typ: str) -> str:
    """xend took only phy:, file: and tap: (blkif.py _isValidProtocol) or a type with its own block script."""
    hint = " If xl ran this file, give --from xl: xl reads raw:, qcow:, qcow2: and vhd: as the image format." \
        if typ in ("raw", "qcow", "qcow2", "vhd") else ""
    return (f"disk {spec!r}: xend accepted only phy:, file: and tap: disks, or a type with its own "
            f"/etc/xen/scripts/block-{typ} script (blkif.py _isValidProtocol); xlref cannot know that script or "
            f"run it, and neither can libvirt: attach the device in dom0 and use it as a block disk.{hint}")


def check_xend_vdev(vdev: str, spec: str) -> None:
    if not _XEND_VDEV.fullmatch(vdev):
        raise SpecError(f"disk {spec!r}: {vdev!r} is not a device name xend accepted (blkif.py "
                        "blkdev_name_to_number), so `xm create` failed on it too; name it hdX, sdX or xvdX")


def xm_reads(spec: str) -> bool:
    """Would xm create and xend have taken this spec (field count, UNAME with a type, a device name xend knew)?"""
    try:
        uname, dev, _mode, _backend = xm_fields(spec)
    except SpecError:
        return False
    # the form only: a bad device name fails under xm and xl alike, so it tells nothing about the tool
    _vdev, _, kind = dev.removeprefix("ioemu:").partition(":")
    if kind not in ("", "cdrom", "disk") or _mode not in ("r", "w", "w!"):  # blkif.py: 'Invalid mode'
        return False
    return (":" in uname) if uname else kind == "cdrom"


def xm_uname(uname: str) -> tuple[str, str, str | None]:
    """blkif.parse_uname: (type, params, tap kind); `phy:hda1` names /dev/hda1."""
    if ":" not in uname:
        return "", uname, None
    typ, params = uname.split(":", 1)
    if typ == "phy" and not params.startswith("/"):
        params = "/dev/" + params
    kind = None
    if typ in ("tap", "tap2"):
        kind, _, params = params.partition(":")
        if kind in ("tapdisk", "ioemu"):
            kind, _, params = params.partition(":")
    return typ, params, kind


def xm_disk_to_model(spec: str, hvm: bool) -> Disk:
    """xm's reading of a disk spec, with libvirt's xen-xm element layout."""
    uname, dev, mode, _backend = xm_fields(spec)
    vdev = dev.removeprefix("ioemu:")
    disk = Disk()
    vdev, _, kind = vdev.partition(":")
    if kind == "cdrom":
        disk.device = "cdrom"
    elif kind not in ("", "disk"):
        raise SpecError(f"disk {spec!r}: unknown device type {kind!r} after the vdev")
    check_xend_vdev(vdev, spec)
    disk.target = libvirt_target(vdev, spec)
    disk.bus = _bus(vdev, hvm)
    typ, params, tapkind = xm_uname(uname)
    if typ in NETWORK_SCRIPTS:
        network_disk(disk, typ, params, spec)
    else:
        disk.driver = typ or "phy"
        if uname:
            disk.source = params
        if typ in ("tap", "tap2"):
            if not tapkind or not params:
                raise SpecError(f"tap disk {spec!r} lacks its driver type (tap:aio:PATH)")
            if tapkind not in TAP_KINDS:
                raise SpecError(f"unknown tap driver type {tapkind!r}")
            disk.format = TAP_KINDS[tapkind]
        elif typ not in ("", "phy", "file"):
            raise SpecError(unknown_block_type(spec, typ))
        disk.type = "block" if disk.driver == "phy" else "file"
        if disk.format is None and disk.driver in ("phy", "file"):
            disk.format = "raw"
    # the hotplug scripts' canonicalise_mode (block-common.sh): no 'w' is read-only, a '!' shares
    if "w" not in mode:
        disk.readonly = True
    elif "!" in mode:
        disk.shareable = True
    return disk
