"""Jinja environment, escaping filters and badges shared by every generated page.

Templates are autoescaped: any dataset text that reaches a page is HTML-escaped.  Text placed in Markdown
goes through `md` (HTML-escape plus backslash-escape of Markdown syntax) and code through `code`
(an inline <code> element, so `|` and `<` inside it cannot break a table or be read as a tag).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup, escape

from xlref.site.anchors import anchor_span, xend_anchor
from xlref.site.model import Site, page_path, rel

TEMPLATES = Path(__file__).resolve().parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#{}])")

STATUS_HELP = {
    "unchanged": "same in xm and xl",
    "changed": "in both xm and xl, but options or behaviour differ",
    "removed": "in xm only: xl dropped it",
    "new": "in xl only: xm never had it",
}
FIX_HELP = {
    "safe": "a rewrite behaves the same",
    "unsafe": "a rewrite exists but behaviour may differ; review it",
    "none": "no automatic rewrite; needs a person",
    "varies": "safe or unsafe, depending on the call",
}
#: The classic comparison table's notation, shown inside the status badges.
NOTATION = {"removed": "(-)", "new": "(+)", "changed": "(*)"}
SUPPORT_HELP = {
    "yes": "libvirt's libxl driver implements it",
    "partial": "implemented with limits (see the note)",
    "no": "not implemented for Xen guests",
    "n/a": "does not depend on the hypervisor driver",
}


def md(text: Any) -> Markup:
    """Dataset text as inline Markdown: one line, HTML-escaped, Markdown syntax backslash-escaped.

    `backtick spans` (as authors write commands in prose) become <code>; nothing else is interpreted.
    """
    flat = " ".join(str(text).split())
    parts = flat.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: keep it as a literal character
        parts = [flat]
    out = Markup("")
    for index, part in enumerate(parts):
        out += code(part) if index % 2 else escape(_MD_SPECIAL.sub(r"\\\1", part))
    return out


_TOKEN = re.compile(r"(\s+)")
_PIECE = re.compile(r"(?<=[/,|])(?=.)")


def code(text: Any) -> Markup:
    """Inline code that never wraps inside a word: `driver_domain` or `--ignore-global-affinity-masks` stay whole
    (browsers would break at `-`).  A long value may wrap at its spaces and after `/`, `,` or `|`."""
    flat = " ".join(str(text).split())
    if len(flat) <= 24 or not (" " in flat or _PIECE.search(flat)):
        return Markup('<code class="xlref-nw">{}</code>').format(flat).replace("|", Markup("&#124;"))
    out = []
    for token in _TOKEN.split(flat):
        if not token.strip():
            out.append(token)
            continue
        pieces = [Markup('<span class="xlref-nw">{}</span>').format(p) for p in _PIECE.split(token)]
        out.append(str(Markup("<wbr>").join(pieces)))
    return Markup("<code>" + "".join(out).replace("|", "&#124;") + "</code>")


def badge(kind: str, value: str | None, label: str | None = None, title: str | None = None) -> Markup:
    """A coloured label; kind is status, fix, support or severity."""
    if not value:
        return Markup("")
    helps = {"status": STATUS_HELP, "fix": FIX_HELP, "support": SUPPORT_HELP}.get(kind, {})
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "na"
    text = label or (f"fix: {value}" if kind == "fix" else value)
    if kind == "status" and value in NOTATION and not label:
        text = f"{NOTATION[value]} {value}"
    return Markup('<span class="xlref-badge xlref-{}-{}" title="{}">{}</span>').format(
        kind, slug, title or helps.get(value, value), text
    )


def flags_text(flags: list[str]) -> str:
    return ", ".join(flags)


@cache
def env() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        comment_start_string="{##",
        comment_end_string="##}",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=ChainableUndefined,
    )
    environment.filters.update(md=md, code=code, flags=flags_text)
    environment.globals.update(
        badge=badge, STATUS_HELP=STATUS_HELP, FIX_HELP=FIX_HELP, SUPPORT_HELP=SUPPORT_HELP, NOTATION=NOTATION,
        xend_anchor=lambda item_id: anchor_span(xend_anchor(item_id)),
    )
    return environment


def tidy(text: str) -> str:
    """No trailing blanks, no runs of empty lines, one final newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def render(template: str, **context: Any) -> str:
    return tidy(env().get_template(template).render(**context))


class Linker:
    """Links from one generated page; a target without a page becomes plain code, never a dead link."""

    def __init__(self, site: Site, page: str) -> None:
        self.site = site
        self.page = page

    def to(self, target: str) -> str:
        return rel(self.page, target)

    def cmd(self, tool: str, name: str | None, label: str | None = None) -> Markup:
        text = label or f"{tool} {name}"
        if name and self.site.has_page(tool, name):
            return Markup("[{}]({})").format(md(text), self.to(page_path(tool, name)))
        return code(text)

    def ref(self, cmdref: str) -> Markup:
        tool, _, name = cmdref.partition(":")
        return self.cmd(tool, name)
