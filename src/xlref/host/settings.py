"""xend-config.sxp: each option set, what xend's default was, and where it lives now (the dataset's xend section)."""

from __future__ import annotations

import shlex
from typing import Any

from xlref.host.model import Setting, Status
from xlref.host.sxpconf import Option, SxpError, parse

#: Where xlref itself writes the replacement: the bundle's settings files or the converted domains' notes.
AUTOMATIC = frozenset({"xl.conf", "libxl.conf"})
_TRUE = {"yes", "y", "1", "on", "true", "t"}
_FALSE = {"no", "n", "0", "off", "false", "f"}


def option_records(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rec["option"]: rec for rec in data.get("xend", []) if "option" in rec}


def _record_for(name: str, records: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Exact name, else the longest record name the option extends (xend-domain-lock-path -> xend-domain-lock)."""
    if name in records:
        return records[name]
    best = max((o for o in records if name.startswith(o + "-")), key=len, default=None)
    return records[best] if best else None


def normal(value: str | None) -> str | None:
    """Compare values the way xend's getters read them (booleans and integers in any spelling)."""
    if value is None:
        return None
    v = value.strip().strip("'\"").lower()
    if v in _TRUE:
        return "yes"
    if v in _FALSE:
        return "no"
    try:
        return str(int(v, 0))
    except ValueError:
        return v


def read_settings(text: str, path: str, data: dict[str, Any], target: str) -> tuple[list[Setting], str | None]:
    """(rows, error): one row per option set; an unreadable file gives no rows and a one-line error."""
    try:
        options = parse(text)
    except SxpError as exc:
        return [], f"{path}:{exc.line}: cannot read xend-config.sxp: {exc.detail}"
    records = option_records(data)
    # xend's one dependent default (get_enable_dom0_ballooning): no ballooning unless dom0-min-mem is set.
    min_mem = next((o.text() for o in options if o.name == "dom0-min-mem" and o.first), "0")
    dependent = {"enable-dom0-ballooning": "no" if normal(min_mem) == "no" else "yes"}  # normal("0") is "no"
    return [_row(opt, _record_for(opt.name, records), target, dependent.get(opt.name)) for opt in options], None


def _row(opt: Option, rec: dict[str, Any] | None, target: str, default: str | None = None) -> Setting:
    value = opt.text()
    if rec is None:
        return Setting(opt.name, value, opt.line, Status.HUMAN, known=False,
                       note="not an option xend 4.4.4 reads (XendOptions.py): find out what set it, by hand")
    xl, virsh = rec["replacements"]["xl"], rec["replacements"]["virsh"]
    default = default or rec["default"]
    row = Setting(opt.name, value, opt.line, Status.INFO, default, True, xl, virsh)
    if not opt.first:
        row.note = "a repeat: xend used the first occurrence only"
        return row
    raw = opt.value if isinstance(opt.value, str) else value
    if normal(raw) == normal(default) or (default in ("''", None) and raw == ""):
        row.note = "xend's default: nothing to carry over"
        return row
    chosen = xl if target == "xl" else virsh
    if chosen["where"] in AUTOMATIC:
        row.status = Status.TODO
        row.note = f"set {chosen['with']} in {chosen['where']} (the bundle's settings files propose it)"
    elif chosen["where"] == "gone":
        row.status = Status.HUMAN
        row.note = f"no replacement: {chosen['note']}"
    else:
        row.status = Status.HUMAN
        row.note = f"{chosen['where']}: {chosen['with']}: {chosen['note']}"
    return row


def proposals(rows: list[Setting]) -> dict[str, list[str]]:
    """Lines for the bundle's xl.conf and libxl.conf additions, each with the xend option it comes from."""
    xl: list[str] = []
    libxl: list[str] = []
    for row in rows:
        if row.status < Status.TODO or not row.known:
            continue
        value = row.value.strip("'\"")
        src = f"# from xend-config.sxp line {row.line}: ({row.option} {row.value})"
        if row.option == "enable-dom0-ballooning":
            on = normal(value) == "yes"
            xl += [src, f'autoballoon="{"on" if on else "off"}"']
            libxl += [src, f"autoballoon = {1 if on else 0}"]
        elif row.option == "vif-script":
            xl += [src, f'vif.default.script="{value}"']
        elif row.option == "network-script":
            words = shlex.split(value) if value else []
            bridge = next((w.split("=", 1)[1] for w in words[1:] if w.startswith("bridge=")), None)
            xl += [src, f'vif.default.bridge="{bridge}"' if bridge else
                   "# no bridge= given: name the bridge the distribution's network config creates, e.g."
                   ' vif.default.bridge="xenbr0"']
        elif row.option.startswith("xend-domain-lock") and normal(value) == "yes":
            libxl += [src, 'lock_manager = "lockd"']
        else:
            for side, out in ((row.xl, xl), (row.virsh, libxl)):
                if side.get("where") in ("xl.conf", "libxl.conf"):
                    out += [src, f"# {side['with']}: {side['note']}"]
    return {"xl.conf": xl, "libxl.conf": libxl}
