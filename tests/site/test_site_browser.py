"""The built site in headless Chromium: search, the xm migrate page, content tabs, sortable tables.

Uses $XLREF_SITE_DIR when set (CI builds the site once), else builds the site from the current dataset.
Needs Debian's chromium at /usr/bin/chromium; skipped without it.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory, site_builder: Callable[..., Path]) -> Path:
    given = os.environ.get("XLREF_SITE_DIR")
    if given:
        path = Path(given)
        assert (path / "ref" / "xm" / "migrate" / "index.html").is_file(), f"{path} is not a built xlref site"
        return path
    return site_builder(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        yield pg
    finally:
        pg.close()


def search(page: Any, base_url: str, query: str) -> list[str]:
    """Type into the header search box; return result page paths (relative to the site), best first."""
    page.goto(base_url)
    page.click(".md-search__input")
    page.keyboard.type(query, delay=10)
    page.wait_for_selector(".md-search-result__item > a.md-search-result__link", timeout=10_000)
    page.wait_for_timeout(300)  # let the worker's final answer replace partial ones
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
    return [h.removeprefix(base_url).split("?")[0] for h in hrefs]


def test_search_mem_set_finds_xm_and_xl_pages(page: Any, base_url: str) -> None:
    results = search(page, base_url, "mem-set")
    assert "ref/xm/mem-set/" in results and "ref/xl/mem-set/" in results
    assert results[0] in {"ref/xm/mem-set/", "ref/xl/mem-set/"}


def test_search_tool_and_command_finds_that_page_first(page: Any, base_url: str) -> None:
    assert search(page, base_url, "xm mem-set")[0] == "ref/xm/mem-set/"


@pytest.mark.parametrize("name", ["vcpu-pin", "cpupool-numa-split"])
def test_search_hyphenated_commands(page: Any, base_url: str, site_dir: Path, name: str) -> None:
    if not (site_dir / "ref" / "xl" / name / "index.html").is_file():
        pytest.skip(f"the dataset has no xl {name} yet")
    results = search(page, base_url, name)
    assert results[0].removesuffix("/").rsplit("/", 1)[-1] == name


def visible_links(page: Any, fragment: str) -> list[str]:
    return [
        a.get_attribute("href")
        for a in page.query_selector_all(f".tabbed-block a[href*='{fragment}']")
        if a.is_visible()
    ]


def test_xm_migrate_shows_xl_and_virsh_equivalents(page: Any, base_url: str) -> None:
    page.goto(base_url + "ref/xm/migrate/")
    assert page.inner_text("article h1").strip().rstrip("¶").strip() == "xm migrate"
    # The xl tab is open by default; the virsh one after a click on its label.
    assert visible_links(page, "xl/migrate/")
    assert not visible_links(page, "virsh/migrate/")
    page.click(".tabbed-labels > label:has-text('virsh')")
    page.wait_for_timeout(200)
    assert visible_links(page, "virsh/migrate/")
    assert not visible_links(page, "xl/migrate/")
    # The facts above the tabs name both counterparts too.
    facts = page.inner_text("article")
    assert "In xl:" in facts and "In virsh:" in facts


def test_tables_sort_on_click(page: Any, base_url: str) -> None:
    page.goto(base_url + "ref/xm/")
    header = page.locator(".xlref-sortable table").first.locator("th").first
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert header.get_attribute("aria-sort") == "descending"


def test_status_badges_render(page: Any, base_url: str) -> None:
    page.goto(base_url + "ref/xm/migrate/")
    badge = page.locator(".xlref-status-changed").first
    assert badge.is_visible()
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
