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


def format_rule(r: Rule) -> str:
    lines = [f"{r.code} {r.name} [{r.severity.value}]", "", r.summary, "", r.explanation, "",
             f"Fix: {r.fix}" + (f" (unsafe when {r.unsafe_when})" if r.unsafe_when else ""), "",
             "Before:"]
    lines += [f"    {x}" for x in r.example_before.splitlines()]
    lines += ["After:"]
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
