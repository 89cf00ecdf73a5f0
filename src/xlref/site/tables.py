"""Overview pages: one command list per tool and the xm → xl / virsh comparison tables."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markupsafe import Markup

from xlref.data.index import TOOLS
from xlref.data.load import Record
from xlref.data.releases import span
from xlref.data.sections import Changed, sections
from xlref.site.model import Site
from xlref.site.render import Linker, badge, code, md, render

COMPARE_PAGES = {
    "global-options": "New global options",
    "unchanged": "Unchanged commands",
    "removed": "Removed commands",
    "changed": "Changed commands",
    "new": "New in xl",
    "xend": "xend on the host",
}


def equivalent(link: Linker, rec: Record, tool: str, *, with_why: bool = True) -> Markup:
    """Table cell: what `rec` becomes on `tool`."""
    repl = rec.get("replacements", {}).get(tool)
    if repl is None:
        return Markup("")
    if repl.get("command"):
        cell = link.cmd(tool, repl["command"]) + Markup(" ") + badge("fix", repl["fix"])
        if with_why and repl.get("note"):
            cell += Markup(" ") + md(repl["note"])
        return cell
    cell = Markup("none ") + badge("fix", repl["fix"])
    return cell + Markup(" ") + md(repl.get("why", "")) if with_why else cell


def by_category(site: Site, recs: list[Record]) -> list[tuple[str, str, list[Record]]]:
    """(id, title, records) per category, in the categories map's order; empty ones left out."""
    groups: dict[str, list[Record]] = {}
    for rec in recs:
        groups.setdefault(rec["category"], []).append(rec)
    order = site.categories_in_order()
    ids = sorted(groups, key=lambda c: (order.index(c) if c in order else len(order), c))
    return [(c, site.category_title(c), sorted(groups[c], key=lambda r: str(r["name"]))) for c in ids]


def render_tool_index(site: Site, tool: str) -> str:
    page = f"{tool}/index.md"
    link = Linker(site, page)
    recs = site.records(tool)
    others = [t for t in TOOLS if t != tool]
    rows = {
        r["name"]: {
            "link": link.cmd(tool, r["name"], r["name"]),
            "eq": {t: equivalent(link, r, t, with_why=False) for t in others},
            "span": span(r),
        }
        for r in recs
    }
    return render(
        "tool_index.md.j2",
        tool=tool,
        recs=recs,
        groups=by_category(site, recs),
        rows=rows,
        others=others,
        counts=Counter(r.get("status") or r.get("libxl", {}).get("support", "") for r in recs),
        global_options=site.global_options(tool),
        span=span,
        compare_link=link.to("compare/index.md"),
    )


def render_reference_index(site: Site, rule_count: int) -> str:
    counts = {t: len(site.records(t)) for t in TOOLS}
    return render(
        "reference_index.md.j2", counts=counts, pages=COMPARE_PAGES, rule_count=rule_count,
        stubs=len(site.stubs),
    )


def _option_rows(rec: Record, options: list[Record]) -> list[dict[str, Any]]:
    return [{"opt": opt, "span": span(opt), "eq": {t: _opt_eq(opt, t) for t in TOOLS if t != rec["tool"]}}
            for opt in options]


def _opt_eq(opt: dict[str, Any], tool: str) -> Markup:
    repl = opt.get("replacements", {}).get(tool)
    if not repl:
        return Markup("")
    head = code(", ".join(repl["flags"])) if repl["action"] == "rename" else md(repl["action"])
    if repl["action"] == "keep":
        head = code(", ".join(opt["flags"]))
    text = repl.get("why") or repl.get("note") or ""
    return head + Markup(" ") + badge("fix", repl["fix"]) + (Markup(" ") + md(text) if text else Markup(""))


def changed_sections(changed: list[Changed], link: Linker) -> list[dict[str, Any]]:
    """One section per changed xm command: its removed options and the xl command's added ones."""
    out = []
    for entry in changed:
        rec, xl_rec = entry["xm"], entry["xl"]
        out.append({
            "rec": rec,
            "xl": xl_rec,
            "link": link.cmd("xm", rec["name"]),
            "xl_link": link.cmd("xl", xl_rec["name"]) if xl_rec else None,
            "virsh": equivalent(link, rec, "virsh"),
            "xl_eq": equivalent(link, rec, "xl"),
            "removed": _option_rows(rec, entry["removed_options"]),
            "changed": _option_rows(rec, entry["changed_options"]),
            "added": _option_rows(xl_rec, entry["added_options"]) if xl_rec else [],
            "changes": rec.get("behaviour_changes", []),
        })
    return out


def new_options(added: list[tuple[Record, list[Record]]], link: Linker) -> list[dict[str, Any]]:
    """Options new in xl on commands that are not new themselves."""
    return [{**row, "link": link.cmd("xl", rec["name"])} for rec, opts in added for row in _option_rows(rec, opts)]


def render_compare(site: Site, slug: str) -> str:
    page = f"compare/{slug}.md"
    link = Linker(site, page)
    # Membership of every section comes from xlref.data.sections, shared with the seed-coverage test.
    secs = sections(site.data)
    context: dict[str, Any] = {"slug": slug, "title": COMPARE_PAGES.get(slug, "Comparison"), "link": link}
    if slug == "global-options":
        context["options"] = [g for g in site.global_options() if g["tool"] == "xl"]
        context["others"] = [g for g in site.global_options() if g["tool"] != "xl"]
    elif slug == "unchanged":
        context["recs"] = secs["unchanged"]
    elif slug == "removed":
        context["groups"] = by_category(site, [r for recs in secs["removed"].values() for r in recs])
    elif slug == "changed":
        context["sections"] = changed_sections(secs["changed"], link)
    elif slug == "new":
        context["recs"] = secs["new_commands"]
        context["new_options"] = new_options(secs["new_options"], link)
    elif slug == "xend":
        context["items"] = [i for i in site.data.get("xend", []) if "names" in i]  # options: the host page
    context["equivalent"] = equivalent
    context["span"] = span
    return render(f"compare_{slug.replace('-', '_')}.md.j2", **context)


def render_compare_index(site: Site) -> str:
    xm = site.records("xm")
    counts = Counter(r.get("status") for r in xm)
    new = sum(1 for r in site.records("xl") if r.get("status") == "new")
    return render("compare_index.md.j2", pages=COMPARE_PAGES, counts=counts, new=new)
