"""Decide whether a rewrite changes what the script reads: the readers of a call's output (consumers.Use)
against the part-by-part comparison of the two tools' formats (data.outcompare).

Outcomes: `unused` (nothing reads the text), `same` (every part read is identical), `shown` (the text only
reaches the terminal and looks different: an unsafe fix at most), `differs` (a reader looks at a part that
differs: no fix in any mode) and `unknown` (a reader the linter cannot follow, and the formats are not
identical: no fix either).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xlref.data.outcompare import Comparison, compare
from xlref.data.outhints import where
from xlref.data.outputs import Format, replacement_flags, select
from xlref.lint.consumers import Use
from xlref.lint.filters import Step
from xlref.lint.outtable import Walk, read_whole, walk_keys, walk_table
from xlref.lint.patterns import step_regex


@dataclass(frozen=True)
class Verdict:
    outcome: str  # unused | same | shown | differs | unknown
    reason: str = ""
    instead: str = ""

    @property
    def blocks_fix(self) -> bool:
        return self.outcome in ("differs", "unknown")


def _not_found(fmt: Format) -> str:
    errors = fmt.errors()
    chosen = next((e for e in errors if e["id"] == "no-such-domain"), errors[0] if errors else {"text": ""})
    return str(chosen["text"]).strip() or "nothing"


def _as_text(fmt: Format, key: dict[str, Any]) -> str:
    """How a key shows up in a document, for matching a grep pattern against it."""
    name = str(key["key"])
    if fmt.kind == "sxp":
        return f"({name} "
    if fmt.kind == "json":
        return f'"{name.rsplit(".", 1)[-1].rstrip("[]")}": '
    return name


def _errors(walk: Walk, steps: tuple[Step, ...]) -> None:
    """stderr is read too (2>&1, |&): a pattern that finds one tool's error message and not the other's."""
    for step in steps:
        rx = step_regex(step) if step.op == "match" else None
        if rx is None:
            continue
        hits_a = [e["text"] for e in walk.cmp.a.errors() if rx.search(e["text"])]
        hits_b = [e["text"] for e in walk.cmp.b.errors() if rx.search(e["text"])]
        if bool(hits_a) != bool(hits_b):
            shown = (hits_a or hits_b)[0].strip()
            walk.problems.append(f"`{step.text}` finds the error message {shown!r} of "
                                 f"{walk.cmp.a.label if hits_a else walk.cmp.b.label} only")


def _same_hits(cmp: Comparison, steps: tuple[Step, ...]) -> bool:
    """`xm list -l D | grep -q domid` and the JSON of `xl list -l D`: a test for a member both documents
    have (the same meaning, the pattern matching its name in each syntax) gives the same answer."""
    if len(steps) != 2 or steps[0].op != "match" or steps[1].op != "exists" or steps[0].negate:
        return False
    if cmp.a.kind not in ("sxp", "json") or cmp.b.kind not in ("sxp", "json"):
        return False
    rx = step_regex(steps[0])
    if rx is None:
        return False
    hits_a = {k["meaning"] for k in cmp.a.keys if rx.search(_as_text(cmp.a, k))}
    hits_b = {k["meaning"] for k in cmp.b.keys if rx.search(_as_text(cmp.b, k))}
    return bool(hits_a) and hits_a == hits_b


class Judge:
    """Per linter run: the formats of the two tools, cached, and the verdict for a call's readers."""

    def __init__(self, outputs: Mapping[str, Any] | None, target: str, release: str | None) -> None:
        self.outputs = outputs
        self.target = target
        self.release = release
        self._cache: dict[tuple[object, ...], Comparison | None] = {}

    def comparison(self, xm_command: str, xm_flags: tuple[str, ...], command: str,
                   flags: tuple[str, ...]) -> Comparison | None:
        key = (xm_command, xm_flags, command, flags)
        if key not in self._cache:
            a = select(self.outputs, "xm", xm_command, xm_flags)
            b = select(self.outputs, self.target, command, flags, self.release)
            self._cache[key] = compare(a, b) if a is not None and b is not None else None
        return self._cache[key]

    def quiet_option(self, record: Mapping[str, Any], flags: list[str]) -> str | None:
        """The target's quiet option (virsh -q) when it makes the call print exactly what xm printed: virsh
        then leaves out its confirmations ("Domain 'web1' suspended") and the empty line after every
        command, which xm never printed."""
        traits: Mapping[str, Any] = next((t for t in (self.outputs or {}).get("tools", []) if t["tool"] == self.target),
                                         {})
        options = traits.get("quiet_options") or []
        repl = (record.get("replacements") or {}).get(self.target) or {}
        if not options or not repl.get("command"):
            return None
        quiet = str(options[0])
        base = replacement_flags(dict(record), self.target, flags)
        cmp = self.comparison(str(record["name"]), tuple(sorted(flags)), str(repl["command"]),
                              tuple(sorted([*base, quiet])))
        return quiet if cmp is not None and cmp.identical else None

    def verdict(self, use: Use, cmp: Comparison) -> Verdict:
        if not cmp.a.readable:
            return self._silent_xm(use, cmp)
        if not use.steps:
            return self._bare(use, cmp)
        steps = use.steps
        if use.status and use.sink in ("display", "discarded") and steps[-1].op == "match":
            # `if xm ... | grep X`: the condition is grep's status, the matched lines only reach the terminal
            verdict = self.verdict(Use("discarded", (*steps, Step("exists", text=steps[-1].text)), use.stderr,
                                       use.status, use.text), cmp)
            if verdict.outcome != "same" or use.sink == "discarded" or cmp.identical:
                return verdict
            return Verdict("shown", "the condition works the same, but the lines it prints look different: "
                           + "; ".join(cmp.differences()))
        walk = Walk(cmp, final=use.sink)
        done = self._walk(walk, steps)
        if use.stderr:
            _errors(walk, steps)
        if not done and use.sink in ("captured", "file", "function", "unknown") and not walk.projected:
            read_whole(walk, Step("whole", text=use.sink))
            walk.unknown = True
        if not walk.problems and not done and use.sink == "display" and not walk.projected and not (
                cmp.same_cells and (not walk.header or cmp.same_header_text)) and cmp.a.kind == "table":
            return Verdict("shown", "the lines printed to the terminal look different: " + "; ".join(cmp.differences()))
        if not walk.problems:
            return Verdict("same")
        reason = "; ".join(dict.fromkeys(walk.problems))
        return Verdict("unknown" if walk.unknown else "differs", reason, self._instead(walk, cmp))

    @staticmethod
    def _silent_xm(use: Use, cmp: Comparison) -> Verdict:
        """xm printed nothing on stdout (`xm sched-credit -d D -w 5`) but the target prints text (`virsh
        schedinfo` always prints the parameters after setting them): whatever reads or shows stdout changes."""
        if cmp.identical or not cmp.b.readable or (not use.steps and use.sink in ("discarded", "status")):
            return Verdict("unused")
        said = (f"{cmp.a.label} printed nothing on stdout, {cmp.b.label} prints "
                f"{cmp.b.kind.replace('_', '/')} text")
        if not use.steps and use.sink == "display":
            return Verdict("shown", f"the text printed to the terminal changes: {said}")
        return Verdict("differs", f"{said} (send the new call's stdout to /dev/null to keep reading nothing)")

    def _walk(self, walk: Walk, steps: tuple[Step, ...]) -> bool:
        cmp = walk.cmp
        if not cmp.same_kind or cmp.a.kind not in ("table", "key_value", "value", "lines"):
            if cmp.identical or _same_hits(cmp, steps):
                return True
            for s in steps:
                rx = step_regex(s) if s.op == "match" else None
                walk.meanings.extend(k["meaning"] for k in cmp.a.keys
                                     if rx is not None and rx.search(_as_text(cmp.a, k)))
            kind_a, kind_b = cmp.a.kind.replace("_", "/"), cmp.b.kind.replace("_", "/")
            walk.problems.append(f"`{steps[0].text}` reads the {kind_a} output of {cmp.a.label}, "
                                 f"but {cmp.b.label} prints {kind_b}" if not cmp.same_kind
                                 else f"`{steps[0].text}` reads text that differs: " + "; ".join(cmp.differences()))
            return True
        if cmp.a.kind == "table":
            return walk_table(walk, steps)
        if cmp.a.kind == "key_value":
            return walk_keys(walk, steps)
        if not cmp.same_values:
            spec = cmp.a.record.get("value") or {}
            walk.meanings.append(str(spec.get("meaning", "")))
            walk.problems.append(f"{cmp.a.label} and {cmp.b.label} write the value differently")
        return True

    def _bare(self, use: Use, cmp: Comparison) -> Verdict:
        if use.sink in ("discarded", "status"):
            return Verdict("unused")
        errors_a = sorted(e["text"] for e in cmp.a.errors())
        errors_b = sorted(e["text"] for e in cmp.b.errors())
        if use.stderr and use.sink not in ("display", "exists") and errors_a != errors_b and cmp.identical:
            return Verdict("unknown", f"the error messages go to {_SINKS.get(use.sink, use.sink)} too (2>&1), and "
                                      f"for an unknown domain {cmp.a.label} prints {_not_found(cmp.a)!r} where "
                                      f"{cmp.b.label} prints {_not_found(cmp.b)!r}")
        if cmp.identical:
            return Verdict("same")
        diff = "; ".join(cmp.differences())
        if use.sink == "display":
            return Verdict("shown", f"the text printed to the terminal changes: {diff}")
        if use.sink == "exists":
            walk = Walk(cmp)
            self._walk(walk, (Step("exists", text="a non-empty test"),))
            if not walk.problems:
                return Verdict("same")
            return Verdict("differs", "; ".join(walk.problems))
        spec = cmp.a.record.get("value") or {}
        meanings = [str(spec["meaning"])] if spec else [c["meaning"] for c in cmp.a.columns[:1]]
        walk = Walk(cmp, meanings=meanings)
        return Verdict("unknown", f"the output goes to {_SINKS.get(use.sink, use.sink)}, which the linter cannot "
                                  f"follow, and {diff}", self._instead(walk, cmp))

    def _instead(self, walk: Walk, cmp: Comparison) -> str:
        for meaning in dict.fromkeys(walk.meanings):
            hint = where(self.outputs, self.target, meaning, self.release, prefer=cmp.b.command)
            if hint:
                return hint
        return f"the output of `{cmp.b.tool} {cmp.b.command}` (check its layout first)"


_SINKS = {"captured": "a variable or word list ($(...))", "file": "a file", "function": "the caller of a function",
          "unknown": "a process substitution"}


def assess(judge: Judge, record: Mapping[str, Any], flags: list[str], use: Use | None,
           extra: tuple[str, ...] = ()) -> Verdict | None:
    """The verdict for one xm call (its dataset record and the flags it uses; `extra`: target options the
    rewrite adds, such as virsh -q), or None when the dataset has no output record for one side (the
    command's behaviour changes decide then)."""
    if use is None or judge.outputs is None:
        return None
    repl = (record.get("replacements") or {}).get(judge.target) or {}
    if not repl.get("command"):
        return None
    b_flags = replacement_flags(dict(record), judge.target, flags)
    cmp = judge.comparison(str(record["name"]), tuple(sorted(flags)), str(repl["command"]),
                           tuple(sorted([*b_flags, *extra])) if extra else tuple(b_flags))
    return None if cmp is None else judge.verdict(use, cmp)


def message(name: str, target: str, verdict: Verdict, use: Use) -> str:
    """The XL301 text: what the script reads, what breaks, what to write instead."""
    reads = f" (read by `{use.text}`)" if use.text else ""
    if verdict.outcome == "shown":
        return f"xm {name} → {target}: {verdict.reason}"
    instead = f"; instead read {verdict.instead}" if verdict.instead else ""
    return f"xm {name} → {target}: the script reads its output{reads} and {verdict.reason}{instead}"
