"""The topics page (dataset `topics`): what people look for that is not one command (live migration, managed domains,
xen2libvirt, dom0 memory, pygrub ...), each with the answer in brief and links to the commands, config keys and parts
of xend that hold the detail, as `xlref lookup topic ID` prints it.  `topic_hits` is what the quick lookup offers for a
topic's words, in the order `xlref search` ranks them."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from xlref.data.load import Record
from xlref.site.anchors import key_anchor, key_page, shared_keys, xend_anchor
from xlref.site.model import Site, rel, source_url
from xlref.site.render import Linker, md, render

PAGE = "topics.md"
#: topics a whole page of the site answers better than the topics page's section
TOPIC_PAGES = {"xen2libvirt": "xen2libvirt.md", "domain-configs": "config/index.md"}


def xend_page(item: Record) -> str:
    """The daemon, its config file and its state are rows of the xend comparison; the options, of the host page."""
    return "compare/xend.md" if "names" in item else "host.md"


def _key(site: Site, ref: str, shared: set[str]) -> tuple[str, str, Record | None]:
    """(label, page#anchor inside the generated folder, record) of a `tool:key` reference."""
    tool, _, key = ref.partition(":")
    rec = next((k for k in site.data.get("config_keys", []) if (k["tool"], k["key"]) == (tool, key)), None)
    return f"{tool}.cfg {key}", f"{key_page(site.data, tool, key, shared)}#{key_anchor(key)}", rec


def _xend(site: Site, item_id: str) -> tuple[str, str, Record | None]:
    item = next((x for x in site.data.get("xend", []) if x["id"] == item_id), None)
    if item is None:
        return item_id, "compare/xend.md", None
    label = (item.get("names") or [item.get("option", item_id)])[0]
    return str(label), f"{xend_page(item)}#{xend_anchor(item_id)}", item


def _hit(title: str, kind: str, page: str, rec: Record | None) -> dict[str, str]:
    return {"title": title, "kind": kind, "page": url(page), "summary": str((rec or {}).get("summary", ""))}


def topic_entry(site: Site, topic: Record) -> dict[str, Any]:
    """What the quick lookup needs of a topic (api/lookup.json): its words, its own page, its commands (in order:
    `xlref search` ranks them after the topic, or before it when an xm command leads the topic, as live migration is
    `xm migrate`), and its config keys and parts of xend (offered after those)."""
    shared = shared_keys(site.data)
    own = TOPIC_PAGES.get(topic["id"], f"{PAGE}#{topic['id']}")
    more = []
    for ref in topic.get("config_keys", []):
        label, page, rec = _key(site, ref, shared)
        more.append(_hit(label, label.split()[0], page, rec))
    for item_id in topic.get("xend", []):
        label, page, item = _xend(site, item_id)
        more.append(_hit(f"xend {label}", "xend", page, item))
    return {
        "id": topic["id"],
        "title": topic["title"],
        "words": [w.lower() for w in topic["words"]],
        "hit": {"title": topic["title"], "page": url(own), "summary": topic["summary"]},
        "led_by_xm": bool(topic.get("commands")) and str(topic["commands"][0]).startswith("xm:"),
        "commands": [ref.split(":", 1) for ref in topic.get("commands", []) if site.get(*ref.split(":", 1))],
        "more": more,
    }


def url(generated: str) -> str:
    """`config/xm.md#key-cpus` -> `ref/config/xm/#key-cpus` (directory URLs, from the site root)."""
    path, _, anchor = generated.partition("#")
    page = "ref/" + path.removesuffix(".md") + "/"
    return page.replace("/index/", "/") + (f"#{anchor}" if anchor else "")


def _link(label: str, page: str) -> Markup:
    """A plain link like the command links beside it (code inside a link reads as grey text, not a link)."""
    return Markup("[{}]({})").format(md(label), rel(PAGE, page))


def render_topics(site: Site) -> str:
    link = Linker(site, PAGE)
    shared = shared_keys(site.data)
    topics = []
    for topic in site.data.get("topics", []):
        refs: list[tuple[str, list[Markup]]] = [("Commands", [link.ref(r) for r in topic.get("commands", [])])]
        keys = [_key(site, r, shared) for r in topic.get("config_keys", [])]
        refs.append(("Config keys", [_link(label, page) for label, page, _ in keys]))
        parts = [_xend(site, i) for i in topic.get("xend", [])]
        refs.append(("xend", [_link(label, page) for label, page, _ in parts]))
        if topic["id"] in TOPIC_PAGES:
            refs.insert(0, ("Page", [Markup("[{}]({})").format(topic["title"], rel(PAGE, TOPIC_PAGES[topic["id"]]))]))
        topics.append({
            "t": topic,
            "summary": md(topic["summary"]),
            "details": [md(d) for d in topic.get("details", [])],
            "refs": [(label, items) for label, items in refs if items],
            "sources": [{"url": source_url(s), **s} for s in topic.get("sources", [])],
        })
    return render("topics.md.j2", topics=topics)


def topics_context(site: Site) -> list[dict[str, Any]]:
    """Every topic for the quick lookup (api/lookup.json)."""
    return [topic_entry(site, t) for t in site.data.get("topics", [])]
