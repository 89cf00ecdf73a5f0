"""Value checks of `xlref config check`: builder, numeric names, HVM kernel, and the disk and vif specs.

Disk specs are judged by xl's own rules (disklex, the port of libxlu's disk parser), so a spec xl reads --
`phy:/dev/a,ioemu:hda,w` included -- is never reported as broken.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from xlref.config.disklex import DROPPED_PREFIXES, parse_disk
from xlref.config.keytable import key_table
from xlref.config.model import Entry, Span, Value
from xlref.config.specs import SpecError, parse_keyvals
from xlref.config.xmsem import is_firmware_loader
from xlref.findings import Applicability, Fix

if TYPE_CHECKING:
    from xlref.config.check_out import Out

#: vif keys xl reads (xm's keys of the same name keep their meaning)
XL_VIF_KEYS = {"type", "mac", "bridge", "netdev", "gatewaydev", "ip", "script", "backend", "vifname", "model",
               "rate", "forwarddev", "accel", "devid", "mtu", "vlan"}


def _guest_type(values: dict[str, Value]) -> str:
    vtype = values.get("type")
    if isinstance(vtype, str):
        return vtype
    return "hvm" if values.get("builder") in ("hvm", "vmx") else "pv"


def value_checks(out: Out, entry: Entry, values: dict[str, Value], source: str) -> None:
    key, value = entry.key, entry.value
    span = entry.value_span or entry.span
    fix: Fix | None
    if key == "builder":
        kind = str(value)
        if kind and "hvm".startswith(kind):
            fix = Fix(Applicability.SAFE, (out.edit(entry.span, 'type = "hvm"'),), 'write type = "hvm"')
            out.add("XL512", 'builder is deprecated in xl; use type = "hvm"', entry.key_span, fix,
                    data={"replacement": "type"})
        elif kind and "generic".startswith(kind):
            fix = Fix(Applicability.SAFE, (out.edit(entry.span, 'type = "pv"'),), 'write type = "pv"')
            out.add("XL512", 'builder is deprecated in xl; use type = "pv"', entry.key_span, fix)
        elif kind == "vmx":
            fix = Fix(Applicability.SAFE, (out.edit(entry.span, 'type = "hvm"'),), 'write type = "hvm"')
            out.add("XL517", "builder = 'vmx' was Xen 3.0's name for an HVM guest (RELEASE-3.0.0 xend image.py "
                    "VmxImageHandler); xl accepts only hvm or generic and exits: write type = \"hvm\"", span, fix)
        else:
            fix = Fix(Applicability.SAFE, (out.edit(entry.span, 'type = "pv"'),), 'write type = "pv"') \
                if kind == "linux" else None
            out.add("XL517", f"builder = {kind!r}: xl accepts only hvm or generic and exits otherwise; "
                    'write type = "pv" for a PV guest', span, fix)
    elif isinstance(value, int) and (names := key_table().value_names(key)):
        name = names.get(value)
        fix = Fix(Applicability.SAFE, (out.edit(span, f'"{name}"'),), f'write "{name}"') if name else None
        out.add("XL510" if name else "XL517", f"{key} = {value}: numbers are deprecated in xl"
                + (f'; the name is "{name}"' if name else "; and this number is out of range"), span, fix)
    elif key == "kernel" and isinstance(value, str) and _guest_type(values) == "hvm" and \
            (is_firmware_loader(value) or source == "xm"):
        if is_firmware_loader(value):
            fix = Fix(Applicability.SAFE, (out.delete_line(entry.span),),
                      "delete the line (xl ignores it and loads its own hvmloader)")
            out.add("XL510", "kernel = .../hvmloader was xm's HVM firmware path; xl ignores it with a warning. "
                    "Delete the line (use firmware_override only for a non-default firmware)", span, fix)
        else:
            fix = Fix(Applicability.SAFE, (out.edit(entry.key_span, "firmware_override"),),
                      "rename kernel to firmware_override")
            out.add("XL517", f"kernel = {value!r}: xl boots an HVM kernel= as a direct kernel; a custom "
                    "firmware belongs in firmware_override", span, fix)


def _items(value: Value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


class _Cursor:
    """Finds each item of a list value in the source, in order (linear in the size of the value)."""

    def __init__(self, out: Out, entry: Entry) -> None:
        self.out = out
        self.span = entry.value_span or entry.span
        self.line, self.col = self.span.line, self.span.column - 1

    def find(self, item: str) -> Span:
        if not item:
            return self.span
        line, col = self.line, self.col
        while line <= self.span.end_line:
            text = self.out.lines[line - 1] if line <= len(self.out.lines) else ""
            found = text.find(item, col)
            if found >= 0:
                self.line, self.col = line, found + len(item)
                return Span(line, found + 1, line, found + 1 + len(item))
            line, col = line + 1, 0
        return self.span


def _placed_items(out: Out, entry: Entry) -> Iterator[tuple[str, Span]]:
    """The string items of a disk or vif value, each with its place in the source.  After `+=` (or
    disk.append) only the appended ones: the earlier items were checked where they were written."""
    cursor = _Cursor(out, entry)
    for item in _items(entry.appended if entry.op == "+=" and entry.appended is not None else entry.value):
        yield item, cursor.find(item)


def disk_items(out: Out, entry: Entry) -> None:
    for item, span in _placed_items(out, entry):
        fields = [f.strip() for f in item.split(",")]
        if any(f in ("w!", "!", "access=w!", "access=!") for f in fields):
            out.add("XL507", f"disk {item!r}: shared-write mode w! is rejected by xl; use w (and make sure no "
                    "other guest writes this device)", span)
            continue
        disk = parse_disk(item)
        if not disk.ok:
            out.add("XL516", f"disk {item!r}: xl rejects it: {'; '.join(disk.errors)}", span)
            continue
        dropped = [p for p in disk.prefixes if p in DROPPED_PREFIXES]
        if "phy" in dropped and disk.target and not disk.target.startswith("/"):
            out.add("XL513", f"disk {item!r}: xm read phy:{disk.target} as /dev/{disk.target}; xl reads a file "
                    f"{disk.target!r} in the directory it runs in: write phy:/dev/{disk.target}", span)
        elif dropped:
            # phy:/file: only restate what libxl picks anyway (XL518, info); tap:/aio: used to force blktap
            mild = set(dropped) <= {"phy", "file"}
            out.add("XL518" if mild else "XL513", f"disk {item!r}: xl drops the {':'.join(dropped)}: prefix; the "
                    "backend is chosen by libxl (write backendtype= and format= to pin it)", span)


def vif_items(out: Out, entry: Entry) -> None:
    for item, span in _placed_items(out, entry):
        try:
            pairs = parse_keyvals(item.replace("trusted", "trusted=1") if "=" not in item else item)
        except SpecError as err:
            out.add("XL516", f"vif {item!r}: {err}", span)
            continue
        for key, val in pairs:
            if key == "type" and val not in ("vif", "ioemu"):
                hint = " (xm's netfront is spelled vif)" if val == "netfront" else ""
                out.add("XL514", f"vif type={val}: xl knows only vif and ioemu and ignores it{hint}", span)
            elif key == "accel":
                out.add("XL514", "vif accel=: xl does not support accelerators and ignores it", span)
            elif key not in XL_VIF_KEYS and not key.startswith("colo_") and key not in ("trusted", "untrusted"):
                out.add("XL514", f"vif {key}=: xl does not know this option and ignores it", span)
