"""The domain config keys page: xm.cfg keys and what xl and libvirt make of them (from `config_keys`)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from xlref.data.load import Dataset
from xlref.data.releases import span
from xlref.site.render import code, md, render


def _xl_cell(key: dict[str, Any]) -> Markup:
    """xm key -> the xl key(s) that take over."""
    if "rename" in key:
        names = key["rename"]
        return Markup(", ").join(code(n) for n in names) if names else Markup("none")
    if key.get("status") == "removed":
        return Markup("none")
    return code(key["key"]) + Markup(" (same)")


def _value_change(key: dict[str, Any]) -> Markup:
    change = key.get("value_change")
    if not isinstance(change, dict):
        return Markup("")
    parts = []
    if change.get("from") or change.get("to"):
        parts.append(Markup("Values: {} → {}.").format(code(change.get("from", "?")), code(change.get("to", "?"))))
    if change.get("note"):
        parts.append(md(change["note"]))
    return Markup(" ").join(parts)


def render_config_keys(data: Dataset) -> str:
    keys = data.get("config_keys", [])
    xm_rows = [
        {"k": k, "xl": _xl_cell(k), "change": _value_change(k)}
        for k in sorted((k for k in keys if k.get("tool") == "xm"), key=lambda k: str(k["key"]))
    ]
    xl_rows = [
        {"k": k, "span": span(k), "change": _value_change(k)}
        for k in sorted((k for k in keys if k.get("tool") == "xl"), key=lambda k: str(k["key"]))
    ]
    return render("config_keys.md.j2", xm_rows=xm_rows, xl_rows=xl_rows, total=len(keys))
