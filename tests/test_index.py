"""Resolution follows each tool's own rules: xm exact/alias/prefix>=2, xl exact/prefix, virsh exact/alias."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlref.data.index import Index
from xlref.data.load import load_path


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(load_path(Path(__file__).parent / "fixtures" / "mini.yaml", use_cache=False))


@pytest.mark.parametrize(
    ("tool", "word", "release", "how", "name"),
    [
        ("xm", "migrate", None, "name", "migrate"),
        ("xm", "balloon", None, "alias", "mem-set"),
        ("xm", "mi", None, "prefix", "migrate"),
        ("xm", "mem", None, "prefix", "mem-set"),
        ("xm", "m", None, "none", None),  # xm needs two letters before it tries prefixes
        ("xm", "ba", None, "none", None),  # prefixes match names, never aliases
        ("xl", "m", None, "ambiguous", None),
        ("xl", "mi", None, "prefix", "migrate"),
        ("xl", "su", None, "prefix", "suspend"),
        ("xl", "su", "4.19", "none", None),  # suspend arrived in 4.20
        ("xl", "s", "4.19", "prefix", "save"),  # ...so in 4.19 `xl s` is unambiguous
        ("xl", "s", None, "ambiguous", None),
        ("virsh", "setmem", None, "name", "setmem"),
        ("virsh", "setm", None, "none", None),  # virsh does no prefix matching
    ],
)
def test_resolve(index: Index, tool: str, word: str, release: str | None, how: str, name: str | None) -> None:
    res = index.resolve(tool, word, release)
    assert res.how == how
    assert (res.record or {}).get("name") == name


def test_ambiguous_lists_candidates(index: Index) -> None:
    assert index.resolve("xl", "s").candidates == ["save", "suspend"]


@pytest.mark.parametrize(
    ("tool", "word", "expected"),
    [
        ("virsh", "setmemory", ["setmem"]),
        ("xm", "migrat", ["migrate"]),
        ("xm", "pasue", ["pause"]),
        ("xm", "zzz", []),
    ],
)
def test_suggest(index: Index, tool: str, word: str, expected: list[str]) -> None:
    assert index.suggest(tool, word) == expected
