"""Pages from the site's own data sections: the feature matrix (`features`), external links (`links`) and the
xen2libvirt option map (`xen2libvirt`)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from xlref.data.load import Dataset
from xlref.data.releases import key as release_key
from xlref.site.model import Site, source_url
from xlref.site.render import Linker, badge, md, render

SUPPORT_TEXT = {"yes": "the toolstack does it", "partial": "with limits, or another way (see the note)",
                "no": "not at all", "n/a": "does not apply"}
TOOL_TITLES = {
    "xm": "xend / xm (Xen 4.4 and earlier)",
    "xl": "xl (Xen 4.1 – {latest})",
    "libvirt": "libvirt {virsh} (libxl driver)",
}
LINK_GROUPS = {"xen": "Xen", "libvirt": "libvirt", "migration": "Moving from xend"}


def support_at(cell: dict[str, Any], release: str) -> str:
    """The support level of a feature matrix cell in one release."""
    since, until = cell.get("since"), cell.get("until")
    if since and release_key(release) < release_key(since):
        return str(cell.get("before", "no"))
    if until and release_key(release) > release_key(until):
        return "no"
    return str(cell["support"])


def release_strip(cell: dict[str, Any], releases: list[str]) -> Markup:
    """One box per xl release, coloured by the support level in that release."""
    boxes = [
        Markup('<span class="xlref-rel xlref-rel-{}" title="Xen {}: {}">{}</span>').format(
            support_at(cell, r).replace("/", ""), r, support_at(cell, r), r)
        for r in releases
    ]
    return Markup('<span class="xlref-releases" data-search-exclude>{}</span>').format(Markup("").join(boxes))


def _sources(srcs: list[dict[str, Any]]) -> Markup:
    return Markup(", ").join(
        Markup('<a href="{}" title="{} at {}">{}</a>').format(source_url(s), s["path"], s["ref"],
                                                              s["path"].rsplit("/", 1)[-1])
        for s in srcs)


def cell_html(cell: dict[str, Any], tool: str, releases: list[str]) -> Markup:
    level = str(cell["support"])
    head = badge("support", level, level, SUPPORT_TEXT.get(level, level))
    if cell.get("since"):
        head += Markup(" since {}").format(cell["since"])
    if cell.get("until"):
        head += Markup(" until {}").format(cell["until"])
    parts = [head, md(cell["note"])]
    if tool == "xl":
        parts.append(release_strip(cell, releases))
    parts.append(Markup('<span class="xlref-src">Source: {}</span>').format(_sources(cell["sources"])))
    return Markup(" ").join(parts)


def render_features(site: Site) -> str:
    link = Linker(site, "features.md")
    releases = site.data["releases"]["xl"]
    virsh = site.data["releases"]["virsh"][-1]
    titles = {k: v.format(latest=releases[-1], virsh=virsh) for k, v in TOOL_TITLES.items()}
    rows = [
        {
            "f": f,
            "cells": {t: cell_html(f[t], t, releases) for t in ("xm", "xl", "libvirt")},
            "see_also": [link.ref(r) for r in f.get("see_also", [])],
        }
        for f in site.data.get("features", [])
    ]
    return render("features.md.j2", rows=rows, titles=titles, releases=releases, support_text=SUPPORT_TEXT)


def render_links(data: Dataset) -> str:
    groups = [(title, [lk for lk in data.get("links", []) if lk["group"] == g]) for g, title in LINK_GROUPS.items()]
    return render("links.md.j2", groups=[(t, lks) for t, lks in groups if lks])


def render_xen2libvirt(site: Site) -> str:
    x2l = site.data.get("xen2libvirt")
    sources = [{"url": source_url(s), **s} for s in (x2l or {}).get("sources", [])]
    link = Linker(site, "xen2libvirt.md")
    return render("xen2libvirt.md.j2", x2l=x2l, sources=sources,
                  domxml=link.cmd("virsh", "domxml-from-native"), define=link.cmd("virsh", "define"))
