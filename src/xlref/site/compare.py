"""The xm → xl / virsh comparison pages, one sortable and filterable table per question.

Which command sits on which page comes from xlref.data.sections (shared with the seed-coverage test), and every
count on the index page is taken from the same list the page shows.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from xlref.data.index import TOOLS
from xlref.data.load import Record
from xlref.data.releases import span
from xlref.data.sections import Sections, sections
from xlref.site.model import COMPARE_PAGES, Site
from xlref.site.render import NOTATION, Linker, badge, code, md, render
from xlref.site.seed import note_html, option_seed, seed_cell
from xlref.site.tables import by_category, equivalent

CHANGE_OF = {"removed_options": "removed", "changed_options": "changed", "added_options": "new"}


def opt_eq(opt: dict[str, Any], tool: str, *, with_why: bool = True) -> Markup:
    """Table cell: what one option becomes on `tool` (the reason only `with_why`)."""
    repl = opt.get("replacements", {}).get(tool)
    if not repl:
        return Markup("")
    head = code(", ".join(repl["flags"])) if repl["action"] == "rename" else md(repl["action"])
    if repl["action"] == "keep":
        head = code(", ".join(opt["flags"]))
    text = (repl.get("why") or repl.get("note") or "") if with_why else ""
    return head + Markup(" ") + badge("fix", repl["fix"]) + (Markup(" ") + md(text) if text else Markup(""))


def _flags(opt: Record) -> Markup:
    return code(", ".join(opt["flags"])) + (Markup(" ") + code(opt["arg"]) if opt.get("arg") else Markup(""))


def _marks(entry: dict[str, Any]) -> Markup:
    """The options of one changed command, each with its mark: (-) `-c`, (+) `-V` ..."""
    parts = []
    for key, status in CHANGE_OF.items():
        for opt in entry[key]:
            parts.append(Markup("{}&nbsp;{}").format(NOTATION[status], code(opt["flags"][0])))
    return Markup(" ").join(parts)


def changed_rows(site: Site, secs: Sections, link: Linker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(one row per changed xm command, one row per option that changed on them).  A seed note on an option that
    the option table does not list (xl kept it, or only xl changed it) goes with its command's row."""
    commands, options = [], []
    for changed in secs["changed"]:
        entry: dict[str, Any] = dict(changed)
        rec, xl_rec = entry["xm"], entry["xl"]
        shown: set[str] = set()
        for key, status in CHANGE_OF.items():
            owner = xl_rec if key == "added_options" else rec
            if owner is None:
                continue
            for opt in entry[key]:
                shown.update(f"{owner['tool']} {rec['name']} {f}" for f in opt["flags"])
                options.append({
                    "link": link.cmd(owner["tool"], owner["name"], f"{owner['tool']} {owner['name']}"),
                    "flags": _flags(opt),
                    "mark": badge("status", status),
                    "summary": opt.get("summary", ""),
                    "span": span(opt),
                    "seed": option_seed(site, owner["tool"], rec["name"], opt["flags"]),
                    "eq": {t: opt_eq(opt, t, with_why=False) for t in TOOLS if t != owner["tool"]}
                    | {owner["tool"]: Markup("")},
                })
        notes = [n for tool in ("xm", "xl") for n in site.seed_notes_for(tool, rec["name"])
                 if n["row"] not in shown and (n["row"].count(" ") == 2 or tool == "xm")]
        commands.append({
            "rec": rec,
            "link": link.cmd("xm", rec["name"]),
            "xl_eq": equivalent(link, rec, "xl", with_why=False),
            "virsh": equivalent(link, rec, "virsh", with_why=False),
            "option_marks": _marks(entry),
            "seed": Markup(" ").join(note_html(n, with_row=n["row"] != f"xm {rec['name']}") for n in notes),
        })
    return commands, options


def render_compare(site: Site, slug: str) -> str:
    page = f"compare/{slug}.md"
    link = Linker(site, page)
    secs = sections(site.data)
    context: dict[str, Any] = {"slug": slug, "title": COMPARE_PAGES.get(slug, "Comparison"), "link": link,
                               "site": site, "seed_cell": seed_cell, "equivalent": equivalent, "span": span}
    if slug == "global-options":
        context["options"] = [g for g in site.global_options() if g["tool"] == "xl"]
        context["others"] = [g for g in site.global_options() if g["tool"] != "xl"]
    elif slug == "unchanged":
        context["recs"] = secs["unchanged"]
    elif slug == "removed":
        groups = by_category(site, [r for recs in secs["removed"].values() for r in recs])
        context["rows"] = [{"rec": r, "group": title} for _, title, recs in groups for r in recs]
        context["groups"] = len(groups)
    elif slug in ("changed", "changed-options"):
        context["sections"], context["options"] = changed_rows(site, secs, link)
    elif slug == "new":
        context["recs"] = secs["new_commands"]
        context["new_options"] = [
            {"opt": opt, "span": span(opt), "link": link.cmd("xl", rec["name"]),
             "seed": option_seed(site, "xl", rec["name"], opt["flags"])}
            for rec, opts in secs["new_options"] for opt in opts
        ]
    elif slug == "xend":
        context["items"] = [i for i in site.data.get("xend", []) if "names" in i]  # options: the host page
        context["tags"] = sorted({n.rsplit("/", 1)[-1] for i in context["items"] for n in i.get("names", [])})
    return render(f"compare_{slug.replace('-', '_')}.md.j2", **context)


def compare_counts(site: Site) -> dict[str, int]:
    """Row counts of each comparison page, from the same lists the pages show."""
    secs = sections(site.data)
    return {
        "global": sum(1 for g in site.global_options() if g["tool"] == "xl"),
        "unchanged": len(secs["unchanged"]),
        "removed": sum(len(recs) for recs in secs["removed"].values()),
        "changed": len(secs["changed"]),
        "changed_options": sum(len(c["removed_options"]) + len(c["changed_options"]) + len(c["added_options"])
                               for c in secs["changed"]),
        "new": len(secs["new_commands"]),
        "new_options": sum(len(opts) for _, opts in secs["new_options"]),
        "xend": sum(1 for i in site.data.get("xend", []) if "names" in i),
        "features": len(site.data.get("features", [])),
        "seed": len(site.seed_notes),
    }


def render_compare_index(site: Site) -> str:
    return render("compare_index.md.j2", pages=COMPARE_PAGES, counts=compare_counts(site))
