"""`xlref lookup xm.cfg KEY`, `xl.cfg KEY` and `xend NAME`: the config-key and xend records `xlref search` lists.

search printed rows such as `xm.cfg cpu_cap` that lookup then refused ("unknown tool 'xm.cfg'"), so the rename to
`cap`, the libvirt element and the sources were reachable only on the site.
"""

from __future__ import annotations

from typing import IO, Any

from xlref.data.load import Dataset

#: what `xlref lookup` accepts for these records (the TOOL column of `xlref search`)
KEY_KINDS = ("xm.cfg", "xl.cfg", "xend")


def find(data: Dataset, kind: str, name: str) -> dict[str, Any] | None:
    if kind == "xend":
        return next((x for x in data.get("xend", [])
                     if name in (x.get("option"), x["id"], *x.get("names", []))), None)
    tool = kind.removesuffix(".cfg")
    return next((k for k in data.get("config_keys", []) if k["tool"] == tool and k["key"] == name), None)


def names(data: Dataset, kind: str) -> list[str]:
    if kind == "xend":
        return [x.get("option") or x["names"][0] for x in data.get("xend", [])]
    return [k["key"] for k in data.get("config_keys", []) if k["tool"] == kind.removesuffix(".cfg")]


def render(kind: str, name: str, rec: dict[str, Any], *, width: int = 80, color: bool = False) -> str:
    from xlref.data.releases import span
    from xlref.lookup.render_text import Painter, wrap

    paint = Painter(color)
    head = f"{kind} {name}"
    lines = wrap(f"{paint(head, 'bold')}: {rec['summary']}", width + len(paint(head, "bold")) - len(head), "", "  ")
    facts = [rec.get("status"), rec.get("value_type"), rec.get("default") and f"default {rec['default']}"]
    if rec.get("first_release") or rec.get("last_release"):
        facts.append(f"xl {span(rec)}")
    lines += wrap(" · ".join(str(f) for f in facts if f), width, "  ", "    ")
    rows: list[tuple[str, str]] = []
    if rec.get("rename"):
        rows.append(("renamed", f"xl.cfg {', '.join(rec['rename'])}"))
    if rec.get("deprecated"):
        rows.append(("deprecated", f"use {rec['deprecated']}"))
    change = rec.get("value_change") or {}
    if change:
        mapping = ", ".join(f"{k} → {v}" for k, v in change.get("mapping", {}).items())
        rows.append(("value", f"{change['from']} → {change['to']}" + (f" ({mapping})" if mapping else "")))
        if change.get("note"):
            rows.append(("", change["note"]))
    if rec.get("libvirt"):
        rows.append(("libvirt", rec["libvirt"]))
    for tool, repl in rec.get("replacements", {}).items():
        rows.append((tool, " · ".join(str(repl[k]) for k in ("where", "with", "note") if repl.get(k))))
    if rec.get("note"):
        rows.append(("note", rec["note"]))
    if rows:
        lines.append("")
    for label, text in rows:
        # wrap() puts one space after a non-blank indent: text starts in column 13 either way
        lines += wrap(text, width, "  " + label.ljust(10) if label else " " * 13, " " * 13)
    sources = [f"{s['path']} ({s['ref']})" for s in rec.get("sources", [])]
    if sources:
        lines += ["", *wrap("sources: " + ", ".join(sources), width, "", "  ")]
    return "\n".join(lines) + "\n"


def run_key(kind: str, name: str, *, as_json: bool, data: Dataset, out: IO[str], width: int, color: bool) -> bool:
    """Print the record; False when there is none (the caller reports it)."""
    rec = find(data, kind, name)
    if rec is None:
        return False
    if as_json:
        import json

        out.write(json.dumps(rec, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(render(kind, name, rec, width=width, color=color))
    return True
