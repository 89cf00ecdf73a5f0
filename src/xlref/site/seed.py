"""Notes where the dataset's classification differs from the classic 2014 comparison table (data `seed.notes`).

The table's rows and the reasons they are out of date are checked against the dataset by tests/test_seed.py
(its `stale` map); the notes shown here are the dataset's own record of the same facts, with sources.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from xlref.site.model import Site, source_url
from xlref.site.render import NOTATION, md


def seed_status_text(status: str) -> str:
    mark = NOTATION.get(status)
    return f"{mark} {status}" if mark else status


def note_html(note: dict[str, Any], *, with_row: bool = False) -> Markup:
    """One note: a 'seed' mark, what the table said, and what the code shows."""
    row = Markup("<code>{}</code>: ").format(note["row"]) if with_row else Markup("")
    src = note["sources"][0]
    return Markup(
        '<span class="xlref-seed"><span class="xlref-seed-mark" title="The 2014 comparison table says otherwise">'
        'seed</span> {}the 2014 table lists it as {}; the code shows: {} (<a href="{}">{}</a>)</span>'
    ).format(row, seed_status_text(note["seed_status"]), md(note["note"]), source_url(src),
             src["path"].rsplit("/", 1)[-1])


def seed_cell(site: Site, tool: str, name: str) -> Markup:
    """Every note on the command row `tool name` and on its option rows."""
    notes = site.seed_notes_for(tool, name)
    return Markup(" ").join(note_html(n, with_row=n["row"] != f"{tool} {name}") for n in notes)


def option_seed(site: Site, tool: str, name: str, flags: list[str]) -> Markup:
    """The note on one option row, if the table classified that option differently."""
    notes = [site.seed_notes.get(f"{tool} {name} {f}") for f in flags]
    return Markup(" ").join(note_html(n) for n in notes if n)
