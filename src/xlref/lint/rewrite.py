"""Turn one detected xm call into findings and edits, driven only by the dataset records.

The xm record says which options take a value; its `replacements[target]` says the target command and
argument layout (`args` items); each option's `replacements[target]` says keep/rename/drop/none/config; its
`behaviour_changes` say when a rewrite stops being safe.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xlref.data.callform import bindings, fill, missing_words, placeholder, positional_names
from xlref.data.index import Index, option_by_flag
from xlref.data.releases import available
from xlref.data.releases import key as rkey
from xlref.findings import Edit
from xlref.lint.argv import Opt, pick_flag, split, txt, with_unit
from xlref.lint.model import Call, Item, Plan
from xlref.lint.outuse import Judge, assess
from xlref.lint.outuse import message as output_message


class Rewriter:
    def __init__(self, index: Index, target: str, release: str | None,
                 outputs: Mapping[str, Any] | None = None) -> None:
        self.index = index
        self.target = target
        self.release = release
        self.judge = Judge(outputs, target, release)

    def _in_release(self, item: Any, parent: Any = None) -> bool:
        return self.target != "xl" or self.release is None or available(item, self.release, parent)

    def plan(self, call: Call, source: bytes) -> Plan:
        plan = Plan(program=self.target)
        head = (call.start, call.args[0].end if call.args else call.end)
        if call.program_dynamic or call.context == "eval":
            plan.fix = None
            what = "an expansion" if call.program_dynamic else "eval"
            plan.items.append(Item("XL902", *head, f"xm runs through {what}; review it and use {self.target}"))
            return plan
        if not call.args:
            plan.fix = None
            plan.items.append(Item("XL105", *head, "xm called without a subcommand"))
            return plan
        sub = call.args[0]
        if sub.value is None:
            plan.fix = None
            plan.items.append(Item("XL901", *head, f"xm subcommand {txt(sub.raw)} is computed at run time; "
                                   f"check every value against {self.target}"))
            return plan
        res = self.index.resolve("xm", sub.value)
        rec = res.record
        if rec is None:
            plan.fix = None
            extra = f" (ambiguous: {', '.join(res.candidates)})" if res.how == "ambiguous" else ""
            plan.items.append(Item("XL105", *head, f"unknown xm subcommand {sub.value!r}{extra}"))
            return plan
        repl = rec.get("replacements", {}).get(self.target)
        name = rec["name"]
        data = {"xm_command": name, "target": self.target}
        if repl is None or repl.get("command") is None:
            plan.fix = None
            why = (repl or {}).get("why") or "the dataset lists no replacement"
            plan.items.append(Item("XL104", *head, f"xm {name} has no {self.target} equivalent: {why}", data))
            return plan
        cmd = repl["command"]
        data["replacement"] = f"{self.target} {cmd}"
        tgt = self.index.get(self.target, cmd)
        if self.release and self.target == "xl" and (
            (tgt is not None and not available(tgt, self.release))
            or (repl.get("since") and rkey(self.release) < rkey(repl["since"]))
        ):
            plan.fix = None
            plan.items.append(Item("XL106", *head, f"xl {cmd} (for xm {name}) is not in Xen {self.release}", data))
            return plan
        plan.worsen(repl.get("fix"))
        if self.target == "xl" and cmd != name and repl.get("args") is not None:
            plan.worsen("unsafe")  # a different xl command with another argument layout is never a safe fix
        opts, pos, unknown = split(call.args, rec)
        side: list[Item] = []
        mapped = self._options(call, opts, tgt, plan, side, source)
        for i in unknown:
            plan.fix = None
            a = call.args[i]
            side.append(Item("XL205", a.start, a.end, f"xm {name}: option {txt(a.raw)} is not in the dataset; "
                             "the call is not rewritten"))
        self._behaviour(call, rec, opts, plan, side, *head)
        text = self._arguments(call, rec, repl, opts, pos, mapped, plan, source)
        if call.partial and repl.get("args"):
            plan.fix = None
        preview = f"{self.target} {text}" if text is not None else f"{self.target} {cmd}"
        typed = sub.value if sub.value != name else name
        how = f" ({res.how} of {name})" if res.how in ("alias", "prefix") else ""
        note = repl.get("note", "")
        if text is None or any("placeholder" in a for a in repl.get("args", [])):
            code = "XL103"
            plan.fix = None
        else:
            code = "XL102" if cmd != name or res.how in ("alias", "prefix") else "XL101"
        msg = f"xm {typed}{how}: use `{preview.strip()}`"  # the engine appends the fix status
        data["call"] = preview.strip()
        if note:
            data["note"] = note
        plan.items.insert(0, Item(code, call.start, call.end, msg, data))
        plan.status_on_first = True
        plan.items.extend(side)
        return plan

    # -- options -----------------------------------------------------------------------------------------
    def _options(self, call: Call, opts: list[Opt], tgt: Any, plan: Plan, side: list[Item],
                 source: bytes) -> dict[int, str]:
        """Index of each option's first arg -> rendered target text ('' = dropped); fills side findings."""
        out: dict[int, str] = {}
        for o in opts:
            a, z = call.args[o.first], call.args[o.last]
            raw_flag = o.flag
            value_raw = (
                o.inline if o.inline is not None
                else (txt(z.raw) if o.last > o.first else None)
            )
            value_val = o.inline if o.inline is not None else (z.value if o.last > o.first else None)
            orep = (o.record.get("replacements") or {}).get(self.target)
            if orep is None:
                tflag = option_by_flag(tgt, raw_flag) if tgt is not None else None
                if tflag is not None or o.record.get("status") in (None, "unchanged"):
                    orep = {"action": "keep", "fix": "safe"}
                else:
                    orep = {"action": "none", "fix": "none", "why": "the dataset gives no mapping for it"}
            action, ofix = orep["action"], orep["fix"]
            where = (a.start, z.end)
            if action in ("none", "config"):
                plan.fix = None
                code = "XL203" if action == "none" else "XL204"
                why = orep.get("why") or orep.get("note") or ""
                side.append(Item(code, *where, f"option {raw_flag} has no {self.target} equivalent"
                                 + (f": {why}" if why else "")))
                continue
            if self.release and self.target == "xl" and orep.get("since") and rkey(self.release) < rkey(
                    orep["since"]):
                plan.fix = None
                side.append(Item("XL206", *where, f"option {raw_flag}: its xl form needs Xen {orep['since']}"))
                continue
            plan.worsen(None if ofix == "none" else ofix)
            if action == "drop":
                out[o.first] = ""
                note = orep.get("note") or orep.get("why") or ""
                side.append(Item("XL202", *where, f"option {raw_flag} is dropped for {self.target}"
                                 + (f": {note}" if note else "")))
                continue
            new_flag = raw_flag if action == "keep" else pick_flag(orep["flags"], raw_flag)
            if tgt is not None and self.target == "xl":
                topt = option_by_flag(tgt, new_flag)
                if topt is not None and not self._in_release(topt, tgt):
                    plan.fix = None
                    side.append(Item("XL206", *where, f"option {new_flag} of xl is not in Xen {self.release}"))
                    continue
            if value_raw is not None and orep.get("unit"):
                value_raw = with_unit(value_raw, value_val, orep["unit"], plan)
            if action == "keep" and not orep.get("unit"):
                rendered = txt(source[a.start:z.end])
            elif value_raw is None:
                rendered = new_flag
            elif o.inline is not None and new_flag.startswith("--"):
                rendered = f"{new_flag}={value_raw}"
            else:
                rendered = f"{new_flag} {value_raw}"
            out[o.first] = rendered
            if action == "rename" and new_flag != raw_flag:
                side.append(Item("XL201", *where, f"option {raw_flag} is {new_flag} on {self.target}"))
        return out

    # -- behaviour changes -------------------------------------------------------------------------------
    def _behaviour(self, call: Call, rec: Any, opts: list[Opt], plan: Plan, side: list[Item],
                   start: int, end: int) -> None:
        used = {f for o in opts for f in o.record["flags"]}
        verdict = assess(self.judge, rec, sorted(used), call.use)  # None: no output records, the changes decide
        for bc in rec.get("behaviour_changes", []):
            if bc["kind"] == "output_format" and verdict is not None:
                continue
            if self.target not in bc.get("targets", [self.target]):
                continue
            if bc.get("since") and self.target == "xl" and self.release and rkey(self.release) < rkey(bc["since"]):
                continue
            if bc.get("when_options") and not used.intersection(bc["when_options"]):
                continue
            output = bc.get("when_output_used") or bc["kind"] == "output_format"
            if output and not call.output_used:
                continue
            if bc["kind"] == "exit_status" and not call.status_used:
                continue
            conditional = bool(bc.get("when_options")) or output or bc["kind"] == "exit_status"
            unsafe = bc.get("fix_impact") == "unsafe"
            if not conditional and not unsafe:
                continue
            if unsafe:
                plan.worsen("unsafe")
            code = "XL301" if output else ("XL303" if bc["kind"] == "exit_status" else "XL302")
            side.append(Item(code, start, end, f"xm {rec['name']} → {self.target}: {bc['summary']}",
                             {"behaviour_change": bc["id"], "kind": bc["kind"]}))
        if verdict is not None and call.use is not None and verdict.outcome in ("differs", "unknown", "shown"):
            if verdict.blocks_fix:
                plan.fix, plan.reason = None, f"the script reads output that {self.target} prints differently"
            else:
                plan.worsen("unsafe")
            side.append(Item("XL301", start, end, output_message(rec["name"], self.target, verdict, call.use),
                             {"kind": "output_format", "outcome": verdict.outcome, "instead": verdict.instead}))

    # -- argument layout ---------------------------------------------------------------------------------
    def _arguments(self, call: Call, rec: Any, repl: Any, opts: list[Opt], pos: list[int], mapped: dict[int, str],
                   plan: Plan, source: bytes) -> str | None:
        """Fill plan.edits for the subcommand and its arguments; return the target argv text (for messages)."""
        args = call.args
        sub = args[0]
        cmd = repl["command"]
        items = repl.get("args")
        if items is None:  # identity layout: edit in place
            if sub.value != cmd:
                plan.edits.append(Edit(sub.start, sub.end, cmd.encode()))
            for o in opts:
                new = mapped.get(o.first)
                if new is None:
                    continue
                a, z = args[o.first], args[o.last]
                if new == "":
                    prev_end = args[o.first - 1].end
                    plan.edits.append(Edit(prev_end, z.end, b""))
                elif new != txt(source[a.start:z.end]):
                    plan.edits.append(Edit(a.start, z.end, new.encode("utf-8", "surrogateescape")))
            starts = {o.first: o for o in opts}
            words_id, i = [cmd], 1
            while i < len(args):
                hit = starts.get(i)
                if hit is not None:  # mapped text, or nothing for options that cannot be carried over
                    if mapped.get(hit.first):
                        words_id.append(mapped[hit.first])
                    i = hit.last + 1
                    continue
                words_id.append(txt(args[i].raw))
                i += 1
            # The message names what a call typed without its positionals still needs (`xl pause <DOMAIN>`).
            return " ".join(words_id + missing_words(rec, len(pos)))
        words: list[str] = [cmd]
        used_pos: set[int] = set()
        max_pos = 0
        names = positional_names(rec)
        literal = [args[i].value for i in pos]
        # Placeholders are filled only from words whose value is known before the script runs.
        values = bindings(rec, [w for w in literal if w is not None]) if None not in literal else {}
        for it in items:
            if "pos" in it:
                n = it["pos"]
                max_pos = max(max_pos, n)
                if n > len(pos):
                    if it.get("optional"):
                        continue
                    words.append(placeholder(names[n - 1] if n <= len(names) else f"VALUE{n}", it.get("unit")))
                    plan.fix = None
                    continue
                a = args[pos[n - 1]]
                used_pos.add(n)
                raw = txt(a.raw)
                words.append(with_unit(raw, a.value, it["unit"], plan) if it.get("unit") else raw)
            elif it.get("rest"):
                for n in range(max_pos + 1, len(pos) + 1):
                    used_pos.add(n)
                    words.append(txt(args[pos[n - 1]].raw))
            elif it.get("options"):
                words.extend(t for o in opts if (t := mapped.get(o.first)))
            elif "literal" in it:
                words.append(it["literal"])
            elif "placeholder" in it:
                words.append(fill(it["placeholder"], values))
                plan.fix = None
        has_opts = any(mapped.get(o.first) for o in opts)
        if len(used_pos) < len(pos) or (has_opts and not any(it.get("options") for it in items)):
            plan.fix = None  # arguments the layout does not place would be lost
        rendered = " ".join(words).encode("utf-8", "surrogateescape")
        if plan.fix is not None and rendered != source[sub.start:args[-1].end]:
            plan.edits.append(Edit(sub.start, args[-1].end, rendered))
        return " ".join(words)

