"""Lint one file's bytes: parse, detect, rewrite from the dataset, suppress, and build Findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlref import rules
from xlref.data.index import Index
from xlref.data.load import Dataset
from xlref.findings import Applicability, Edit, Finding, Fix
from xlref.lint import suppress, xend
from xlref.lint.detect import Detector
from xlref.lint.exact import edit_problem
from xlref.lint.model import Call, Item, Plan, fix_status
from xlref.lint.rewrite import Rewriter
from xlref.lint.shell import LineIndex, Tree, error_ranges, parse

_SEVERITY = {r.code: r.severity for r in rules.lint_rules()}
#: a variable holding the xm program (`XM=/usr/sbin/xm`) assigned more often than this is not fixed
MAX_ASSIGNMENTS = 32


@dataclass
class Settings:
    target: str = "xl"
    release: str | None = None
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)

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
        self.rewriter = Rewriter(self.index, self.settings.target, self.settings.release, data.get("outputs"))
        self.host = xend.host_replacements(data, self.settings.target)
        self._enabled = self.settings.enabled_map()
        self._plans: dict[tuple[object, ...], tuple[Plan, int]] = {}

    def is_subcommand(self, word: str) -> bool:
        return word in self._subcommands or self.index.resolve("xm", word).record is not None

    def lint(self, path: str, source: bytes, tree: Tree | None = None) -> list[Finding]:
        if tree is None and b"xm" not in source and b"xend" not in source and b"xlref:" not in source:
            return []  # nothing any rule looks at: not even worth parsing (most scripts in a tree)
        tree = tree or parse(source)
        target = self.settings.target
        items: list[tuple[Item, Fix | None]] = []
        detector = Detector(source, tree, self.is_subcommand)
        found = detector.run()
        by_binding: dict[str, list[tuple[Call, Plan]]] = {}
        for call in found.calls:
            plan = self._plan(call, source)
            if not call.fixable and plan.fix is not None:
                plan.fix, plan.reason = None, "its text is inside a string the linter cannot edit safely"
            if plan.fix is not None:  # byte-exact or nothing (xlref.lint.exact)
                why = call.lossy or edit_problem(source, call.args, plan.edits)
                if why:
                    plan.fix, plan.reason = None, why
            if call.binding is not None:
                by_binding.setdefault(call.binding.name, []).append((call, plan))
                continue
            self._emit(items, plan, [self._program_edit(call.path_start, call.xm)])
        for name, uses in by_binding.items():
            binding = found.bindings[name]
            levels = [p.fix for _, p in uses]
            shared: str | None = "safe"
            dynamic = any(a.dynamic for a in binding.assignments) and self.settings.target != "xl"
            reason = ""
            if len(binding.assignments) > MAX_ASSIGNMENTS:
                # every use's fix carries every assignment's edit: bounded, so the cost stays linear
                shared = None
                reason = f"${name} is assigned {len(binding.assignments)} times; rewrite it by hand"
            elif not binding.consistent or dynamic:
                shared = None
                reason = f"${name} is set or used elsewhere in a way the linter cannot follow"
            elif None in levels:
                shared = None
                reason = f"another call through ${name} cannot be rewritten"
            elif "unsafe" in levels:
                shared = "unsafe"
            edits = [self._program_edit(a.start, a.xm) for a in binding.assignments]
            for _, plan in uses:
                if plan.fix is not None and shared != plan.fix:
                    plan.reason = reason
                plan.fix = shared
                self._emit(items, plan, edits)
        for binding, assign in found.whole_commands:
            items.append((Item("XL903", assign.start, assign.end,
                               f"{binding.name} holds a whole xm command line; rewrite it for {target} by hand"),
                          None))
        for lk in found.lookups:
            edit = self._program_edit(lk.path_start, lk.xm)
            fix = Fix(Applicability.UNSAFE, (edit,), "check for the target program") if lk.fixable else None
            items.append((Item("XL404", lk.start, lk.end, f"availability check for xm: check for {target}"), fix))
        for item, xedit in xend.scan(source, tree, self.host, detector.command_effective):
            items.append((item, Fix(Applicability.UNSAFE, (xedit,), "rename the service") if xedit else None))
        broken = error_ranges(tree, source)
        if broken:
            start, end = broken[0]
            eol = source.find(b"\n", start, end)
            items.append((Item("XL904", start, end if eol < 0 else eol,
                               "shell syntax error: findings may be incomplete and no fix is applied here"),
                          None))
        return self._finish(path, source, tree, items, broken)

    def _plan(self, call: Call, source: bytes) -> Plan:
        """The rewriter's plan, memoised on everything it depends on (calls repeat a lot in real scripts)."""
        base = call.start
        key = (source[base:call.end], tuple(a.start - base for a in call.args), call.output_used,
               call.status_used, call.partial, call.context, call.program_dynamic, call.use)
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
                item = Item(item.code, item.start, item.end, item.message + fix_status(plan.fix, plan.reason),
                            item.data)
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
            if broken and fix is not None and any(ed.start <= b_end and ed.end >= b_start
                                                  for ed in fix.edits for b_start, b_end in broken):
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
