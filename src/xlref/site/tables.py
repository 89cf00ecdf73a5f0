"""Overview pages: one command list per tool and the reference index; `equivalent`, the table cell shared with the
comparison pages (xlref.site.compare)."""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from xlref.data.index import TOOLS
from xlref.data.load import Record
from xlref.data.releases import span
from xlref.site.model import COMPARE_PAGES, Site
from xlref.site.render import Linker, badge, md, render


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


def from_cell(link: Linker, site: Site, rec: Record, other: str) -> Markup:
    """Table cell: the `other` commands that `rec` replaces (the xm column of the xl and virsh lists)."""
    found = site.sources_of(rec, other)
    if found:
        return Markup(", ").join(link.cmd(other, r["name"], r["name"]) for r in found)
    if rec["tool"] == "xl" and other == "xm" and rec.get("status") == "new":
        return Markup("none (new in xl)")
    return Markup("none")


def counterpart(link: Linker, site: Site, rec: Record, tool: str) -> Markup:
    """What `rec` becomes on `tool`, else which `tool` commands become `rec`."""
    cell = equivalent(link, rec, tool, with_why=False)
    if cell or (tool in rec.get("replacements", {})):
        return cell
    return from_cell(link, site, rec, tool)


def render_tool_index(site: Site, tool: str) -> str:
    page = f"{tool}/index.md"
    link = Linker(site, page)
    recs = site.records(tool)
    others = [t for t in TOOLS if t != tool]
    rows = {
        r["name"]: {
            "link": link.cmd(tool, r["name"], r["name"]),
            "group": site.category_title(r["category"]),
            "eq": {t: counterpart(link, site, r, t) for t in others},
            "span": span(r),
        }
        for r in recs
    }
    return render(
        "tool_index.md.j2",
        tool=tool,
        recs=recs,
        rows=rows,
        others=others,
        counts=Counter(r.get("status") or r.get("libxl", {}).get("support", "") for r in recs),
        # the New page lists the current release's new commands: say how many of the table's are retired
        retired_new=sum(1 for r in recs if r.get("status") == "new" and r.get("last_release")),
        global_options=site.global_options(tool),
        span=span,
        compare_link=link.to("compare/index.md"),
        new_link=link.to("compare/new.md"),
    )


def render_reference_index(site: Site, rule_count: int) -> str:
    counts = {t: len(site.records(t)) for t in TOOLS}
    return render(
        "reference_index.md.j2", counts=counts, pages=COMPARE_PAGES, rule_count=rule_count,
        stubs=len(site.stubs),
    )
