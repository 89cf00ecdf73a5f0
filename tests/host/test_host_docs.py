"""The README's checklist and the site's "Migrating a host" page come from the dataset's records."""

from __future__ import annotations

import re

from tests.support import ROOT
from xlref.data.load import load_dataset
from xlref.site.build import site_files
from xlref.site.host import PAGE, checklist_markdown


def test_readme_checklist_is_the_generated_one() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- checklist:start[^>]*-->\n(.*?)<!-- checklist:end -->", text, re.S)
    assert m is not None
    assert m.group(1) == checklist_markdown(load_dataset()), "regenerate the README list from the dataset"


def test_site_page_lists_every_checklist_item_and_option() -> None:
    data = load_dataset()
    page = site_files(data)[PAGE]
    for rec in data["checklist"]:
        assert f"**{rec['title']}.**" in page and rec["why"] in page
    options = [r for r in data["xend"] if "option" in r]
    rows = re.findall(r"^\| `([a-z0-9_-]+)`", page, re.M)
    assert sorted(rows) == sorted(r["option"] for r in options)
    # the daemon/config/state items stay on the comparison page the linter's XL4xx rules point to
    xend_page = site_files(data)["compare/xend.md"]
    assert "<code>xend.service</code>" in xend_page and "dom0-min-mem" not in xend_page
