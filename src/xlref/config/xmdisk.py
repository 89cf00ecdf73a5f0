"""An xm disk spec rewritten so that xl reads what xm meant.

xl's parser (disklex) reads most xm specs as they are: it drops the phy:, file:, tap:, aio: and ioemu: prefixes,
maps qcow:/vhd: to the format and nbd:/iscsi:/drbd: to the block script.  Where its reading differs from xm's, the
spec is written in xl's key=value form instead: `phy:hda1` (xm: /dev/hda1, xl: a file hda1 in the current
directory), a fourth field naming the backend domain (xl: too many positional parameters), the shared-write
mode w! (xl: refused).  The fifth xm field (the guest ABI "protocol") has no xl setting and is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlref.config.disklex import parse_disk
from xlref.config.disklex_actions import FORMATS
from xlref.config.diskspec import NETWORK_SCRIPTS, TAP_KINDS, check_xend_vdev, unknown_block_type, xm_fields, xm_uname
from xlref.config.specs import SpecError

#: the tap kinds whose format xl also reads (vmdk is not among xl's formats)
_TAP_FORMAT = {kind: fmt for kind, fmt in TAP_KINDS.items() if fmt in FORMATS}


@dataclass
class XmDisk:
    """xm's meaning of a spec, in the terms xlu_disk_parse reports."""

    target: str
    vdev: str
    format: str
    readwrite: bool
    cdrom: bool
    script: str | None
    backend_domain: str | None
    notes: list[str] = field(default_factory=list)


def xm_meaning(spec: str) -> XmDisk:
    uname, dev, mode, backend = xm_fields(spec)
    vdev, _, kind = dev.removeprefix("ioemu:").partition(":")
    check_xend_vdev(vdev, spec)
    typ, params, tapkind = xm_uname(uname)
    fmt, script = "raw", None
    if typ in ("tap", "tap2"):
        if tapkind not in _TAP_FORMAT:
            raise SpecError(f"disk {spec!r}: tap driver {tapkind!r} has no xl format (xl knows raw, qcow, qcow2, "
                            "vhd, qed)")
        fmt = _TAP_FORMAT[tapkind]
    elif typ in NETWORK_SCRIPTS:
        script = "block-" + typ
    elif typ not in ("", "phy", "file"):
        raise SpecError(unknown_block_type(spec, typ))
    cdrom = kind == "cdrom"
    disk = XmDisk(params if uname else "", vdev, fmt if (params or not cdrom) else "empty",
                  "w" in mode and not cdrom, cdrom, script, backend or None)
    if len(spec.split(",")) == 5:
        disk.notes.append(f"disk {spec!r}: the fifth field ({spec.split(',')[4]!r}, the guest ABI) has no xl "
                          "setting; dropped")
    if "!" in mode and "w" in mode:
        disk.notes.append(f"disk {spec!r}: shared-write w! has no xl equivalent; written as read-write — make "
                          "sure no other guest writes this device")
    return disk


def _same(spec: str, want: XmDisk) -> bool:
    got = parse_disk(spec)
    return got.ok and (got.target or "", got.vdev, got.format, got.readwrite, got.cdrom, got.script,
                       got.backend_domain) == (want.target, want.vdev, want.format, want.readwrite, want.cdrom,
                                               want.script, want.backend_domain)


def xl_spec(want: XmDisk) -> str:
    parts = [f"format={want.format}" if want.format != "empty" else "", f"vdev={want.vdev}",
             f"access={'rw' if want.readwrite else 'ro'}"]
    if want.cdrom:
        parts.append("devtype=cdrom")
    if want.backend_domain:
        parts.append(f"backend={want.backend_domain}")
    if want.script:
        parts.append(f"script={want.script}")
    parts.append(f"target={want.target}")
    return ",".join(p for p in parts if p)


def xm_to_xl(spec: str) -> tuple[str, list[str]]:
    """(the spec xl reads as xm meant it, notes).  SpecError when xm itself could not read it."""
    want = xm_meaning(spec)
    if _same(spec, want):
        return spec, want.notes
    new = xl_spec(want)
    if not _same(new, want):  # pragma: no cover - xl_spec writes only what disklex reads back
        raise SpecError(f"disk {spec!r}: no xl spec keeps its meaning")
    return new, [*want.notes, f"disk {spec!r}: xl would read it differently; written as {new!r}"]
