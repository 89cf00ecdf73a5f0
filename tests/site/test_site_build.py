"""mkdocs build --strict over the generated pages (mini dataset: fast, independent of the real data)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"


@pytest.mark.slow
def test_strict_build_with_mini_dataset(tmp_path: Path, site_builder: Callable[[Path, Path], Path]) -> None:
    site = site_builder(tmp_path, MINI)
    assert (site / "ref" / "xm" / "migrate" / "index.html").is_file()
    assert (site / "ref" / "xm" / "balloon" / "index.html").is_file()
    assert (site / "ref" / "compare" / "changed" / "index.html").is_file()
    api = json.loads((site / "ref" / "api" / "commands.json").read_text(encoding="utf-8"))
    assert len(api["commands"]) == 13
    assert json.loads((site / "ref" / "api" / "commands" / "xm" / "migrate.json").read_text())["name"] == "migrate"
    html = (site / "ref" / "xm" / "migrate" / "index.html").read_text(encoding="utf-8")
    assert "tabbed-set" in html and "xlref-status-changed" in html
    assert "fonts.googleapis.com" not in html  # works offline
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    boosts = {d["location"]: d.get("boost") for d in index["docs"]}
    assert boosts["ref/xm/mem-set/"] == 3
