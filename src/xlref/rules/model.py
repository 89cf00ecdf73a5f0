"""What a finding code is: the `Rule` record shared by lint and config codes."""

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
