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
        ("xm", "m", None, "short", None),  # xm needs two letters before it tries prefixes
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
    assert index.resolve("xm", "m").candidates == ["mem-set", "migrate"]  # too short for xm: what it could mean


def _xl(name: str, first: str, last: str | None = None, former: list[str] | None = None) -> dict[str, object]:
    rec: dict[str, object] = {"tool": "xl", "name": name, "first_release": first}
    if last:
        rec["last_release"] = last
    if former:
        rec["former_names"] = former
    return rec


RETIRED = Index({"commands": [_xl("list-vm", "4.1", "4.1"), _xl("vm-list", "4.2", former=["list-vm"]),
                              _xl("tmem-list", "4.1", "4.12"), _xl("tmem-set", "4.1", "4.12"), _xl("list", "4.1")]})


@pytest.mark.parametrize(("word", "release", "how", "name"), [
    ("list-vm", None, "retired", "list-vm"),  # the latest xl lacks it: answer with the old record
    ("list-vm", "4.1", "name", "list-vm"),
    ("list-vm", "4.2", "none", None),
    ("tmem-l", None, "retired", "tmem-list"),  # a unique prefix among retired names
    ("tmem", None, "none", None),  # ...not an ambiguous one
    ("vm", None, "prefix", "vm-list"),  # current names first
    ("l", None, "prefix", "list"),  # not ambiguous with list-vm: retired names are no prefix candidates
])
def test_retired_xl_commands(word: str, release: str | None, how: str, name: str | None) -> None:
    res = RETIRED.resolve("xl", word, release)
    assert (res.how, (res.record or {}).get("name")) == (how, name)


def test_successor() -> None:
    assert (RETIRED.successor("xl", "list-vm") or {}).get("name") == "vm-list"
    assert RETIRED.successor("xl", "tmem-list") is None


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
