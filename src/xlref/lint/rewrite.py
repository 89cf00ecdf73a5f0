"""Turn one detected xm call into findings and edits, driven only by the dataset records.

The xm record says which options take a value; its `replacements[target]` says the target command and
argument layout (`args` items, with value checks and transforms); each option's `replacements[target]` says
keep/rename/drop/none/config; its `behaviour_changes` say when a rewrite stops being safe (and which host
assumption, if the user states it, makes the difference irrelevant).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from xlref.data.index import Index
from xlref.data.releases import available
from xlref.data.releases import key as rkey
from xlref.lint import layout
from xlref.lint.failcodes import failure_code_change
from xlref.lint.model import Call, Item, Plan
from xlref.lint.options import OptionMapper, split
from xlref.lint.outcome import wrapper_risk
from xlref.lint.outuse import Judge, assess
from xlref.lint.outuse import message as output_message
from xlref.lint.values import ConfigKeys, txt


class Rewriter:
    def __init__(self, index: Index, target: str, release: str | None,
                 assumed: dict[str, str] | None = None, config: ConfigKeys | None = None,
                 outputs: Mapping[str, Any] | None = None) -> None:
        self.index = index
        self.target = target
        self.release = release
        self.options = OptionMapper(target, release)
        #: "xm-command/behaviour-id" -> assumption id, for the assumptions the user stated
        self.assumed = assumed or {}
        self.config = config
        self.judge = Judge(outputs, target, release)

    def plan(self, call: Call, source: bytes) -> Plan:
        plan = Plan(program=self.target)
        head = (call.start, call.args[0].end if call.args else call.end)
        if call.program_dynamic:
            why = f"xm runs through an expansion whose value the linter cannot know; review it and use {self.target}"
            plan.block("XL902", why)
            plan.items.append(Item("XL902", call.start, call.end, why))
            return plan
        if not call.args:
            plan.block("XL105", "xm called without a subcommand")
            plan.items.append(Item("XL105", *head, "xm called without a subcommand"))
            return plan
        sub = call.args[0]
        if sub.value is None:
            why = f"xm subcommand {txt(sub.raw)} is computed at run time; check every value against {self.target}"
            plan.block("XL901", why)
            plan.items.append(Item("XL901", call.start, call.end, why))
            return plan
        # xm's main() answers `xm --help` / `xm -h` (first word) with its help text, like `xm help`
        res = self.index.resolve("xm", "help" if sub.value in ("--help", "-h") else sub.value)
        rec = res.record
        if rec is None:
            extra = f" (ambiguous: {', '.join(res.candidates)})" if res.how == "ambiguous" else ""
            why = f"unknown xm subcommand {sub.value!r}{extra}"
            plan.block("XL105", why)
            plan.items.append(Item("XL105", call.start, call.end, why))
            return plan
        repl = rec.get("replacements", {}).get(self.target)
        name = rec["name"]
        data = {"xm_command": name, "target": self.target}
        if repl is None or repl.get("command") is None:
            why = (repl or {}).get("why") or "the dataset lists no replacement"
            plan.block("XL104", why)
            plan.items.append(Item("XL104", call.start, call.end,
                                   f"xm {name} has no {self.target} equivalent: {why}", data))
            return plan
        cmd = repl["command"]
        data["replacement"] = f"{self.target} {cmd}"
        tgt = self.index.get(self.target, cmd)
        if self.release and self.target == "xl" and (
            (tgt is not None and not available(tgt, self.release))
            or (repl.get("since") and rkey(self.release) < rkey(repl["since"]))
        ):
            why = f"xl {cmd} (for xm {name}) is not in Xen {self.release}"
            plan.block("XL106", why)
            plan.items.append(Item("XL106", call.start, call.end, why, data))
            return plan
        self._command_level(repl, name, cmd, plan)
        wrapper_risk(call.wrappers, self.target, self.assumed, plan)
        sp = split(call.args, rec)
        side: list[Item] = []
        mapped = self.options.map(call.args, sp.opts, tgt, plan, side, source)
        for i in sp.unknown:
            a = call.args[i]
            if not rec.get("options"):
                why = (f"xm {name} takes no options, so xm failed on this call too; drop {txt(a.raw)} "
                       "if the call is meant to work")
            else:
                why = f"xm {name}: option {txt(a.raw)} is not in the dataset; the call is not rewritten"
            plan.block("XL205", why)
            side.append(Item("XL205", a.start, a.end, why))
        self._extra_words(call, rec, sp.pos, plan)
        used = {f for o in sp.opts for f in o.record["flags"]}
        # the quiet option goes in front of the command name: only where that word is written plainly
        quiet = self.judge.quiet_option(rec, sorted(used)) if sub.raw == sub.value.encode() else None
        self._behaviour(call, rec, used, sp.pos, plan, side, *head, quiet=quiet)
        parts = layout.pieces(call.args, rec, repl, sp, mapped, plan, self.config, quiet)
        if call.partial and repl.get("args"):
            plan.block("xargs", "xargs adds arguments the linter cannot see to a command whose arguments move")
        if plan.fix is not None:
            plan.edits.extend(layout.edits(call.args, parts, source))
        text = layout.preview(call.args, parts)
        how = f" ({res.how} of {name})" if res.how in ("alias", "prefix") else ""
        if repl.get("args") is not None and any(p.placeholder for p in parts):
            code = "XL103"
        else:
            code = "XL102" if cmd != name or res.how in ("alias", "prefix") else "XL101"
        via = f" ({call.via})" if call.via else ""
        msg = f"xm {sub.value}{how}{via}: use `{self.target} {text.strip()}`"  # the engine appends the outcome
        data["call"] = f"{self.target} {text.strip()}"
        if repl.get("note"):
            data["note"] = repl["note"]
        plan.items.insert(0, Item(code, call.start, call.end, msg, data))
        plan.status_on_first = True
        plan.items.extend(side)
        return plan

    def _command_level(self, repl: Any, name: str, cmd: str, plan: Plan) -> None:
        if repl.get("fix") == "none":
            placeholder = any("placeholder" in a for a in repl.get("args") or [])
            plan.block("XL103" if placeholder else "cmd",
                       repl.get("note") or repl.get("why") or f"xm {name} needs a manual rewrite")
        elif repl.get("fix") == "unsafe":
            plan.worsen("unsafe", "cmd", repl.get("note") or f"{self.target} {cmd} does not behave like xm {name}")
        # xl resolves unique prefixes too; the rewrite always writes the full name, which must resolve to itself
        res = self.index.resolve(self.target, cmd, self.release if self.target == "xl" else None)
        if res.how != "name":
            plan.block("XL106", f"{self.target} {cmd} does not resolve to that command on the target release")

    def _extra_words(self, call: Call, rec: Any, pos: list[int], plan: Plan) -> None:
        """An unquoted expansion beyond the arguments xm takes almost certainly carries options (`$OPTS`)."""
        declared = rec.get("arguments", [])
        if any(a.get("repeat") for a in declared):
            return
        for n, i in enumerate(pos, 1):
            a = call.args[i]
            if n > len(declared) and a.value is None and not a.quoted:
                plan.block("var-options", f"{txt(a.raw)} is an extra word for xm {rec['name']}, so it probably "
                                          "holds options, and its value is not known here; give its value in "
                                          "this file or a file it sources (see --source-path)")

    # -- behaviour changes -------------------------------------------------------------------------------
    def _behaviour(self, call: Call, rec: Any, used: set[str], pos: list[int], plan: Plan, side: list[Item],
                   start: int, end: int, quiet: str | None = None) -> None:
        """`used`: every spelling of the options the call gives."""
        # None: no output records, the changes decide
        verdict = assess(self.judge, rec, sorted(used), call.use, (quiet,) if quiet else ())
        for bc in rec.get("behaviour_changes", []):
            if bc["kind"] == "output_format" and bc.get("when_output_used") and not bc.get("on_failure") \
                    and verdict is not None:
                continue  # the output records decide (an unconditional output change is a host state's)
            if self.target not in bc.get("targets", [self.target]):
                continue
            if bc.get("since") and self.target == "xl" and self.release and rkey(self.release) < rkey(bc["since"]):
                continue
            if bc.get("when_options") and not used.intersection(bc["when_options"]):
                continue
            if used.intersection(bc.get("unless_options") or ()):
                continue
            if not _args_match(call, pos, bc):
                continue
            if bc["kind"] == "exit_status" and bc.get("on_failure") and not bc.get("when_status_used") \
                    and not call.status_value:
                continue  # another number on failure: only a script that reads the number sees it
            output = bool(bc.get("when_output_used"))
            status = bc.get("when_status_used") or bc["kind"] == "exit_status"
            # an error path's output matters wherever it goes but nowhere (the terminal shows it too)
            # rows that appear or vanish (a semantic change, not a layout one) change the terminal's text too
            shown = bc["kind"] == "semantics" and call.use is not None and call.use.sink == "display"
            read = call.output_used or shown or bool(bc.get("on_failure") and call.use and call.use.sink != "discarded")
            tested = call.status_used or bool(bc.get("on_failure") and call.status_value)
            if (output or status) and not ((output and read) or (status and tested)):
                continue
            conditional = bool(bc.get("when_options") or bc.get("unless_options") or bc.get("when_args")) \
                or output or status
            impact = bc.get("fix_impact")
            if not conditional and impact not in ("unsafe", "broken"):
                continue
            assumption = self.assumed.get(f"{rec['name']}/{bc['id']}")
            if assumption is not None:
                plan.assume(assumption)
                continue
            if impact == "unsafe":
                plan.worsen("unsafe", bc["id"], bc["summary"])
            elif impact == "broken":
                plan.block(bc["id"], bc["summary"] + (f" {bc['instead']}" if bc.get("instead") else ""))
            code = "XL301" if output and call.output_used else (
                "XL303" if status and call.status_used else "XL302")
            side.append(Item(code, start, end, f"xm {rec['name']} → {self.target}: {bc['summary']}",
                             {"behaviour_change": bc["id"], "kind": bc["kind"]}))
        domain = call.args[pos[0]].shape if pos else None
        if call.status_value and (why := failure_code_change(self.judge.outputs, rec, self.target, self.release,
                                                             domain)):
            plan.worsen("unsafe", "status-value", why)
        if verdict is not None and call.use is not None and verdict.outcome in ("differs", "unknown", "shown"):
            text = output_message(rec["name"], self.target, verdict, call.use)
            if verdict.blocks_fix:
                plan.block(f"output-{verdict.outcome}", text.split(": ", 1)[-1])
            else:
                plan.worsen("unsafe", "output-shown", verdict.reason)
            side.append(Item("XL301", start, end, text,
                             {"kind": "output_format", "outcome": verdict.outcome, "instead": verdict.instead}))


def _args_match(call: Call, pos: list[int], bc: Any) -> bool:
    """`when_args`: the change only concerns calls whose Nth positional matches (by shape, expansions as `$`)."""
    for cond in bc.get("when_args", []):
        n = cond["pos"]
        if n > len(pos) or not re.search(cond["match"], call.args[pos[n - 1]].shape):
            return False
    return True
