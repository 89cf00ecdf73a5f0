"""The "Migrating a host" page: the upgrade checklist and every xend-config.sxp option, from the dataset's
`checklist` and `xend` sections (the same records `xlref host scan` marks; the README's checklist list is
`checklist_markdown()` too, and a test keeps the two equal)."""

from __future__ import annotations

from typing import Any

from xlref.data.load import Dataset
from xlref.site.anchors import anchor_span, xend_anchor

PAGE = "host.md"
# Sortable, filterable, and left out of the search index (the rows are not sentences; the list above is).
TABLE_START = '<div class="xlref-sortable xlref-filterable" data-search-exclude markdown>\n'
TABLE_END = "\n</div>\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def checklist_markdown(data: Dataset) -> str:
    """The numbered checklist (README and site share it)."""
    lines = []
    for n, rec in enumerate(data.get("checklist", []), 1):
        lines.append(f"{n}. **{rec['title']}.** {rec['summary']}")
    return "\n".join(lines) + "\n"


def _source(src: dict[str, Any]) -> str:
    where = f"{src['path']}" + (f" ({src['symbol']})" if src.get("symbol") else "")
    return f"{src['repo'].split('/')[-1]} {src['ref']}: `{where}`"


def _replacement(side: dict[str, Any]) -> str:
    where = side["where"]
    head = "gone" if where == "gone" else (f"{where}: `{side['with']}`" if side.get("with") else where)
    return _cell(f"{head}. {side['note']}")


def render_host_page(data: Dataset) -> str:
    options = sorted((r for r in data.get("xend", []) if "option" in r), key=lambda r: r["option"])
    out = [
        "---", 'title: "Migrating a host"', "hide:", "  - toc", "---", "", "# Migrating a host", "",
        "`xlref host scan [ROOT]` reads a whole xm/xend host (a live root, a mounted image or an extracted",
        "support bundle) without changing it, marks each item below as done, to do or needing a human, with the",
        "evidence, and `--write DIR` writes the migration bundle: converted xl.cfg and libvirt XML for every domain",
        "(xend-managed ones included), `define-all.sh`, a patch with the script rewrites, the xl.conf and libxl.conf",
        "settings, and backups of xend-config.sxp and the boot loader config.", "",
        "```sh", "xlref host scan /mnt/oldhost --format html > plan.html",
        "xlref host scan / --write /root/xen-migration", "```", "",
        "## The checklist", "", checklist_markdown(data),
        TABLE_START, "| Item | Why | Seed | Sources |", "|---|---|---|---|",
    ]
    for rec in data.get("checklist", []):
        out.append(f"| {_cell(rec['title'])} | {_cell(rec['why'])} | {rec.get('seed', '')} | "
                   + "<br>".join(_cell(_source(s)) for s in rec["sources"]) + " |")
    out += [TABLE_END, "## xend-config.sxp options {#xend-options}", "",
            f"Every option xend 4.4 read ({len(options)}), its default, and where it lives now. xend used the first",
            "occurrence of an option; `xlref host scan` reports the ones a host sets to something else than the",
            "default.", "", TABLE_START, "| Option | xend default | With xl | With libvirt |", "|---|---|---|---|"]
    for rec in options:
        default = "unset" if rec["default"] is None else f"`{rec['default']}`"
        # the row's anchor after the name: the row still starts with it (tests/host read the rows so)
        name = f"`{rec['option']}`" + anchor_span(xend_anchor(rec["id"])) + (
            " (distribution patch)" if rec.get("upstream") is False else "")
        out.append(f"| {name}: {_cell(rec['summary'])} | {default} | {_replacement(rec['replacements']['xl'])} | "
                   f"{_replacement(rec['replacements']['virsh'])} |")
    out.append(TABLE_END)
    return "\n".join(out) + "\n"
