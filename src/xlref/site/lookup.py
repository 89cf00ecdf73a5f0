"""`api/lookup.json`: what the site's quick lookup (docs/assets/lookup.js) needs to resolve `TOOL WORD [-FLAGS]`
exactly as `xlref lookup` does (xlref.data.index): names, aliases, each tool's shortest accepted prefix, xl release
ranges, and per command the anchor of every option flag on its page; besides, the rows of every config key (`keys`)
and each topic's words with the pages to offer for them (`topics`, ranked as `xlref search` ranks them)."""

from __future__ import annotations

import json
from typing import Any

from xlref.data.index import PREFIX_MIN, TOOLS
from xlref.site.anchors import key_anchor, key_page, option_anchor, shared_keys, xend_anchor
from xlref.site.model import Site
from xlref.site.topics import topics_context, url, xend_page

LOOKUP_VERSION = 1


def lookup_data(site: Site) -> dict[str, Any]:
    tools: dict[str, Any] = {}
    for tool in TOOLS:
        commands: dict[str, Any] = {}
        aliases: dict[str, str] = {}
        for rec in site.records(tool):
            entry: dict[str, Any] = {
                "page": f"ref/{tool}/{rec['name']}/",
                "summary": rec["summary"],
                "options": {f: option_anchor(opt["flags"][0]) for opt in rec.get("options", []) for f in opt["flags"]},
            }
            if rec.get("status"):
                entry["status"] = rec["status"]
            for k, field in (("aliases", "aliases"), ("former", "former_names")):
                if rec.get(field):
                    entry[k] = list(rec[field])
            for k in ("first_release", "last_release"):
                if rec.get(k):
                    entry[k.split("_")[0]] = rec[k]
            commands[rec["name"]] = entry
            for alias in rec.get("aliases", []):
                aliases[alias] = rec["name"]
        tools[tool] = {"prefix_min": PREFIX_MIN.get(tool), "commands": commands, "aliases": aliases}
    return {"lookup_version": LOOKUP_VERSION, "xl_releases": site.data["releases"]["xl"], "tools": tools,
            "keys": key_hits(site), "topics": topics_context(site)}


def key_hits(site: Site) -> dict[str, list[dict[str, str]]]:
    """A config key's or a piece of xend's name -> its rows (xm's key, then xl's when xl has its own row; the xend
    daemon, config file and state, and every xend-config.sxp option): a query that is such a name lands there."""
    shared = shared_keys(site.data)
    hits: dict[str, list[dict[str, str]]] = {}

    def add(name: str, kind: str, title: str, page: str, summary: str) -> None:
        rows = hits.setdefault(name.lower(), [])
        if all(h["page"] != url(page) for h in rows):
            rows.append({"title": title, "kind": kind, "page": url(page), "summary": summary})

    for key in sorted(site.data.get("config_keys", []), key=lambda k: (k["tool"] != "xm", k["key"])):
        add(key["key"], f"{key['tool']}.cfg", f"{key['tool']}.cfg {key['key']}",
            f"{key_page(site.data, key['tool'], key['key'], shared)}#{key_anchor(key['key'])}", key["summary"])
    for item in site.data.get("xend", []):
        names = item.get("names") or [item["option"]]
        title = f"xend {names[0]}" if "names" in item else f"xend-config.sxp {names[0]}"
        for name in names:
            add(name, "xend", title, f"{xend_page(item)}#{xend_anchor(item['id'])}", item["summary"])
    return hits


def lookup_file(site: Site) -> str:
    return json.dumps(lookup_data(site), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
