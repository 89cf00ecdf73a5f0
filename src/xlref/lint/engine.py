"""Lint one file's bytes: parse, detect, rewrite from the dataset, suppress, and build Findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlref import rules
from xlref.data.index import Index
from xlref.data.load import Dataset
from xlref.findings import Applicability, Edit, Finding, Fix
from xlref.lint import groups, partial, sources, suppress, xend
from xlref.lint.detect import Detector
from xlref.lint.exact import edit_problem
from xlref.lint.model import Call, Detected, Item, Plan
from xlref.lint.outcome import assumed_changes, outcome_data, outcome_text
from xlref.lint.rewrite import Rewriter
from xlref.lint.shell import LineIndex, Tree, error_ranges, parse
from xlref.lint.sources import Unit
from xlref.lint.symbols import Symbols
from xlref.lint.values import ConfigKeys

_SEVERITY = {r.code: r.severity for r in rules.lint_rules()}


def _near(broken: list[tuple[int, int]], edits: list[Edit] | tuple[Edit, ...]) -> bool:
    """Does an edit touch (or border) a statement that does not parse?"""
    return any(ed.start <= b_end and ed.end >= b_start for ed in edits for b_start, b_end in broken)


@dataclass
class Settings:
    target: str = "xl"
    release: str | None = None
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    assume: list[str] = field(default_factory=list)  # host assumptions the user states (dataset ids)
    source_path: list[str] = field(default_factory=list)  # where sourced files are looked for

    def enabled(self, code: str) -> bool:
        return rules.matches(code, self.select) and not rules.matches(code, self.ignore)

    def enabled_map(self) -> dict[str, bool]:
        return {r.code: self.enabled(r.code) for r in rules.lint_rules()}


class Linter:
    """Reusable across files: holds the dataset index and the rewriter."""

    def __init__(self, data: Dataset, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.index = Index(data)
        self._subcommands = frozenset(
            word for rec in data["commands"] if rec["tool"] == "xm" for word in [rec["name"], *rec.get("aliases", [])]
        )
        self.rewriter = Rewriter(self.index, self.settings.target, self.settings.release,
                                 assumed_changes(data, self.settings.assume), ConfigKeys(data), data.get("outputs"))
        self.host = xend.host_replacements(data, self.settings.target)
        self._enabled = self.settings.enabled_map()
        self._plans: dict[tuple[object, ...], tuple[Plan, int]] = {}

    def is_subcommand(self, word: str) -> bool:
        return word in self._subcommands or self.index.resolve("xm", word).record is not None

    def lint(self, path: str, source: bytes, tree: Tree | None = None) -> list[Finding]:
        if tree is None and b"xm" not in source and b"xend" not in source and b"xlref:" not in source:
            return []  # nothing any rule looks at: not even worth parsing (most scripts in a tree)
        tree = tree or parse(source)
        items: list[tuple[Item, Fix | None]] = []
        sourced = sources.follow(path, source, tree, self.settings.source_path)
        own = Unit(path, source, tree, True)
        detector = Detector(source, tree, self.is_subcommand, Symbols(own, sourced.units))
        found = detector.run()
        lines = LineIndex(source)
        broken = error_ranges(tree, source)
        pairs = []
        for call in found.calls:
            plan = self._plan(call, source)
            if plan.fix is not None:  # byte-exact or nothing (xlref.lint.exact)
                why = call.lossy or edit_problem(source, sorted(call.args, key=lambda a: a.start), plan.edits)
                if why:
                    plan.block("inexact", why)
            if not call.fixable and plan.fix is not None:
                if call.unfixable:
                    plan.block("set-args", call.unfixable)
                else:
                    plan.block("string-unfaithful", "it is inside a string the linter cannot edit in place (escapes, "
                                                    "or several quoted pieces): edit it by hand")
            pairs.append((call, plan))
        options_unknown = False
        for plan, program in groups.resolve(pairs, found.definitions, self.settings.target, self._program_edit,
                                            lambda o: lines.position(o)[0]):
            options_unknown = options_unknown or plan.reason_code == "var-options"
            if broken and plan.fix is not None and _near(broken, [*program, *plan.edits]):
                plan.block("XL904", "a shell syntax error is next to it (XL904): fix that first")
            self._emit(items, plan, program)
        self._checks(items, found)
        for start, end, why in sourced.unresolved:
            if options_unknown:
                items.append((Item("XL907", start, end, f"sourced file not read: {why}; variables and functions "
                                                        "it defines are unknown to the linter"), None))
        for item, xedit in xend.scan(source, tree, self.host, detector.command_effective):
            items.append((item, Fix(Applicability.UNSAFE, (xedit,), "rename the service") if xedit else None))
        if broken:
            start, end = broken[0]
            eol = source.find(b"\n", start, end)
            items.append((Item("XL904", start, end if eol < 0 else eol,
                               "shell syntax error: findings may be incomplete and no fix is applied here"),
                          None))
        items.extend(partial.check(source, tree, items, self.settings.target, detector.command_effective))
        detector.close()
        return self._finish(path, source, tree, items, broken)

    def _checks(self, items: list[tuple[Item, Fix | None]], found: Detected) -> None:
        """Availability checks, watchdogs and other report-only notices."""
        target = self.settings.target
        for lk in found.lookups:
            if lk.keys:
                items.append((Item("XL404", lk.start, lk.end, f"availability check for xm {lk.via}: it checks "
                                   f"for {target} once {lk.via.removeprefix('through ')} is fixed",
                                   {"outcome": "none", "reasons": "follows-variable"}), None))
                continue
            edit = self._program_edit(lk.path_start, lk.xm)
            fix = Fix(Applicability.UNSAFE, (edit,), "check for the target program") if lk.fixable else None
            data = {"outcome": "unsafe", "reasons": "guarded-code"} if fix else {"outcome": "none",
                                                                               "reasons": "string-unfaithful"}
            items.append((Item("XL404", lk.start, lk.end, f"availability check for xm: check for {target}"
                               + (" (unsafe fix: the code it guards must run the target too)" if fix else ""),
                               data), fix))
        for n in found.notices:
            msg, fix = n.message, None
            if n.code == "XL406":
                if target == "virsh":
                    msg += ("; libvirtd runs no process per operation: ask it instead "
                            "(virsh domjobinfo DOM, virsh list)")
                else:
                    msg += "; rename the pattern to xl (xl processes are short-lived except `xl create`'s monitor)"
                    if n.sites:
                        fix = Fix(Applicability.UNSAFE, tuple(Edit(o, o + 2, b"xl") for _, o in n.sites),
                                  "look for xl processes")
            data = {**n.data, "outcome": "unsafe" if fix else "none",
                    "reasons": "process-names" if fix else n.data.get("reasons", n.code)}
            items.append((Item(n.code, n.start, n.end, msg, data), fix))

    def _plan(self, call: Call, source: bytes) -> Plan:
        """The rewriter's plan, memoised on everything it depends on (calls repeat a lot in real scripts)."""
        if call.splices or call.regions:
            return self.rewriter.plan(call, source)  # words from several places: nothing to share
        base = call.start
        key = (source[base:call.end], tuple(a.start - base for a in call.args), call.output_used,
               call.status_used, call.status_value, call.partial, call.context, call.program_dynamic, call.use,
               call.wrappers, call.keys, call.via)
        cached = self._plans.get(key)
        if cached is None:
            if len(self._plans) > 4096:
                self._plans.clear()
            plan = self.rewriter.plan(call, source)
            self._plans[key] = cached = (plan, base)
        plan, at = cached
        return plan.shifted(base - at)

    def _program_edit(self, path_start: int, xm: int) -> Edit:
        if self.settings.target == "xl":
            return Edit(xm, xm + 2, b"xl")
        return Edit(path_start, xm + 2, b"/usr/bin/virsh" if path_start != xm else b"virsh")

    @staticmethod
    def _emit(items: list[tuple[Item, Fix | None]], plan: Plan, program: list[Edit]) -> None:
        fix = None
        if plan.fix is not None:
            edits = tuple(sorted({*program, *plan.edits}))
            fix = Fix(Applicability(plan.fix), edits, f"rewrite for {plan.program}")
        for i, item in enumerate(plan.items):
            if i == 0 and plan.status_on_first:
                item = Item(item.code, item.start, item.end, f"{item.message} ({outcome_text(plan)})",
                            {**item.data, **outcome_data(plan)})
            elif i == 0:  # no subcommand, no equivalent...: the message is the reason
                item = Item(item.code, item.start, item.end, item.message, {**item.data, **outcome_data(plan)})
            items.append((item, fix if i == 0 else None))

    def _finish(self, path: str, source: bytes, tree: Tree, items: list[tuple[Item, Fix | None]],
                broken: list[tuple[int, int]]) -> list[Finding]:
        sup = suppress.collect(source, tree)
        lines = LineIndex(source)
        out = []
        seen: set[tuple[str, int, int, str]] = set()
        for item, fix in items:
            key = (item.code, item.start, item.end, item.message)
            if key in seen or not self._enabled[item.code] or (
                    sup.directives and sup.suppressed(item.code, item.start)):
                continue
            seen.add(key)
            if broken and fix is not None and _near(broken, fix.edits):
                fix = None  # never edit inside (or next to) a statement that does not parse
            line, col = lines.position(item.start)
            end_line, end_col = lines.position(item.end)
            out.append(Finding(path, item.code, _SEVERITY[item.code], item.message, line, col, end_line, end_col,
                               item.start, item.end, fix, item.data))
        if self._enabled["XL905"]:
            for directive, codes in sup.unused():
                codes = [c for c in codes if any(self._enabled.get(r, False) and rules.matches(r, [c])
                                                 for r in self._enabled)]
                if codes:
                    line, col = lines.position(directive.start)
                    end_line, end_col = lines.position(directive.end)
                    out.append(Finding(path, "XL905", _SEVERITY["XL905"],
                                       f"suppression of {', '.join(codes)} matches no finding", line, col,
                                       end_line, end_col, directive.start, directive.end))
        out.sort(key=lambda f: (f.start_byte, f.code))
        return out
