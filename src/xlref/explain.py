"""`xlref rule [CODE]`: the long explanation of a rule (lint or config), or the list of rules."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import TextIO

from xlref.exitcodes import ExitCode
from xlref.rules import Rule, all_rules, get


def rule_dict(r: Rule) -> dict[str, str]:
    d = asdict(r)
    d["severity"] = r.severity.value
    d["family"] = r.family
    return d


def fix_lines(r: Rule) -> list[str]:
    """`Fix: unsafe` and, on its own line, when it is unsafe; a rule without a fix has nothing to be unsafe."""
    if r.fix == "none":
        return ["Fix: none (change it by hand)"]
    return [f"Fix: {r.fix}"] + ([f"Unsafe when: {r.unsafe_when}"] if r.unsafe_when else [])


def after_label(r: Rule) -> str:
    """What the second example is: the fix's output, or what to write by hand when there is no fix."""
    return "By hand:" if r.fix == "none" else "After:"


def format_rule(r: Rule) -> str:
    lines = [f"{r.code} {r.name} [{r.severity.value}]", "", r.summary, "", r.explanation, "", *fix_lines(r), "",
             "Before:"]
    lines += [f"    {x}" for x in r.example_before.splitlines()]
    lines += [after_label(r)]
    lines += [f"    {x}" for x in r.example_after.splitlines()]
    return "\n".join(lines) + "\n"


def explain(code: str | None, *, as_json: bool = False, out: TextIO | None = None,
            err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    if code is None:
        rules = all_rules()
        if as_json:
            out.write(json.dumps([rule_dict(r) for r in rules], indent=2) + "\n")
        else:
            for listed in rules:
                out.write(f"{listed.code}  {listed.name:<26} {listed.severity.value:<8} {listed.fix:<7} "
                          f"{listed.summary}\n")
        return int(ExitCode.OK)
    rule = get(code)
    if rule is None:
        print(f"xlref rule: unknown rule {code!r} (see `xlref rule` for the list)", file=err)
        return int(ExitCode.NOT_FOUND)
    out.write(json.dumps(rule_dict(rule), indent=2) + "\n" if as_json else format_rule(rule))
    return int(ExitCode.OK)
