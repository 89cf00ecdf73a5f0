"""The authors' own migrations (../shared/corpus/scripts/*.before/.after) against ours, call by call
(tests/lint/tables/authors.yaml): the quoted lines are really in the files, and the linter still does
to each call what the table says, so every recorded difference stays true."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml

from tests.lint.corpus_kit import CORPUS, TABLES, linter
from xlref.lint.apply import fix_source

ROWS = [(pair, i, row) for pair, rows in yaml.safe_load((TABLES / "authors.yaml").read_text())["pairs"].items()
        for i, row in enumerate(rows)]


@cache
def _lines(name: str) -> list[str]:
    return (CORPUS / name).read_text(encoding="utf-8", errors="replace").split("\n")


@pytest.mark.parametrize(("pair", "i", "row"), ROWS, ids=[f"{p}-{i}" for p, i, _ in ROWS])
def test_author_row(pair: str, i: int, row: dict[str, Any]) -> None:
    assert row["before"]["text"] in _lines(f"{pair}.before")[row["before"]["line"] - 1]
    assert row["after"]["text"] in _lines(f"{pair}.after")[row["after"]["line"] - 1]
    lin = linter("xl")
    src = row["shell"].encode()
    calls = [f for f in lin.lint("t.sh", src) if "outcome" in f.data]
    assert calls, row["shell"]
    assert calls[0].data["outcome"] == row["ours"]["outcome"]
    out = fix_source(src, lambda b: lin.lint("t.sh", b), True).source.decode()
    assert out == row["ours"]["text"]
    if "suggests" in row["ours"]:
        assert row["ours"]["suggests"] in calls[0].message
    assert isinstance(row["same"], bool) and row["why"]


def test_every_pair_is_compared() -> None:
    pairs = {p.name.rsplit(".", 1)[0] for p in CORPUS.glob("*.before")}
    assert pairs == {p for p, _, _ in ROWS}
