"""Where a row lives on the site: the ids the tables give their rows (Markdown cells cannot carry an id, so each
row starts with an empty anchor element) and the page that holds a config key.  The quick lookup, the topics page
and the command pages link to these."""

from __future__ import annotations

import re

from markupsafe import Markup

from xlref.data.load import Dataset


def _id(prefix: str, name: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_-]", "_", name)


def option_anchor(flag: str) -> str:
    """The id of an option's row on its command page: `--live` -> `opt-live`, `-?` -> `opt-_`."""
    return _id("opt-", flag.lstrip("-"))


def key_anchor(key: str) -> str:
    """The id of a config key's row on its config-keys page: `on_xend_start` -> `key-on_xend_start`."""
    return _id("key-", key)


def xend_anchor(item_id: str) -> str:
    """The id of a piece of xend (compare/xend page) or an xend-config.sxp option (host page)."""
    return _id("xend-", item_id)


def anchor_span(anchor: str) -> Markup:
    """An empty element carrying a row's id (Markdown table cells cannot)."""
    return Markup('<span class="xlref-anchor" id="{}"></span>').format(anchor)


def shared_keys(data: Dataset) -> set[str]:
    """xl keys that an xm key of the same name already describes (the xm page lists them once)."""
    xm = {k["key"] for k in data.get("config_keys", []) if k["tool"] == "xm" and k.get("status") != "removed"}
    return {k["key"] for k in data.get("config_keys", [])
            if k["tool"] == "xl" and k["key"] in xm and k.get("status") == "unchanged"}


def key_page(data: Dataset, tool: str, key: str, shared: set[str] | None = None) -> str:
    """The config-keys page (inside the generated folder) whose table has the row of `tool`'s `key`."""
    if tool == "xl" and key in (shared if shared is not None else shared_keys(data)):
        return "config/xm.md"
    return f"config/{tool}.md"
