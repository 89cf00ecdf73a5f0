"""`xlref rule CODE` and the site's rule pages say what a fix does: a rule without a fix shows the example as what
to write by hand and nothing about when the (absent) fix is unsafe (`xlref rule XL513` once printed "Fix: none
(unsafe when There is no automatic fix ...)" above an "After:" block)."""

from __future__ import annotations

import pytest

from xlref.explain import format_rule
from xlref.rules import all_rules
from xlref.site.rules import render_rule

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_text(rule: object) -> None:
    from xlref.rules import Rule

    assert isinstance(rule, Rule)
    text = format_rule(rule)
    page = render_rule(rule)
    if rule.fix == "none":
        assert "Fix: none (change it by hand)\n" in text and "\nBy hand:\n" in text
        assert "Unsafe when" not in text and "unsafe when" not in text
        assert "When the fix is unsafe" not in page and '=== "By hand"' in page
    else:
        assert f"Fix: {rule.fix}\n" in text and "\nAfter:\n" in text and "By hand" not in text
        assert ("Unsafe when: " in text) == bool(rule.unsafe_when)
        assert '=== "After"' in page or not rule.example_before
