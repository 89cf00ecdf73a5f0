from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

PART = Path(__file__).resolve().parents[2] / "data" / "parts" / "config.yaml"


def part_table() -> object:
    """The key table from the dataset, or (before the lead merged the part) from data/parts/config.yaml."""
    import yaml

    from xlref.config.keytable import KeyTable, key_table

    table = key_table()
    if table.available or not PART.is_file():
        return table
    fresh = KeyTable()
    for rec in yaml.safe_load(PART.read_text(encoding="utf-8"))["config_keys"]:
        (fresh.xm if rec["tool"] == "xm" else fresh.xl)[rec["key"]] = rec
    fresh.available = True
    return fresh


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    table = part_table()
    monkeypatch.setattr("xlref.config.check.key_table", lambda: table)
    monkeypatch.setattr("xlref.config.convert.key_table", lambda: table)
    yield
