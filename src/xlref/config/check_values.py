"""The per-entry half of `xlref config check`: keys (renamed, removed, unknown) and values (builder, numbers,
HVM kernel, device_model, disk and vif specs)."""

from __future__ import annotations

import re

from xlref.config.check_out import Out
from xlref.config.check_specs import disk_items, value_checks, vif_items
from xlref.config.keytable import KeyTable
from xlref.config.model import Entry, Value, unresolved_in
from xlref.config.render import FormatError, render_value
from xlref.config.xmsem import KERNEL_ARG_KEYS, device_model, is_hvm
from xlref.findings import Applicability, Fix

XL_KEY_NAME = re.compile(r"[a-z][._0-9a-z]*")


def check_entry(out: Out, entry: Entry, table: KeyTable, values: dict[str, Value], source: str) -> None:
    value = entry.value
    if entry.ignored is not None:
        if entry.ignored.startswith("xm ignored"):
            out.add("XL525", f"{entry.key} = {value}: {entry.ignored}", entry.value_span or entry.span)
        return
    unres = unresolved_in(value)
    if entry.key == "device_model" and table.available:
        _device_model(out, entry, values)
        return
    if unres is not None:
        if not unres.reason.startswith("assigned inside"):
            out.add("XL504", f"{entry.key}: {unres.reason}", entry.value_span or entry.span)
        return
    if entry.computed:
        fix = None
        # after `+=`, xl appends what is written: the right-hand side alone, never the sum
        written = entry.appended if entry.op == "+=" else value
        if entry.value_span is not None and written is not None:
            try:
                literal = render_value(written)
                fix = Fix(Applicability.SAFE, (out.edit(entry.value_span, literal),),
                          f"write the computed value {literal}")
            except FormatError:
                fix = None
        out.add("XL502", f"{entry.key}: value computed by Python ({entry.computed}); xl needs the literal "
                f"{_short(value)}", entry.value_span or entry.span, fix)
    if not table.available:
        return
    _key(out, entry, table, values, source)


def _key(out: Out, entry: Entry, table: KeyTable, values: dict[str, Value], source: str) -> None:
    key = entry.key
    if not XL_KEY_NAME.fullmatch(key):
        out.add("XL515", f"key {key!r}: xl key names are lower-case letters, digits, '_' and '.'; xl refuses "
                "the file", entry.key_span)
        return
    xl_rec, xm_rec = table.xl.get(key), table.xm.get(key)
    if xl_rec is not None and table.xl_reads(key):
        _value(out, entry, values, source)
        dep = xl_rec.get("deprecated")
        if dep and key != "builder":
            out.add("XL512", f"{key} is deprecated in xl; use {dep}", entry.key_span, data={"replacement": dep})
        return
    rec = xm_rec or xl_rec
    if rec is None:
        out.add("XL511", f"unknown key {key!r}: xl ignores it silently (typo, or an xm helper variable?)",
                entry.key_span)
        return
    if key in KERNEL_ARG_KEYS:
        return  # XL523 covers them, with the computed extra
    rename = [str(r) for r in rec.get("rename") or ([rec["deprecated"]] if rec.get("deprecated") else [])]
    note = rec.get("note") or ""
    if key in table.safe_renames():
        new = table.safe_renames()[key]
        fix = Fix(Applicability.SAFE, (out.edit(entry.key_span, new),), f"rename {key} to {new}")
        out.add("XL508", f"{key} is called {new} in xl; xl ignores {key}", entry.key_span, fix,
                data={"replacement": new})
    elif rename:
        out.add("XL508", f"xl ignores {key}; use {' / '.join(rename)} instead. {note}".strip(),
                entry.key_span, data={"replacement": ",".join(rename)})
    else:
        out.add("XL509", f"xl ignores {key}. {note}".strip(), entry.key_span)


def _device_model(out: Out, entry: Entry, values: dict[str, Value]) -> None:
    hvm = is_hvm(values)
    policy = device_model(entry.value, hvm)
    fix = None
    if policy.kind != "unknown" and (policy.xl or policy.suggest or policy.kind == "traditional"):
        text = "\n".join(f"{k} = {render_value(v)}" for k, v in policy.xl + policy.suggest)
        edit = out.edit(entry.span, text) if text else out.delete_line(entry.span)
        fix = Fix(Applicability.UNSAFE, (edit,), "write " + (text.replace("\n", ", ") or "nothing (delete it)"))
    out.add("XL524", policy.message, entry.key_span, fix)


def _short(value: Value) -> str:
    text = render_value(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _value(out: Out, entry: Entry, values: dict[str, Value], source: str) -> None:
    key = entry.key
    if key == "disk":
        disk_items(out, entry)
    elif key == "vif":
        vif_items(out, entry)
    else:
        value_checks(out, entry, values, source)


__all__ = ["check_entry"]
