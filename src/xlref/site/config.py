"""The domain config key pages (from `config_keys`): an overview, the xm keys with what xl and libvirt make of them,
and the keys xl added.  Keys both tools share are described once, on the xm page."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markupsafe import Markup

from xlref.data.load import Dataset
from xlref.data.releases import span
from xlref.site.anchors import anchor_span, key_anchor, shared_keys
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


def _keys(data: Dataset, tool: str) -> list[dict[str, Any]]:
    return sorted((k for k in data.get("config_keys", []) if k.get("tool") == tool), key=lambda k: str(k["key"]))


def render_config_keys(data: Dataset, tool: str) -> str:
    shared = shared_keys(data)
    if tool == "xm":
        rows = [{"k": k, "xl": _xl_cell(k), "change": _value_change(k), "anchor": anchor_span(key_anchor(k["key"]))}
                for k in _keys(data, "xm")]
        return render("config_keys.md.j2", tool=tool, rows=rows, shared=[])
    rows = [{"k": k, "span": span(k), "change": _value_change(k), "anchor": anchor_span(key_anchor(k["key"]))}
            for k in _keys(data, "xl") if k["key"] not in shared]
    return render("config_keys.md.j2", tool=tool, rows=rows,
                  shared=[{"key": k, "anchor": key_anchor(k)} for k in sorted(shared)])


def render_config_index(data: Dataset) -> str:
    counts = {tool: Counter(k.get("status") for k in _keys(data, tool)) for tool in ("xm", "xl")}
    totals = {tool: len(_keys(data, tool)) for tool in ("xm", "xl")}
    return render("config_index.md.j2", counts=counts, totals=totals, shared=len(shared_keys(data)))
