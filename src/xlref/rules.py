"""One registry of every finding code: XL1xx–XL4xx and XL9xx from `xlref lint`, XL5xx from `xlref config check`.

`xlref rule` and the site's rule pages read this, so a code is explained the same way everywhere.
It imports nothing heavy, so listing the rules is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlref.findings import Severity

FAMILIES = {"1": "commands", "2": "options", "3": "output and behaviour", "4": "xend and host", "5": "configs",
            "9": "dynamic and parse"}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    example_before: str
    example_after: str
    fix: str  # safe | unsafe | none | varies
    unsafe_when: str = ""

    @property
    def family(self) -> str:
        return FAMILIES[self.code[2]]


def all_rules() -> list[Rule]:
    from xlref.config.rules import RULES as CONFIG_RULES
    from xlref.lint.rules import all_rules as lint_rules

    return sorted([*lint_rules(), *CONFIG_RULES.values()], key=lambda r: r.code)


def get(code: str) -> Rule | None:
    wanted = code.upper()
    return next((r for r in all_rules() if r.code == wanted), None)
