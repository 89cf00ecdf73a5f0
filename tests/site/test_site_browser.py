"""The built site in headless Chromium at desktop width and at 390 px: search ranks the page a reader wants first,
the command lists fill their xm column, every comparison page shows its legend, every xm page has examples, pages
stay short, tables sort and filter.

Uses $XLREF_SITE_DIR when set (CI builds the site once), else builds the site from the current dataset.
Needs Debian's chromium at /usr/bin/chromium and Playwright (CI installs both; without them the tests skip).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.browser import ARGS, CHROMIUM, DESKTOP, PHONE, WAIT, Answer, open_search, search, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]

# The ranked table: a query and the page (with #option anchor) it must put first.  Commands come from the quick
# lookup (resolved as `xlref lookup` resolves them); topics from the full-text index.
RANKED = [
    ("xm migrate", "ref/xm/migrate/"),
    ("xm list", "ref/xm/list/"),
    ("xm create", "ref/xm/create/"),
    ("xm migrate -l", "ref/xm/migrate/#opt-l"),
    ("xm migrate --live web01 host2", "ref/xm/migrate/#opt-live"),
    ("xm mem-set", "ref/xm/mem-set/"),
    ("xm balloon", "ref/xm/mem-set/"),
    ("xm cr", "ref/xm/create/"),
    ("xm vbd-create", "ref/xm/block-attach/"),
    ("xm set-vcpus", "ref/xm/vcpu-set/"),
    ("xm create -c", "ref/xm/create/#opt-c"),
    ("xm save -c", "ref/xm/save/#opt-c"),
    ("xm shutdown -w -a", "ref/xm/shutdown/#opt-w"),
    ("xl vcpu-pin", "ref/xl/vcpu-pin/"),
    ("xl sched-sedf", "ref/xl/sched-sedf/"),
    ("xl tmem-list", "ref/xl/tmem-list/"),
    ("xl cpupool-numa", "ref/xl/cpupool-numa-split/"),
    ("virsh setmem", "ref/virsh/setmem/"),
    ("virsh migrate --live", "ref/virsh/migrate/#opt-live"),
    ("virsh dominfo", "ref/virsh/dominfo/"),
    ("mem-set", "ref/xm/mem-set/"),
    ("vcpu-pin", "ref/xm/vcpu-pin/"),
    ("cpupool-numa-split", "ref/xl/cpupool-numa-split/"),
    ("domxml-from-native", "ref/virsh/domxml-from-native/"),
    ("live migration", "ref/xm/migrate/"),
    ("relocation server", "ref/host/#xend-opt-xend-relocation-server"),
    ("managed domains", "ref/topics/#managed-domains"),
    ("pin cpu", "ref/xm/vcpu-pin/"),
    ("pci passthrough", "ref/topics/#pci-passthrough"),
    ("dom0 memory", "ref/topics/#dom0-memory"),
    ("vnc password", "ref/topics/#vnc-password"),
    ("cd-rom", "ref/topics/#cd-rom"),
    ("pygrub", "ref/topics/#bootloader"),
    ("bootloader", "ref/config/xm/#key-bootloader"),
    ("on_xend_start", "ref/config/xm/#key-on_xend_start"),
    ("xm vs xl", "ref/topics/#toolstack"),
    ("xl.cfg", "ref/config/"),
    ("PVUSB", "ref/xl/usbdev-attach/"),
    ("xen2libvirt", "ref/xen2libvirt/"),
    ("feature matrix", "ref/features/"),
    ("xend", "ref/compare/xend/#xend-daemon"),
    ("xend-config.sxp", "ref/compare/xend/#xend-config"),
    ("XL101", "ref/rules/xl101/"),
    ("external links", "ref/links/"),
]
PHONE_QUERIES = ["xm migrate -l", "xm balloon", "live migration", "xen2libvirt"]
COMPARISON_PAGES = ["ref/compare/", "ref/compare/global-options/", "ref/compare/unchanged/", "ref/compare/removed/",
                    "ref/compare/changed/", "ref/compare/changed-options/", "ref/compare/new/", "ref/compare/xend/",
                    "ref/features/"]
# Pages allowed to be long: the three command lists and the feature matrix (each one filterable table).
TALL_OK = {"ref/xm/", "ref/xl/", "ref/virsh/", "ref/features/"}
MAX_HEIGHT = 8000


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
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


EMPTY_INDEX: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def empty_index(site_dir: Path) -> None:
    """Material fetches its 1 MB search index on every page; tests that do not search get the same index with no
    documents (an aborted request would break Material's scripts, tabs included)."""
    import json

    config = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    EMPTY_INDEX["body"] = json.dumps({"config": config, "docs": []})


def new_page(browser: Any, viewport: dict[str, int], *, with_index: bool) -> Any:
    pg = browser.new_page(viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
    pg.set_default_timeout(WAIT)  # navigation and locators too: see tests/site/browser.py
    if not with_index:
        pg.route("**/search/search_index.json",
                 lambda route: route.fulfill(body=EMPTY_INDEX["body"], content_type="application/json"))
    return pg


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    pg = new_page(browser, DESKTOP, with_index=False)
    try:
        yield pg
    finally:
        pg.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    pg = new_page(browser, PHONE, with_index=False)
    try:
        yield pg
    finally:
        pg.close()


@pytest.fixture(scope="module")
def searcher(browser: Any, base_url: str) -> Iterator[Callable[[str], Answer]]:
    """One desktop page with the index loaded, reused for the whole ranked table."""
    pg = new_page(browser, DESKTOP, with_index=True)
    open_search(pg, base_url)
    try:
        yield lambda query: search(pg, base_url, query)
    finally:
        pg.close()


# --- search ----------------------------------------------------------------------------------------------------

def test_ranked_search_table(searcher: Callable[[str], Answer]) -> None:
    misses = []
    for query, expected in RANKED:
        hits = searcher(query).hits
        if not hits or hits[0] != expected:
            misses.append(f"{query!r}: expected {expected}, got {hits[:3]}")
    assert not misses, f"{len(misses)} of {len(RANKED)} queries rank another page first:\n" + "\n".join(misses)


def test_ranked_search_on_a_phone(browser: Any, base_url: str) -> None:
    phone = new_page(browser, PHONE, with_index=True)
    try:
        open_search(phone, base_url)
        expected = dict(RANKED)
        got = {q: search(phone, base_url, q).hits[:1] for q in PHONE_QUERIES}
    finally:
        phone.close()
    assert got == {q: [expected[q]] for q in PHONE_QUERIES}


def test_lookup_answers_as_the_cli(searcher: Callable[[str], Answer]) -> None:
    # Shorter than xm's two-letter minimum: the candidates, as `xlref lookup xm m` lists them.
    assert searcher("xm m").lookup == ["ref/xm/mem-max/", "ref/xm/mem-set/", "ref/xm/migrate/"]
    assert searcher("xl list-").lookup == ["ref/xl/list-vm/"]  # a retired xl command (vm-list took over)
    assert searcher("xm mem").lookup == ["ref/xm/mem-max/", "ref/xm/mem-set/"]  # ambiguous: both offered
    assert searcher("virsh setm").lookup == []  # virsh takes no prefixes
    assert searcher("xm mem-set web01 512").lookup == ["ref/xm/mem-set/"]  # arguments are not options
    assert searcher("xm migrate -lp").lookup == ["ref/xm/migrate/#opt-l"]  # getopt bundling: -l -p
    # no tool: a name or alias of any tool first, then what else `xlref search` ranks (xend's ballooning option)
    assert searcher("balloon").lookup == ["ref/xm/mem-set/", "ref/host/#xend-opt-enable-dom0-ballooning"]


def test_lookup_script_resolves_as_the_cli(page: Any, base_url: str, site_dir: Path) -> None:
    """lookup.js against xlref.data.index.Index.resolve, for every name, alias and prefix of every tool, for the
    newest release and (xl) for every release."""
    import json

    from tests.site.test_site_data import words_to_try
    from xlref.data.index import Index

    data = json.loads((site_dir / "ref" / "api" / "commands.json").read_text(encoding="utf-8"))
    releases = [None, *data["releases"]["xl"]]
    cases = [(tool, w, r) for tool, w in words_to_try(data) for r in (releases if tool == "xl" else [None])]
    page.goto(base_url)
    got = page.evaluate(
        """async cases => { await window.xlrefLookup.load();
           return cases.map(([tool, w, r]) => { const x = window.xlrefLookup.resolve(tool, w, r);
             return [x.name || "", x.how, x.candidates || []]; }); }""", cases)
    index = Index(data)
    wrong = []
    for (tool, word, release), answer in zip(cases, got, strict=True):
        res = index.resolve(tool, word, release)
        expected = [(res.record or {}).get("name", ""), res.how, res.candidates]
        if answer != expected:
            wrong.append(f"{tool} {word} (xl {release}): lookup.js {answer}, xlref lookup {expected}")
    assert len(cases) > 10_000
    assert wrong[:20] == []


# Where the quick lookup cannot follow `xlref search`: it scores by names and summaries, the CLI also by options and
# notes ("serial" is in xm console's option text, "count" in the vcpus key's note).
CLI_TEXT_ONLY = {"serial console", "vcpu count"}


def cli_page(hit: dict[str, Any]) -> str:
    """The page (from the site root) that shows an `xlref search` hit."""
    from xlref.data.load import load_dataset
    from xlref.site.anchors import key_anchor, key_page, xend_anchor
    from xlref.site.topics import TOPIC_PAGES, url, xend_page

    kind, name = hit["kind"], hit["name"]
    if kind in ("xm", "xl", "virsh"):
        return f"ref/{kind}/{name}/"
    if kind == "topic":
        return url(TOPIC_PAGES.get(name, f"topics.md#{name}"))
    data = load_dataset()
    if kind.endswith(".cfg"):
        return url(f"{key_page(data, kind.split('.')[0], name)}#{key_anchor(name)}")
    item = next(x for x in data["xend"] if name in (x.get("names") or [x.get("option")]))
    return url(f"{xend_page(item)}#{xend_anchor(item['id'])}")


def test_quick_lookup_ranks_as_xlref_search(page: Any, base_url: str, site_dir: Path) -> None:
    """For every topic word and every question of the CLI's ranked table (tests/test_search.py), the search box
    offers first the page of what `xlref search` ranks first."""
    import json

    from tests.test_search import QUESTIONS
    from xlref.data.load import load_dataset
    from xlref.lookup.search import search

    lookup = json.loads((site_dir / "ref" / "api" / "lookup.json").read_text(encoding="utf-8"))
    queries = sorted({w for t in lookup["topics"] for w in t["words"]} | {q for q, _ in QUESTIONS})
    page.goto(base_url)
    got = page.evaluate(
        """async qs => { await window.xlrefLookup.load();
           return qs.map(q => { const a = window.xlrefLookup.answer(q); return a.length ? a[0].href : ""; }); }""",
        queries)
    data = load_dataset()
    wrong = []
    for query, href in zip(queries, got, strict=True):
        first = search(data, query.split())[0]
        shown = href.removeprefix(base_url)
        if query not in CLI_TEXT_ONLY and shown != cli_page(first):
            wrong.append(f"{query!r}: site {shown!r}, xlref search {first['kind']} {first['name']}")
    assert len(queries) > 100
    assert wrong == []
    # the exceptions are still needed (drop one that the site has caught up with)
    still = {q for q, h in zip(queries, got, strict=True)
             if q in CLI_TEXT_ONLY and h.removeprefix(base_url) != cli_page(search(data, q.split())[0])}
    assert still == CLI_TEXT_ONLY


def test_enter_opens_the_lookup_answer(browser: Any, base_url: str) -> None:
    page = new_page(browser, DESKTOP, with_index=True)
    try:
        open_search(page, base_url)
        search(page, base_url, "xm balloon")
        with page.expect_navigation():
            page.press(".md-search__input", "Enter")
        assert page.url.removeprefix(base_url).startswith("ref/xm/mem-set/")
    finally:
        page.close()


# Header rows of the site's tables: a snippet containing one is table text run together.
TABLE_HEADERS = ["Feature Area", "Table Rows", "Command Group", "Code Name Family", "Key Status", "Option Status",
                 "xm call xl virsh", "Names in scripts Part of xend", "Command Task", "Tool Commands"]


@pytest.mark.parametrize("query", ["live migration", "managed domains", "relocation server", "shared disk",
                                   "vncpasswd"])
def test_snippets_read_as_sentences(searcher: Callable[[str], Answer], query: str) -> None:
    answer = searcher(query)
    assert answer.results, query
    run_on = [s[:120] for s in answer.snippets[:8] if any(h in s for h in TABLE_HEADERS)]
    assert run_on == []


# --- tables and pages ------------------------------------------------------------------------------------------

def column(page: Any, name: str) -> list[str]:
    """The text of one column of the first sortable table, every row."""
    return list(page.evaluate(
        """name => { const t = document.querySelector('.xlref-sortable table');
           const i = [...t.tHead.rows[0].cells].findIndex(c => c.textContent.trim().startsWith(name));
           return [...t.tBodies[0].rows].map(r => r.cells[i].textContent.trim()); }""", name))


@pytest.mark.parametrize("tool", ["xl", "virsh"])
def test_xm_column_is_filled(page: Any, base_url: str, tool: str) -> None:
    page.goto(f"{base_url}ref/{tool}/")
    cells = column(page, "xm")
    assert cells and all(cells), "every row names its xm counterpart or says none"
    named = [c for c in cells if not c.startswith("none")]
    assert len(named) >= (40 if tool == "xl" else 20)
    names = column(page, "Command")
    assert cells[names.index("mem-set" if tool == "xl" else "setmem")] == "mem-set"


def test_counts_match_the_tables(page: Any, base_url: str) -> None:
    page.goto(base_url + "ref/compare/")
    counts = dict(page.evaluate(
        "() => [...document.querySelectorAll('article table tr')].slice(1)"
        ".map(r => [r.cells[0].textContent.trim(), parseInt(r.cells[1].textContent)])"))
    for title, slug in [("Unchanged commands", "unchanged"), ("Removed commands", "removed"),
                        ("Changed commands", "changed"), ("Changed options", "changed-options")]:
        page.goto(f"{base_url}ref/compare/{slug}/")
        assert page.locator(".xlref-sortable table").first.locator("tbody tr").count() == counts[title], title
    page.goto(base_url + "ref/compare/new/")
    assert page.locator(".xlref-sortable table").first.locator("tbody tr").count() == counts["New in xl"]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_comparison_page_shows_its_legend(browser: Any, base_url: str, viewport: str) -> None:
    pg = new_page(browser, DESKTOP if viewport == "desktop" else PHONE, with_index=False)
    try:
        for path in COMPARISON_PAGES:
            pg.goto(base_url + path)
            legend = pg.locator(".xlref-legend").first
            assert legend.is_visible(), path
            assert "(-)" in legend.inner_text() or path == "ref/features/", path
    finally:
        pg.close()


def test_every_xm_page_has_examples(page: Any, base_url: str, site_dir: Path) -> None:
    names = sorted(p.parent.name for p in (site_dir / "ref" / "xm").glob("*/index.html"))
    page.goto(base_url + "ref/xm/")
    # Fetch and parse every xm page in the browser: the stub pages of aliases carry no examples.
    counts = page.evaluate(
        """async names => { const out = {}; for (const n of names) {
             const html = await (await fetch(`../xm/${n}/`)).text();
             const doc = new DOMParser().parseFromString(html, 'text/html');
             out[n] = doc.querySelectorAll('.xlref-examples tbody tr').length; } return out; }""", names)
    records = {n for n in names if (site_dir / "ref" / "api" / "commands" / "xm" / f"{n}.json").is_file()}
    assert len(records) >= 100
    assert {n: c for n, c in counts.items() if n in records and c < 2} == {}


@pytest.mark.parametrize("path", ["ref/xm/migrate/", "ref/compare/removed/", "ref/xl/", "ref/config/xm/"])
def test_tables_become_cards_on_a_phone(phone: Any, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    row = phone.locator(".xlref-sortable table tbody tr").first
    assert row.is_visible()
    cells = row.locator("td")
    assert cells.nth(1).evaluate("e => getComputedStyle(e).display") == "block"
    # Every card cell spans the card (none squeezed into a column a few letters wide); empty cells are hidden.
    widths = cells.evaluate_all("els => els.map(e => e.getBoundingClientRect().width).filter(w => w > 0)")
    assert widths and min(widths) > PHONE["width"] / 2, widths
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def tall_pages(page: Any, base_url: str, site_dir: Path) -> dict[str, int]:
    """Desktop heights of every page except command pages, plus the 15 largest command pages."""
    pages = []
    commands = []
    for html in site_dir.rglob("index.html"):
        rel = html.parent.relative_to(site_dir).as_posix()
        rel = "" if rel == "." else rel + "/"
        parts = rel.split("/")
        if len(parts) == 4 and parts[0] == "ref" and parts[1] in ("xm", "xl", "virsh"):
            commands.append((html.stat().st_size, rel))
        elif not rel.startswith("ref/rules/xl") and rel != "404/":
            pages.append(rel)
    pages += [rel for _, rel in sorted(commands, reverse=True)[:15]]
    heights = {}
    for rel in sorted(pages):
        page.goto(base_url + rel)
        heights[rel] = int(page.evaluate("document.documentElement.scrollHeight"))
    return heights


def test_no_page_is_taller_than_8000_px(page: Any, base_url: str, site_dir: Path) -> None:
    heights = tall_pages(page, base_url, site_dir)
    assert {"ref/compare/changed/", "ref/compare/removed/", "ref/config/xm/", "ref/config/xl/"} <= set(heights)
    assert {p: h for p, h in heights.items() if h > MAX_HEIGHT and p not in TALL_OK} == {}


# --- behaviour kept from before --------------------------------------------------------------------------------

def visible_links(page: Any, fragment: str) -> list[str]:
    return [
        a.get_attribute("href")
        for a in page.query_selector_all(f".tabbed-block a[href*='{fragment}']")
        if a.is_visible()
    ]


def test_xm_migrate_shows_xl_and_virsh_equivalents(page: Any, base_url: str) -> None:
    page.goto(base_url + "ref/xm/migrate/")
    assert page.inner_text("article h1").strip().rstrip("¶").strip() == "xm migrate"
    assert page.locator(".xlref-breadcrumb a").all_inner_texts() == ["Reference", "xm commands"]
    # The xl tab is open by default; the virsh one after a click on its label.
    assert visible_links(page, "xl/migrate/")
    assert not visible_links(page, "virsh/migrate/")
    page.click(".tabbed-labels > label:has-text('virsh')")
    page.locator(".tabbed-block a[href*='virsh/migrate/']:visible").first.wait_for(state="visible")
    assert visible_links(page, "virsh/migrate/")
    assert not visible_links(page, "xl/migrate/")
    facts = page.inner_text("article")
    assert "In xl:" in facts and "In virsh:" in facts


def test_tables_sort_and_filter(page: Any, base_url: str) -> None:
    page.goto(base_url + "ref/xm/")
    rows = page.locator(".xlref-sortable table tbody tr")
    total = rows.count()
    header = page.locator(".xlref-sortable table").first.locator("th").first
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    page.fill(".xlref-filter input", "cpupool")
    shown = page.locator(".xlref-sortable table tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    assert all("cpupool" in t.lower() for t in shown.all_inner_texts())
    page.fill(".xlref-filter input", "")
    page.select_option(".xlref-filter select >> nth=0", "Memory")
    assert 0 < shown.count() < total
    assert page.locator(".xlref-filter-count").inner_text().endswith(f"of {total} rows")


def test_identifiers_do_not_break(page: Any, base_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(base_url + "ref/config/xm/")
    # Every code element of the key column renders on one line.
    tall = page.evaluate(
        "() => [...document.querySelectorAll('.xlref-sortable tbody td:first-child code')]"
        ".filter(c => c.getClientRects().length > 1).map(c => c.textContent)")
    assert tall == []


def test_status_badges_carry_the_seed_notation(page: Any, base_url: str) -> None:
    page.goto(base_url + "ref/xm/migrate/")
    badge = page.locator(".xlref-status-changed").first
    assert badge.is_visible() and badge.inner_text().startswith("(*)")
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
