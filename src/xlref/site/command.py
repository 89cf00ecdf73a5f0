"""The page of one command (xm/migrate, xl/migrate, virsh/migrate) and the stub pages of its other names."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from xlref.data.index import TOOLS
from xlref.data.load import Record
from xlref.data.releases import available, span
from xlref.site.anchors import anchor_span, option_anchor
from xlref.site.argv import short_call, source_call, target_call
from xlref.site.examples import Rewrite
from xlref.site.model import Mapping, Site, Stub, json_path, page_path, source_url
from xlref.site.render import Linker, badge, code, md, render
from xlref.site.seed import note_html

KIND_TITLES = {
    "output_format": "Output format",
    "default": "Default",
    "units": "Units",
    "argument_order": "Argument order",
    "semantics": "Semantics",
    "removed_feature": "Removed feature",
    "config": "Configuration",
    "exit_status": "Exit status",
    "transport": "Transport",
}
ACTION_TEXT = {"keep": "same flag", "drop": "drop it", "config": "domain config", "none": "no equivalent"}


def availability(site: Site, rec: Record) -> str:
    tool = rec["tool"]
    if tool == "xm":
        return "Xen 4.4 and earlier (xm and xend were removed in Xen 4.5)"
    if tool == "virsh":
        releases = site.data["releases"]["virsh"]
        return f"libvirt {releases[-1]} (the release this dataset describes)"
    first, last = rec.get("first_release"), rec.get("last_release")
    latest = site.data["releases"]["xl"][-1]
    if last:
        return f"Xen {span(rec)} (gone from later releases)"
    return f"Xen {first} and later (still in {latest})" if first else f"Xen {latest}"


def release_strip(site: Site, rec: Record) -> Markup:
    """One small box per xl release, filled where the command exists."""
    if rec["tool"] != "xl":
        return Markup("")
    boxes = [
        Markup('<span class="xlref-rel xlref-rel-{}" title="Xen {}: {}" data-search-exclude>{}</span>').format(
            "on" if available(rec, r) else "off", r, "present" if available(rec, r) else "absent", r
        )
        for r in site.data["releases"]["xl"]
    ]
    return Markup('<span class="xlref-releases">{}</span>').format(Markup("").join(boxes))


def option_cell(link: Linker, opt: dict[str, Any], tool: str) -> Markup:
    repl = opt.get("replacements", {}).get(tool)
    if not repl:
        return Markup("")
    action = repl["action"]
    if action == "rename":
        head = code(", ".join(repl["flags"]))
    elif action == "keep":
        head = code(", ".join(opt["flags"])) + Markup(" (same)")
    else:
        head = md(ACTION_TEXT.get(action, action))
    parts = [head, badge("fix", repl["fix"])]
    for key in ("note", "why"):
        if repl.get(key):
            parts.append(md(repl[key]))
    if repl.get("since"):
        parts.append(md(f"(since {repl['since']})"))
    return Markup(" ").join(p for p in parts if p)


def _mapping_view(link: Linker, m: Mapping) -> dict[str, Any]:
    return {"link": link.cmd(m.source["tool"], m.source["name"]), "fix": m.replacement["fix"]}


def tab_view(site: Site, link: Linker, rec: Record, tool: str) -> dict[str, Any]:
    view: dict[str, Any] = {"tool": tool, "self": tool == rec["tool"], "primary": None, "same": None}
    repl = rec.get("replacements", {}).get(tool)
    if repl is not None:
        target = repl.get("command")
        view["primary"] = {
            "link": link.cmd(tool, target) if target else None,
            "call": target_call(rec, tool, repl) if target else None,
            "fix": repl["fix"],
            "note": repl.get("note"),
            "why": repl.get("why"),
            "since": repl.get("since"),
            "alternatives": [link.ref(a) for a in repl.get("alternatives", [])],
        }
    reverse = site.counterparts(rec, tool)
    same = site.same_name(rec, tool)
    shown = {m.source["name"] for m in reverse} | {(repl or {}).get("command")}
    if same is not None and same["name"] not in shown:
        view["same"] = link.cmd(tool, same["name"])
    view["reverse"] = [_mapping_view(link, m) for m in reverse]
    return view


DEFAULT_TAB = {"xm": "xl", "xl": "virsh", "virsh": "xl"}


def glance(tab: dict[str, Any]) -> Markup:
    """One line per other tool above the tabs: the counterpart and its fix marker."""
    primary = tab["primary"]
    if primary is not None:
        head = primary["link"] or Markup("no equivalent")
        return head + Markup(" ") + badge("fix", primary["fix"])
    if tab["same"]:
        return Markup(tab["same"])
    if tab["reverse"]:
        return Markup("from ") + Markup(", ").join(r["link"] for r in tab["reverse"])
    return Markup("none recorded")


def glance_for(rec: Record, tab: dict[str, Any]) -> Markup:
    if tab["tool"] == "xm" and rec.get("status") == "new" and not (tab["primary"] or tab["same"] or tab["reverse"]):
        return Markup("none: new in xl")
    return glance(tab)


def rewrite_cell(rw: Rewrite) -> Markup:
    """One example on one target: the rewritten line (or why there is none) and what the linter reports."""
    head = code(rw.line) if rw.line is not None else Markup("no rewrite")
    out = head + Markup(" ") + badge("fix", rw.fix)
    if rw.findings:
        out += Markup('<br><span class="xlref-finding">{}</span>').format(
            Markup("<br>").join(md(f) for f in rw.findings))
    return out


def example_rows(site: Site, rec: Record) -> list[dict[str, Any]]:
    if rec["tool"] != "xm" or site.examples is None:
        return []
    return [
        {"call": code(ex.call), "note": md(ex.note) if ex.note else Markup(""),
         "cells": {t: rewrite_cell(rw) for t, rw in ex.rewrites.items()}}
        for ex in site.examples.examples(rec["name"])
    ]


def anchors(opt: dict[str, Any]) -> Markup:
    """The id of an option's row, for links such as the quick lookup's `xm migrate -l`."""
    return anchor_span(option_anchor(opt["flags"][0]))


def command_context(site: Site, rec: Record) -> dict[str, Any]:
    tool, name = rec["tool"], rec["name"]
    page = page_path(tool, name)
    link = Linker(site, page)
    others = [t for t in TOOLS if t != tool]
    options = rec.get("options", [])
    tabs = [tab_view(site, link, rec, t) for t in TOOLS]
    return {
        "rec": rec,
        "link": link,
        "call": source_call(rec),
        "short_call": short_call(rec),
        "category": site.category_title(rec["category"]),
        "availability": availability(site, rec),
        "strip": release_strip(site, rec),
        "tabs": tabs,
        "default_tab": DEFAULT_TAB[tool],
        "glance": [(t["tool"], glance_for(rec, t)) for t in tabs if not t["self"]],
        "others": others,
        "options": options,
        "option_cells": [{t: option_cell(link, o, t) for t in others} for o in options],
        "option_spans": [span(o) for o in options],
        "show_spans": any(span(o) for o in options),
        "show_status": any(o.get("status") for o in options),
        "option_others": [t for t in others if any(t in o.get("replacements", {}) for o in options)],
        "changes": rec.get("behaviour_changes", []),
        "kind_titles": KIND_TITLES,
        "sources": [{"url": source_url(s), **s} for s in rec["sources"]],
        "see_also": [link.ref(r) for r in rec.get("see_also", [])],
        "json_link": link.to(json_path(tool, name)),
        "boost": 3 if tool != "virsh" else 2,
        "index_link": link.to(f"{tool}/index.md"),
        "reference_link": link.to("index.md"),
        "examples": example_rows(site, rec),
        "seed_notes": [note_html(n, with_row=True) for n in site.seed_notes_for(tool, name)],
        "anchors": [anchors(o) for o in options],
        # Feature names as search keywords: a topic query ("live migration") finds the commands of that feature.
        "tags": [f["feature"] for f in site.features.get((tool, name), [])],
        "features": [Markup("[{}]({})").format(md(f["feature"]), link.to("features.md"))
                     for f in site.features.get((tool, name), [])],
    }


def render_command(site: Site, rec: Record) -> str:
    return render("command.md.j2", **command_context(site, rec))


def render_stub(site: Site, stub: Stub) -> str:
    page = page_path(stub.tool, stub.name)
    link = Linker(site, page)
    target = stub.target
    return render(
        "stub.md.j2",
        stub=stub,
        target=link.cmd(target["tool"], target["name"]) if target else None,
        summary=target["summary"] if target else None,
        index_link=link.to(f"{stub.tool}/index.md"),
        reference_link=link.to("index.md"),
    )
