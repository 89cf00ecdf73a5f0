"""`api/lookup.json`: what the site's quick lookup (docs/assets/lookup.js) needs to resolve `TOOL WORD [-FLAGS]`
exactly as `xlref lookup` does (xlref.data.index): names, aliases, each tool's shortest accepted prefix, xl release
ranges, and per command the anchor of every option flag on its page."""

from __future__ import annotations

import json
import re
from typing import Any

from xlref.data.index import PREFIX_MIN, TOOLS
from xlref.site.model import Site

LOOKUP_VERSION = 1


def option_anchor(flag: str) -> str:
    """The id of an option's row on its command page: `--live` -> `opt-live`, `-?` -> `opt-_`."""
    return "opt-" + re.sub(r"[^A-Za-z0-9_-]", "_", flag.lstrip("-"))


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
            for k in ("first_release", "last_release"):
                if rec.get(k):
                    entry[k.split("_")[0]] = rec[k]
            commands[rec["name"]] = entry
            for alias in rec.get("aliases", []):
                aliases[alias] = rec["name"]
        tools[tool] = {"prefix_min": PREFIX_MIN.get(tool), "commands": commands, "aliases": aliases}
    return {"lookup_version": LOOKUP_VERSION, "xl_releases": site.data["releases"]["xl"], "tools": tools}


def lookup_file(site: Site) -> str:
    return json.dumps(lookup_data(site), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
