"""The real-world corpus, call by call (tests/lint/tables/corpus.yaml): what the linter says about every xm
call for --target xl and --target virsh, what --fix and --fix --unsafe-fixes leave on each line, and that
nothing else changes (look-alikes, comments, heredoc text), the result parses as before, fixing again changes
nothing, and a file left half migrated says so (XL906).  The table is reviewed by hand: a changed outcome
fails here until the table (and its notes) say why."""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import pytest
import yaml

from tests.lint.corpus_kit import SUITES, TABLES, Suite, fixed, linter, outcome_rows, read, syntax_errors
from xlref.lint.apply import fix_source
from xlref.lint.partial import STILL_XM

TARGETS = ("xl", "virsh")
MODES = {"safe": ("safe",), "unsafe": ("safe", "unsafe")}


FILES = [(suite, name) for suite in SUITES for name in suite.files]
IDS = [f"{suite.name}:{name}" for suite, name in FILES]


@cache
def table(suite: Suite) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((TABLES / f"{suite.name}.yaml").read_text(encoding="utf-8"))
    return doc


def _rows(suite: Suite, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table(suite)["files"][name]["calls"] or []
    return rows


def _expected(suite: Suite, name: str, target: str) -> list[tuple[Any, ...]]:
    return [(r["line"], r["call"], r[target]["code"], r[target]["outcome"], r[target].get("reasons", []),
             r[target].get("fixed")) for r in _rows(suite, name) if target in r]


@pytest.mark.parametrize("suite", SUITES, ids=[s.name for s in SUITES])
def test_table_lists_every_file(suite: Suite) -> None:
    assert sorted(table(suite)["files"]) == sorted(suite.files)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(("suite", "name"), FILES, ids=IDS)
def test_outcome_of_every_call(suite: Suite, name: str, target: str) -> None:
    got = sorted((r["line"], r["call"], r["code"], r["outcome"], r["reasons"], r["fixed"])
                 for r in outcome_rows(name, target, (), suite))
    assert got == sorted(_expected(suite, name, target))


def _lines(text: bytes) -> list[str]:
    return [line.decode("utf-8", "replace").strip() for line in text.split(b"\n")]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(("suite", "name"), FILES, ids=IDS)
def test_fix_changes_only_the_rewritten_lines(suite: Suite, name: str, target: str, mode: str) -> None:
    src = read(name, suite)
    out, remaining = fixed(name, target, mode == "unsafe", (), suite)
    allowed: dict[int, str] = {}
    for outcome in MODES[mode]:  # unsafe rows' lines win: --unsafe-fixes applies both on a shared line
        for row in _rows(suite, name):
            entry = row.get(target, {})
            if entry.get("outcome") == outcome:
                allowed.update(entry.get("fixed") or {})
    before, after = _lines(src), _lines(out)
    assert len(before) == len(after)
    changed = {n: line for n, (a, line) in enumerate(zip(before, after, strict=True), 1) if a != line}
    assert changed == {n: allowed[n] for n in changed}, "a line changed that no call row allows"
    assert {n: after[n - 1] for n in allowed} == allowed, "a rewrite listed in the table was not applied"
    assert syntax_errors(out).count("\n") == syntax_errors(src).count("\n"), "the fix broke the syntax"
    lin = linter(target, (), suite.source_path)
    again = fix_source(out, lambda b: lin.lint(str(suite.root / name), b), mode == "unsafe").source
    assert again == out, "fixing twice changes more"
    partial = "XL906" in {f.code for f in remaining}
    assert partial == (mode in table(suite)["files"][name].get("partial", {}).get(target, [])), \
        "XL906 (partial migration) does not match the table"
    if partial:
        assert changed and any(f.code in STILL_XM for f in remaining)


def counts(suite: Suite, target: str) -> dict[str, int]:
    c: Counter[str] = Counter()
    for name in suite.files:
        for row in _rows(suite, name):
            entry = row.get(target)
            if entry is None:
                continue
            c["calls"] += 1
            c[entry["outcome"]] += 1
            if entry["outcome"] == "none":
                c["none with reason"] += bool(entry.get("reasons"))
            c["wrong"] += bool(entry.get("wrong"))
    return dict(c)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("suite", SUITES, ids=[s.name for s in SUITES])
def test_summary(suite: Suite, target: str) -> None:
    """The figures quoted in the table's summary; every call without a fix has a reason, none is wrong."""
    got = counts(suite, target)
    assert got == table(suite)["summary"][target]
    assert got.get("none", 0) == got.get("none with reason", 0)
    assert got.get("wrong", 0) == 0


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("suite", SUITES, ids=[s.name for s in SUITES])
def test_summary_with_every_assumption(suite: Suite, target: str) -> None:
    """With every host assumption stated, fixes that only differed on such hosts become safe."""
    want = table(suite)["summary_assuming"]
    c: Counter[str] = Counter()
    for name in suite.files:
        for row in outcome_rows(name, target, tuple(want["assume"]), suite):
            c["calls"] += 1
            c[row["outcome"]] += 1
    assert dict(c) == want[target]
    assert c["safe"] >= table(suite)["summary"][target].get("safe", 0)
