"""Helpers for the browser tests: serve a built site, drive Debian's Chromium through Playwright, search."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
INPUT = ".md-search__input"
#: Upper bound for every wait, in ms.  Waits end as soon as their condition holds, so a generous bound costs nothing
#: on an idle machine and keeps a loaded 2-core CI runner (Material's worker indexes 1 MB there) from failing.
WAIT = 90_000
META = ".md-search-result__meta"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def open_search(page: Any, base_url: str) -> None:
    """Load the home page, open the search box and wait until the full-text index is ready."""
    page.goto(base_url)
    if not page.is_visible(INPUT):  # phones: the box hides behind the header's search button
        page.click("label.md-header__button[for='__search']")
        page.wait_for_selector(INPUT, state="visible")
    page.focus(INPUT)
    # Material shows "Initializing search" until its worker has built the index.
    page.wait_for_function(
        "sel => { const m = document.querySelector(sel); return m && m.textContent.trim() !== '' "
        "&& !/Initializing/.test(m.textContent); }", arg=META, timeout=WAIT)


def _query(page: Any, text: str) -> None:
    page.fill(INPUT, text)
    page.press(INPUT, "End")  # Material reads the box on keyup


@dataclass
class Answer:
    """What the search box shows for one query: the quick lookup's links, then the full-text results."""

    lookup: list[str]
    results: list[str]
    snippets: list[str]

    @property
    def hits(self) -> list[str]:
        return self.lookup + self.results


def _rel(href: str, base_url: str) -> str:
    """Relative to the site root, without Material's ?h= highlight parameter, keeping the #anchor."""
    path, _, anchor = href.removeprefix(base_url).partition("#")
    return path.partition("?")[0] + (f"#{anchor}" if anchor else "")


def search(page: Any, base_url: str, query: str) -> Answer:
    """Type `query` into the open search box and wait for its answer.

    Deterministic: the box is emptied and the empty answer awaited first, so the results counted afterwards
    can only be the answer to `query` (never a late answer to an earlier one); the lookup box says which
    query it answered.
    """
    _query(page, "")
    page.wait_for_function("sel => !/matching/.test(document.querySelector(sel).textContent)", arg=META, timeout=WAIT)
    _query(page, query)
    page.wait_for_function(
        "([sel, q]) => { const box = document.querySelector('.xlref-lookup');"
        " return /matching/.test(document.querySelector(sel).textContent)"
        " && box !== null && box.getAttribute('data-query') === q; }",
        arg=[META, query], timeout=WAIT)
    lookup = page.eval_on_selector_all(".xlref-lookup:not([hidden]) a.xlref-lookup-hit", "els => els.map(e => e.href)")
    results = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link",
                                        "els => els.map(e => e.href)")
    snippets = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link article",
        "els => els.map(e => [...e.querySelectorAll('p')].map(p => p.textContent).join(' ').trim())")
    return Answer([_rel(h, base_url) for h in lookup], [_rel(h, base_url) for h in results], list(snippets))
