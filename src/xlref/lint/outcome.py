"""The three outcomes of a rewrite, as users read them: a safe fix, an unsafe fix that names each
difference, or no fix with the reason and what to do instead.  Also the host assumptions that neutralise
behaviour differences (the catalogue is the dataset's `assumptions` section)."""

from __future__ import annotations

from typing import Any

from xlref.lint.model import Plan


def outcome_text(plan: Plan) -> str:
    """The status appended to a call's finding."""
    if plan.fix == "safe":
        if plan.assumed:
            return f"safe fix, assuming {', '.join(plan.assumed)}"
        return "safe fix"
    if plan.fix == "unsafe":
        why = "; ".join(_clause(text) for _, text in plan.unsafe) or "the dataset marks this rewrite unsafe"
        assumed = f"; assuming {', '.join(plan.assumed)}" if plan.assumed else ""
        return f"unsafe fix: {why}{assumed}"
    return f"no automatic fix: {plan.reason}" if plan.reason else "no automatic fix"


def _clause(text: str) -> str:
    """A reason as one clause of a '; '-joined list (its closing full stop dropped)."""
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def outcome_data(plan: Plan) -> dict[str, str]:
    """Machine-readable outcome for json/sarif: outcome, reason codes, assumptions relied on."""
    out = {"outcome": plan.fix or "none"}
    if plan.fix == "unsafe":
        out["reasons"] = " ".join(code for code, _ in plan.unsafe) or "cmd"
    elif plan.fix is None and plan.reason_code:
        out["reasons"] = plan.reason_code
    if plan.assumed:
        out["assumed"] = " ".join(plan.assumed)
    return out


def assumed_changes(data: Any, stated: list[str]) -> dict[str, str]:
    """'xm-command/behaviour-id' (or 'wrapper:sudo') -> the stated assumption that makes it irrelevant."""
    out: dict[str, str] = {}
    for a in data.get("assumptions", []):
        if a["id"] in stated:
            for ref in a["neutralises"]:
                out[ref.removeprefix("xm:")] = a["id"]
    return out


#: wrappers that may be limited to xm by a rule of their own (sudoers, doas.conf)
RULED_WRAPPERS = ("sudo", "doas")


def wrapper_risk(wrappers: tuple[str, ...], target: str, assumed: dict[str, str], plan: Plan) -> None:
    """`sudo xm ...`: a sudoers rule may allow xm and not the target program."""
    for w in RULED_WRAPPERS:
        if w not in wrappers:
            continue
        assumption = assumed.get(f"wrapper:{w}")
        if assumption is not None:
            plan.assume(assumption)
        else:
            plan.worsen("unsafe", f"wrapper:{w}", f"{w} runs it: a {w} rule that allows xm may not allow {target}")
