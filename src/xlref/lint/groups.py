"""Calls that share text a fix would change (a variable holding xm or a command line, a wrapper function's
body) get one outcome: their shared edits are applied for all of them or for none.

Per call: argument edits must stay inside the text that belongs to the call (the call site, the command
string, the function body: a rewrite that would move words between them is refused) and must not change a
variable's value that other code reads.  Per group: every definition must be followable and editable here,
every call must have a fix, the edits inside a shared text must be the same for all calls, and the outcome
is the worst of the group's.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence

from xlref.findings import Edit
from xlref.lint.model import Call, Definition, Plan

#: a variable holding xm assigned more often than this is not fixed: every use's fix carries every assignment's
#: edit, so the bound keeps the cost linear
MAX_ASSIGNMENTS = 32


def _inside(edit: Edit, region: tuple[int, int]) -> bool:
    return region[0] <= edit.start and edit.end <= region[1]


def _check_call(call: Call, plan: Plan, definitions: dict[str, Definition]) -> None:
    if plan.fix is None:
        return
    for e in plan.edits:
        for name, start, end in call.splices:
            if start <= e.start < end or start < e.end <= end or (e.start == e.end and start <= e.start <= end):
                plan.block("var-value", f"the rewrite would change the value of ${name}, which the linter does "
                                        f"not edit: set it to {e.text.decode('utf-8', 'replace')!r} for the "
                                        "target by hand (check its other uses)")
                return
        if call.regions and not any(_inside(e, r) for r in call.regions):
            plan.block("split-words", f"the rewrite would move words between {call.via.removeprefix('through ')} "
                                      "and the place it is run; rewrite them together by hand")
            return


def linked(keys: Sequence[Iterable[Hashable]]) -> list[list[int]]:
    """Indexes of items grouped so that items sharing a key (directly or through others) are together;
    groups in order of their first member, members in order (union-find)."""
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Hashable, int] = {}
    for i, item_keys in enumerate(keys):
        for key in item_keys:
            if key in owner:
                parent[root(i)] = root(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(keys)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def resolve(pairs: list[tuple[Call, Plan]], definitions: dict[str, Definition], target: str,
            program_edit: Callable[[int, int], Edit], line_of: Callable[[int], int]) -> list[tuple[Plan, list[Edit]]]:
    """Each call's final plan and the program edits that go with its fix."""
    calls = [c for c, _ in pairs]
    out: list[tuple[Plan, list[Edit]]] = []
    if not any(c.keys for c in calls):  # the common case: no shared text, every call its own group
        for call, plan in pairs:
            _check_call(call, plan, definitions)
            out.append((plan, [program_edit(call.path_start, call.xm)]))
        return out
    for call, plan in pairs:
        _check_call(call, plan, definitions)
    for members in linked([c.keys for c in calls]):
        if len(members) == 1 and not calls[members[0]].keys:
            call, plan = pairs[members[0]]
            out.append((plan, [program_edit(call.path_start, call.xm)]))
            continue
        group = [pairs[i] for i in members]
        keys = sorted({k for c, _ in group for k in c.keys})
        defs = [definitions[k] for k in keys if k in definitions]
        _group_outcome(group, defs, target, line_of)
        for call, plan in group:
            if call.keys:
                sites = {s for d in defs if d.key in call.keys for s in d.sites}
                edits = [program_edit(*s) for s in sorted(sites)]
            else:
                edits = [program_edit(call.path_start, call.xm)]
            out.append((plan, edits))
    return out


def _group_outcome(group: list[tuple[Call, Plan]], defs: list[Definition], target: str,
                   line_of: Callable[[int], int]) -> None:
    def block_all(code: str, why: str) -> None:
        for _, p in group:
            p.block(code, why)

    for d in defs:
        if not d.consistent:
            for c, p in group:
                shared = [x.label for x in defs if x.key in c.keys and x is not d]
                why = d.why if d.key in c.keys or not shared else \
                    f"{' and '.join(shared)} cannot change, because {d.label} depends on it and {d.why}"
                p.block("var-unfollowed", why)
        elif len(d.sites) > MAX_ASSIGNMENTS:
            block_all("var-many", f"{d.label} is assigned {len(d.sites)} times; rewrite it by hand")
        elif d.elsewhere:
            block_all("defined-elsewhere", f"{d.label} is defined in {d.elsewhere}; migrate it there "
                                           "(lint that file too) and this call with it")
        elif d.dynamic and target != "xl":
            block_all("var-path", f"{d.label} builds the xm path from a variable; set it to the {target} "
                                  "program by hand")
        elif d.env_default:
            for _, p in group:
                p.worsen("unsafe", "env-default", f"{d.label} may be set by the environment to another program")
    if not defs:
        return
    for d in defs:  # the text shared by the group must be rewritten the same way for every call
        if d.region is None:
            continue
        region = d.region
        region_edits = {tuple(sorted(e for e in p.edits if _inside(e, region)))
                        for c, p in group if p.fix is not None and d.key in c.keys}
        if len(region_edits) > 1:
            block_all("shared-differs", f"the calls through {d.label} need different rewrites of its text")
    labels = ", ".join(d.label for d in defs)
    blocked = [c for c, p in group if p.fix is None]
    if blocked:
        first = blocked[0]
        for _, p in group:
            if p.fix is not None:
                p.block("shared-blocked", f"the call through {labels} at line {line_of(first.start)} cannot be "
                                          "rewritten, and the shared text must change for all calls or none")
        return
    if any(p.fix == "unsafe" for _, p in group):
        for _, p in group:
            if p.fix == "safe":
                p.worsen("unsafe", "shared-unsafe", f"another call through {labels} has an unsafe fix")
