"""Pages for the lint and config rules, read from the shared registry (xlref.rules.all_rules)."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from xlref.site.render import render

FIX_DETAIL = {
    "safe": "The automatic fix rewrites the call so that it behaves as before.",
    "unsafe": (
        "A fix is offered but not applied by default: the rewritten call may behave differently "
        "(units, defaults, output or transport), so review each change."
    ),
    "none": "No automatic fix: the script needs a decision only a person can make.",
    "varies": (
        "Depends on the call: the fix is safe when the dataset records the same behaviour for the "
        "rewritten call, and unsafe otherwise."
    ),
}


def load_rules() -> list[Any]:
    """Every registered rule: the linter's and the config checker's (xlref.rules)."""
    from xlref.rules import all_rules

    return list(all_rules())


def text_of(value: Any) -> str:
    """Enum members and plain strings alike."""
    return str(getattr(value, "value", value) or "")


def rule_slug(rule: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text_of(rule.code).lower()).strip("-")


def rule_page(rule: Any) -> str:
    return f"rules/{rule_slug(rule)}.md"


def fence(text: str) -> Markup:
    """A fenced shell block longer than any backtick run inside it (the text is shown verbatim)."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return Markup(f"{ticks} sh\n{text.rstrip()}\n{ticks}")


def rule_context(rule: Any) -> dict[str, Any]:
    fix = text_of(getattr(rule, "fix", "")) or "none"
    return {
        "code": text_of(rule.code),
        "name": text_of(getattr(rule, "name", "")),
        "severity": text_of(getattr(rule, "severity", "")),
        "summary": text_of(getattr(rule, "summary", "")),
        "explanation": Markup(text_of(getattr(rule, "explanation", "")).strip()),
        "before": fence(text_of(getattr(rule, "example_before", ""))),
        "after": fence(text_of(getattr(rule, "example_after", ""))),
        "has_example": bool(getattr(rule, "example_before", "")),
        "fix": fix,
        "fix_detail": FIX_DETAIL.get(fix, ""),
        # A rule without a fix has nothing that could be unsafe (the config rules fill the field anyway).
        "unsafe_when": text_of(getattr(rule, "unsafe_when", "")) if fix != "none" else "",
        "after_label": "By hand" if fix == "none" else "After",
        "family": text_of(getattr(rule, "family", "")),
    }


def render_rule(rule: Any) -> str:
    return render("rule.md.j2", **rule_context(rule))


def render_rules_index(rules: list[Any]) -> str:
    rows = [{**rule_context(r), "page": rule_slug(r) + ".md"} for r in rules]
    return render("rules_index.md.j2", rows=sorted(rows, key=lambda r: str(r["code"])))
