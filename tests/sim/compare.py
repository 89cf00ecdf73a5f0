"""Run a script and its rewrite on the simulated host and decide whether the rewrite kept its promise.

A safe fix must give the same result: the same host operations (in order, tool names aside), the same stdout,
exit status and files.  An unsafe fix may differ, but only as its finding says.  A finding declares its
differences by reason codes: `data["reasons"]` (space-separated: behaviour-change ids, `cmd`, `opt:FLAG`...) or,
from the older linter, the `behaviour_change` ids of the findings reported on the same call.  Each code allows
one or more *channels* of the rewritten call itself:

- `operation`: what the call asks the host to do (a field of its action record, a different action),
- `status`: the call's exit status,
- `output`: the call's stdout (a script that reads it may then go another way).

An attempt the host refused (an action recorded with ok: false: xend, libxl or libvirtd was asked and changed
nothing) is not an operation: where a tool checks (xm and xl open a save image themselves, virsh leaves it to
libvirtd) is invisible to the script, and the failure still shows in the call's exit status and output.

A rewritten call that fails where the original succeeded is `broken`: no reason covers that (a rewrite known to
be broken must not be offered at all).

When the whole unsafe rewrite differs, each unsafe fix is applied alone and run again; the first call that
behaves differently must be the rewritten call (the only target-tool call in that version), and the way it
differs must be one of its channels.  Anything after that first difference is its consequence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.sim.ops import ACTION, CALL, EXTERNAL
from tests.sim.runner import Run, Scenario, Simulator
from xlref.findings import Applicability, Edit, Finding
from xlref.lint.apply import apply_once, fix_source

Lint = Callable[[bytes], list[Finding]]
SAME, DECLARED, WRONG, UNCHANGED = "same", "declared", "wrong", "unchanged"


@dataclass
class Call:
    tool: str
    ops: list[dict[str, Any]]
    status: int
    stdout: str
    argv: list[str] = field(default_factory=list)

    def subcommand(self) -> str:
        """The first word that is not an option (xl/virsh global options come first)."""
        words = [w for w in self.argv if not w.startswith("-")]
        return words[0] if words else ""

    def key(self) -> tuple[str, int]:
        return (repr(_effective(self.ops)), self.status)


def _norm(op: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in op.items() if k not in ("tool",)}


def _effective(ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The operations that took effect, normalised (a refused attempt changed nothing)."""
    return [_norm(o) for o in ops if o.get("ok", True)]


def calls(run: Run) -> list[Call]:
    out: list[Call] = []
    pending: list[dict[str, Any]] = []
    for op in run.ops:
        if op["kind"] == CALL:
            out.append(Call(op["tool"], pending, op.get("status", 0), op.get("stdout", ""), op.get("argv", [])))
            pending = []
        elif op["kind"] in (ACTION, EXTERNAL):
            pending.append(op)
    return out


def differences(a: Run, b: Run) -> list[str]:
    """What differs between two runs of a script, as a script's user sees it."""
    out = []
    if a.timed_out or b.timed_out:
        out.append(f"timeout: original {a.timed_out}, rewrite {b.timed_out}")
    if _effective(a.actions()) != _effective(b.actions()):
        out.append("operations: " + _first_diff(_effective(a.actions()), _effective(b.actions())))
    if a.stdout != b.stdout:
        out.append("stdout: " + _first_diff(a.stdout.decode(errors="replace").splitlines(),
                                            b.stdout.decode(errors="replace").splitlines()))
    if a.status != b.status:
        out.append(f"exit status: {a.status} -> {b.status}")
    if a.files != b.files:
        changed = sorted(k for k in set(a.files) | set(b.files) if a.files.get(k) != b.files.get(k))
        out.append("files: " + ", ".join(changed))
    return out


def _first_diff(a: list[Any], b: list[Any]) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"#{i + 1}: {x!r} -> {y!r}"
    if len(a) != len(b):
        extra = a[len(b):] if len(a) > len(b) else b[len(a):]
        return f"{'missing' if len(a) > len(b) else 'extra'} after #{min(len(a), len(b))}: {extra[0]!r}"
    return "(same items)"


def divergence(a: Run, b: Run, target: str) -> tuple[str, Call | None]:
    """How the rewritten call first behaves differently: `operation`, `status`, `output`, `broken` (it fails
    where the original call succeeded: never a declared difference), or `elsewhere` when the first difference is
    not at a rewritten call (a target-tool call, or a renamed program); `none` when every call matches.

    A call whose stdout differs may not matter (the script throws it away), so the first call that differs in
    what it does or how it exits counts first; a stdout difference counts when it comes before that call and is
    a rewritten call's (the script read it and went another way).  A call that fails in both versions with
    another code and prints other text counts as `output` when the script's stdout differs too (the code
    reaches the script only through `$?`)."""
    ca, cb = calls(a), calls(b)
    pairs = list(zip(ca, cb, strict=False))

    def rewritten(i: int) -> bool:
        return cb[i].tool == target or cb[i].tool != ca[i].tool

    hard = next((i for i, (x, y) in enumerate(pairs) if x.key() != y.key()), None)
    soft = next((i for i, (x, y) in enumerate(pairs) if x.stdout != y.stdout and rewritten(i)), None)
    if hard is not None and rewritten(hard):
        x, y = pairs[hard]
        if x.status == 0 and y.status != 0:
            return "broken", y
        if repr(_effective(x.ops)) != repr(_effective(y.ops)):
            return "operation", y
        if x.status != 0 and y.status != 0 and x.stdout != y.stdout and a.stdout != b.stdout:
            return "output", y  # failed either way, and the script shows other text (the number only via $?)
        return "status", y
    if soft is not None and (hard is None or soft < hard):
        return "output", cb[soft]
    if hard is not None:
        return "elsewhere", cb[hard]
    return ("elsewhere", None) if len(ca) != len(cb) else ("none", None)


# -- what a finding declares --------------------------------------------------------------------------------
def _behaviour(data: dict[str, Any], code: str, command: str) -> dict[str, Any] | None:
    for rec in data["commands"]:
        if rec["tool"] == "xm" and rec["name"] == command:
            for bc in rec.get("behaviour_changes", []):
                if bc["id"] == code:
                    return dict(bc)
    return None


def channels(data: dict[str, Any], code: str, command: str) -> set[str]:
    """The channels a reason code opens: a behaviour change by its kind (output_format -> output, exit_status
    -> status, any other kind -> operation; when_output_used/when_status_used add output/status); `cmd` (the
    replacement command behaves differently) -> operation and output; `opt:FLAG` -> operation; `output-shown`
    (what it prints to the terminal changes) -> output; `status-value` (the number a failing call exits with) -> status;
    a code the table does not know opens nothing.  No code
    opens `broken`."""
    bc = _behaviour(data, code, command)
    if bc is not None:
        out: set[str] = set()
        if bc["kind"] == "output_format" or bc.get("when_output_used"):
            out.add("output")
        if bc["kind"] == "exit_status" or bc.get("when_status_used"):
            out.add("status")
        if bc["kind"] not in ("output_format", "exit_status"):
            out.add("operation")
        return out
    if code == "cmd":  # the replacement command as a whole behaves differently (its note says how)
        return {"operation", "output"}
    if code.startswith("opt:"):
        return {"operation"}
    if code == "output-shown":  # the text the call prints to the terminal changes
        return {"output"}
    if code == "status-value":  # the number a failing call exits with changes
        return {"status"}
    if code in ("env-default", "shared-unsafe"):
        return {"operation", "output"}
    return set()


#: findings whose rewrite is different by design (another service, file or program is named): what they open
RULE_CHANNELS = {"XL401": {"operation"}, "XL402": {"operation", "output", "status"},
                 "XL403": {"operation", "output", "status"}, "XL404": {"operation", "output", "status"},
                 "XL405": {"operation", "output", "status"}}


def reasons(finding: Finding, all_findings: list[Finding]) -> list[str]:
    """The reason codes of a fix: its `reasons` data, else (older linter) the behaviour changes and changed
    options reported on the same call, else its rule code when RULE_CHANNELS knows it."""
    if finding.data.get("reasons"):
        return finding.data["reasons"].split()
    inside = [f for f in all_findings if f is not finding and finding.start_byte <= f.start_byte < finding.end_byte]
    codes = {f.data["behaviour_change"] for f in inside if f.data.get("behaviour_change")}
    codes |= {"opt:" + f.message.split()[1] for f in inside if f.code in ("XL201", "XL202")}
    if not codes and finding.code in RULE_CHANNELS:
        codes.add(finding.code)
    return sorted(codes)


def culprits(unit: Unit, call: Call | None) -> list[Finding]:
    """The unit's findings that made `call` (the ones whose replacement is that command, when the unit groups
    several calls through one variable), else all of them."""
    members = unit.findings
    if call is not None and len(members) > 1:
        sub = call.subcommand()
        mine = [f for f in members if f.data.get("replacement", "").split()[-1:] == [sub]]
        members = mine or members
    return members


def declared(members: list[Finding], findings: list[Finding], data: dict[str, Any]) -> tuple[list[str], set[str]]:
    """The reason codes of these fixes and the channels they open."""
    codes: list[str] = []
    allowed: set[str] = set()
    for f in members:
        for code in reasons(f, findings):
            codes.append(code)
            allowed |= RULE_CHANNELS.get(code) or channels(data, code, f.data.get("xm_command", ""))
    return codes, allowed


@dataclass
class Unit:
    """Fixes applied together (they share an edit, e.g. the assignment of $XM)."""

    findings: list[Finding]
    edits: list[Edit]
    unsafe: bool


def units(findings: list[Finding], unsafe: bool) -> list[Unit]:
    fixable = [f for f in findings if f.fix is not None and (unsafe or f.fix.applicability is Applicability.SAFE)]
    groups: list[Unit] = []
    for f in fixable:
        assert f.fix is not None
        hit = [u for u in groups if set(u.edits) & set(f.fix.edits)]
        merged = Unit([f], list(f.fix.edits), f.fix.applicability is Applicability.UNSAFE)
        for u in hit:
            groups.remove(u)
            merged = Unit(u.findings + merged.findings, sorted({*u.edits, *merged.edits}), u.unsafe or merged.unsafe)
        groups.append(merged)
    return groups


# -- the verdict --------------------------------------------------------------------------------------------
@dataclass
class Verdict:
    outcome: str  # same | declared | wrong | unchanged
    details: list[str] = field(default_factory=list)
    original: Run | None = None
    rewritten: Run | None = None
    rewritten_source: bytes = b""


def check_all(sim: Simulator, source: bytes, name: str, scenario: Scenario, lints: Mapping[str, Lint],
              data: dict[str, Any]) -> dict[tuple[str, str], Verdict]:
    """Every target and mode ('fix', 'unsafe') of one script and scenario; all rewrites run side by side."""
    modes = (False, True)
    versions = [source, *(fix_source(source, lint, unsafe).source for lint in lints.values() for unsafe in modes)]
    sim.prefetch(versions, name, scenario)
    return {(target, "unsafe" if unsafe else "fix"): check(sim, source, name, scenario, lint, target, unsafe, data)
            for target, lint in lints.items() for unsafe in (False, True)}


def check(sim: Simulator, source: bytes, name: str, scenario: Scenario, lint: Lint, target: str,
          unsafe: bool, data: dict[str, Any], explain: bool = False) -> Verdict:
    """Compare `source` with its `--fix` (or `--fix --unsafe-fixes`) rewrite on one scenario.  With `explain`
    a wrong rewrite is taken apart fix by fix to the end (without it, up to the first wrong fix: an unsafe
    rewrite's verdict needs that much; a safe one's none)."""
    fixed = fix_source(source, lint, unsafe)
    if fixed.source == source:
        return Verdict(UNCHANGED)
    sim.prefetch([source, fixed.source], name, scenario)
    original = sim.run(source, name, scenario)
    rewritten = sim.run(fixed.source, name, scenario)
    diffs = differences(original, rewritten)
    verdict = Verdict(SAME, [], original, rewritten, fixed.source)
    if not diffs:
        return verdict
    if not unsafe and not explain:  # a safe rewrite that changes anything is wrong; which fix did it is detail
        verdict.outcome, verdict.details = WRONG, ["the safe fixes change what the script does", *diffs]
        return verdict
    findings = lint(source)
    problems: list[str] = []
    explained = False
    todo = [(u, apply_once(source, u.findings, True)[0]) for u in units(findings, unsafe)]
    if unsafe and not explain:  # the safe fixes were judged together (--fix): take apart the unsafe ones only
        safe = fix_source(source, lint, False).source
        if safe != source and differences(original, sim.run(safe, name, scenario)):
            problems.append("the safe fixes change what the script does (see the --fix verdict)")
            explained = True
        todo = [(u, alone) for u, alone in todo if u.unsafe]
    for i, (unit, alone) in enumerate(todo):
        if problems and not explain:
            break  # the verdict is settled: wrong
        if i % sim.workers == 0:  # a few at a time, so that a settled verdict stops early
            sim.prefetch([a for _, a in todo[i:i + sim.workers]], name, scenario)
        run = sim.run(alone, name, scenario)
        seen = differences(original, run)
        if not seen:
            continue
        explained = True
        how, call = divergence(original, run, target)
        members = culprits(unit, call)
        label = f"line {members[0].line}: {members[0].message}"
        if not unit.unsafe:
            problems.append(f"{label}: a safe fix changes what the script does ({how}); " + "; ".join(seen))
            continue
        codes, allowed = declared(members, findings, data)
        if how not in allowed:
            problems.append(f"{label}: its call differs in {how}, declared: {', '.join(codes) or 'nothing'}"
                            "; " + "; ".join(seen))
    if not explained:
        problems.append("the fixes change the behaviour together, none alone: " + "; ".join(diffs))
    verdict.outcome = WRONG if problems else DECLARED
    verdict.details = problems or diffs
    return verdict
