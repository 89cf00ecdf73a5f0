"""The rule registry: complete, documented, and every code the linter emits is registered."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from xlref import rules
from xlref.explain import explain, format_rule

SRC = Path(rules.__file__).resolve().parent.parent / "lint"


def test_registry_fields() -> None:
    seen = set()
    for r in rules.lint_rules():
        assert re.fullmatch(r"XL[1-49]\d\d", r.code)
        assert r.code not in seen
        seen.add(r.code)
        assert r.name and r.summary and "\n" not in r.summary
        assert len(r.explanation) > 80
        assert r.example_before and r.example_after
        assert r.fix in ("safe", "unsafe", "none", "varies")
        if r.fix in ("unsafe", "varies"):
            assert r.unsafe_when, r.code
        assert r.family


def test_every_emitted_code_is_registered() -> None:
    emitted = set()
    for f in SRC.glob("*.py"):
        for node in ast.walk(ast.parse(f.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(
                    r"XL\d{3}", node.value):
                emitted.add(node.value)
    registered = {r.code for r in rules.lint_rules()}
    assert emitted <= registered
    assert registered - emitted <= set(), registered - emitted


@pytest.mark.parametrize(("code", "patterns", "expected"), [
    ("XL101", ["XL1"], True), ("XL101", ["XL10"], True), ("XL101", ["XL2"], False),
    ("XL101", ["ALL"], True), ("xl101", ["XL101"], True), ("XL101", [], False),
])
def test_matches(code: str, patterns: list[str], expected: bool) -> None:
    assert rules.matches(code, patterns) is expected


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert explain("xl102") == 0
    out = capsys.readouterr().out
    assert out.startswith("XL102 renamed-command") and "virsh suspend" in out
    assert explain("XL999") == 1
    assert explain(None, as_json=True) == 0
    assert '"code": "XL904"' in capsys.readouterr().out
    assert "Before:" in format_rule(rules.get("XL401"))


def test_shared_registry_explains_config_rules_too() -> None:
    """`xlref rule` and the site read one registry: lint (XL1-4xx, XL9xx) and config (XL5xx) codes."""
    from xlref.rules import all_rules, get

    codes = [r.code for r in all_rules()]
    assert codes == sorted(set(codes))
    assert {c[:3] for c in codes} == {"XL1", "XL2", "XL3", "XL4", "XL5", "XL9"}
    rule = get("xl507")
    assert rule is not None and rule.family == "configs"
    assert all(r.example_before and r.example_after for r in all_rules())
