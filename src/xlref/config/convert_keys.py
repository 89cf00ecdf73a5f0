"""Key-by-key rules of the native -> xl.cfg conversion (convert_xl.XlWriter calls convert_key for every key)."""

from __future__ import annotations

import re
from typing import Protocol

from xlref.config.keytable import KeyTable
from xlref.config.model import Config, Entry, Value
from xlref.config.render import render_value, xl_literal
from xlref.config.render import xl_line as line
from xlref.config.xmsem import KERNEL_ARG_KEYS, is_firmware_loader, is_hvm, root_passed, xm_extra


class XlWriter(Protocol):
    """What the key rules need of convert_xl.XlWriter (a protocol, so the two modules do not import each other)."""

    cfg: Config
    sem: str
    table: KeyTable
    warnings: list[str]

    def where(self, entry: Entry) -> str: ...
    def disks(self, entry: Entry) -> list[str]: ...
    def kernel_args(self, entry: Entry, effective: dict[str, Value]) -> list[str]: ...

_XL_KEY = re.compile(r"[a-z][._0-9a-z]*")
RESTART = {"always": ("restart", "restart", "restart"), "never": ("destroy", "destroy", "destroy"),
           "onreboot": ("destroy", "restart", "destroy")}


def convert_key(w: XlWriter, entry: Entry, effective: dict[str, Value]) -> list[str]:
    key, value = entry.key, entry.value
    where = w.where(entry)
    table = w.table
    if not _XL_KEY.fullmatch(key):
        w.warnings.append(f"{where}: {key} is not a valid xl key name; commented out")
        return [f"# xlref: not an xl key name: {key} = {render_value(xl_literal(value))}"]
    renames = {k: v for k, v in table.safe_renames().items() if k != "device_model"}
    if key in renames:
        return [line(renames[key], value)]
    if key == "builder":
        kind = str(value)
        hvm = bool(kind) and ("hvm".startswith(kind) or (w.sem == "xm" and kind == "vmx"))
        return [line("type", "hvm" if hvm else "pv")]
    if isinstance(value, int) and value in (names := table.value_names(key)):
        return [line(key, names[value])]
    hvm = is_hvm(effective)
    if key == "kernel" and isinstance(value, str) and hvm and (w.sem == "xm" or is_firmware_loader(value)):
        if is_firmware_loader(value):
            w.warnings.append(f"{where}: dropped kernel = {value!r} (xm's HVM firmware; xl loads its own)")
            return [f"# xlref: xl loads the HVM firmware itself; was: kernel = {render_value(value)}"]
        w.warnings.append(f"{where}: kernel = {value!r} was xm's HVM firmware; xl boots an HVM kernel= directly, "
                          "so it is written as firmware_override")
        return [line("firmware_override", value)]
    if key == "restart" and w.sem == "xm" and isinstance(value, str) and value in RESTART:
        out = [line(name, action) for name, action in zip(("on_poweroff", "on_reboot", "on_crash"),
                                                            RESTART[value], strict=True) if name not in effective]
        return out or [f"# xlref: restart = {render_value(value)} dropped; on_* keys are set"]
    if key == "disk":
        return w.disks(entry)
    if w.sem == "xm" and (key in KERNEL_ARG_KEYS or key == "extra") and \
            any(k in effective for k in KERNEL_ARG_KEYS):
        return w.kernel_args(entry, effective)
    if key == "root" and w.sem == "xm" and isinstance(value, str) and value and \
            not root_passed(effective, _extra(effective)):
        w.warnings.append(f"{where}: root = {value!r} is commented out: xend added root= only when the other "
                          "kernel arguments had no root= yet, and they have one (nfsroot= counts)")
        return [f"# xlref: xm did not pass it, the arguments already have root=: root = {render_value(value)}"]
    if key == "root" and isinstance(value, str) and value.startswith("root="):
        return [line(key, value.removeprefix("root="))]  # xm stripped it (create.py strip); xl would not
    if key == "cpu" and w.sem == "xm":
        cpus = effective.get("cpus")
        merged = f"{value},{cpus}" if isinstance(cpus, str) else str(value)
        w.warnings.append(f"{where}: cpu = {value} (xm's deprecated pin of vcpu 0) is merged into cpus as xend did")
        return [line("cpus", merged)] if not isinstance(cpus, list) else [f"# xlref: cpu = {value} dropped"]
    if key == "cpus" and w.sem == "xm" and "cpu" in effective and not isinstance(value, list):
        return []  # written together with cpu
    if table.available and not table.xl_reads(key) and key in table.xm:
        rec = table.xm[key]
        rename = rec.get("rename") or []
        hint = f"use {' / '.join(rename)}" if rename else "no xl equivalent"
        w.warnings.append(f"{where}: {key} is ignored by xl ({hint}); commented out")
        return [f"# xlref: xl ignores {key} ({hint}): {key} = {render_value(xl_literal(value))}"]
    if w.sem == "xm" and w.cfg.dialect == "xm" and table.available and not table.known(key):
        w.warnings.append(f"{where}: {key} is a helper variable of the Python config (no setting); commented out")
        return [f"# xlref: helper variable, no setting: {key} = {render_value(xl_literal(value))}"]
    return [line(key, value)]


def _extra(effective: dict[str, Value]) -> str | None:
    try:
        return xm_extra(effective)[0]
    except ValueError:
        return None
