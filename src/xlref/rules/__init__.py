"""One registry of every finding code: XL1xx–XL4xx and XL9xx from `xlref lint`, XL5xx from `xlref config check`.

`xlref rule`, the site's rule pages, the linter and the config checker all read this, so a code has one
severity and one explanation everywhere.  The definitions are data modules beside this one (`lint`, `config`);
the wings import the registry, never the other way round.  Nothing heavy is imported.
"""

from __future__ import annotations

from xlref.rules.model import FAMILIES, Rule

__all__ = ["FAMILIES", "Rule", "all_rules", "config_rules", "get", "lint_rules", "matches"]


def lint_rules() -> list[Rule]:
    from xlref.rules.lint import LINT_RULES

    return list(LINT_RULES)


def config_rules() -> dict[str, Rule]:
    from xlref.rules.config import CONFIG_RULES

    return CONFIG_RULES


def all_rules() -> list[Rule]:
    return sorted([*lint_rules(), *config_rules().values()], key=lambda r: r.code)


def get(code: str) -> Rule | None:
    wanted = code.upper()
    return next((r for r in all_rules() if r.code == wanted), None)


def matches(code: str, patterns: list[str]) -> bool:
    """Does `code` match any of `patterns` (exact code, prefix like XL1 or XL30, or ALL)?"""
    code = code.upper()
    return any(p.upper() == "ALL" or code.startswith(p.upper()) for p in patterns if p)
