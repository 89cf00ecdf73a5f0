"""Apply fixes: non-overlapping edits back to front, re-lint to a fixed point, refuse results that do not parse,
write atomically keeping the file mode."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from xlref.findings import Applicability, Edit, Finding
from xlref.lint.shell import error_count, parse

MAX_PASSES = 10


@dataclass
class FixResult:
    source: bytes  # the fixed bytes (the input when nothing was applied)
    applied: int  # number of fixes applied over all passes
    remaining: list[Finding]  # findings of the final text
    abandoned: bool = False  # a fix produced a syntax error: nothing was applied


def select(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    return [
        f for f in findings
        if f.fix is not None and (unsafe or f.fix.applicability is Applicability.SAFE)
    ]


def _overlaps(edit: Edit, taken: list[Edit]) -> bool:
    for t in taken:
        if t == edit:
            continue
        if edit.start < t.end and t.start < edit.end:
            return True
        if edit.start == edit.end == t.start == t.end or (t.start == t.end and edit.start < t.start < edit.end):
            return True
        if edit.start == edit.end and t.start < edit.start < t.end:
            return True
    return False


def _units(fixes: list[Finding]) -> list[tuple[list[Finding], list[Edit]]]:
    """Group fixes that share an edit (uses of one `XM=...` variable share the assignment's edit): such a
    group is applied whole or not at all, so a variable never changes under a use that was left alone."""
    parent = list(range(len(fixes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Edit, int] = {}
    for i, f in enumerate(fixes):
        assert f.fix is not None
        for e in f.fix.edits:
            if e in owner:
                parent[root(i)] = root(owner[e])
            else:
                owner[e] = i
    groups: dict[int, list[Finding]] = {}
    for i, f in enumerate(fixes):
        groups.setdefault(root(i), []).append(f)
    out = []
    for members in groups.values():
        edits = sorted({e for f in members if f.fix is not None for e in f.fix.edits})
        out.append((members, edits))
    out.sort(key=lambda u: (min(f.start_byte for f in u[0]), u[0][0].code))
    return out


def apply_once(source: bytes, findings: Iterable[Finding], unsafe: bool) -> tuple[bytes, int]:
    """Apply every selected fix (or group of fixes sharing an edit) that does not overlap one already taken;
    return (new bytes, fixes applied)."""
    taken: list[Edit] = []
    count = 0
    for members, edits in _units(select(findings, unsafe)):
        if any(e.start < 0 or e.end > len(source) or e.start > e.end for e in edits):
            continue
        if any(_overlaps(e, taken) for e in edits) or any(
                _overlaps(e, [x for x in edits if x is not e]) for e in edits):
            continue
        taken.extend(edits)
        count += len(members)
    out = source
    for e in sorted(taken, key=lambda e: (e.start, e.end), reverse=True):
        out = out[:e.start] + e.text + out[e.end:]
    return out, count


def fix_source(source: bytes, lint: Callable[[bytes], list[Finding]], unsafe: bool) -> FixResult:
    """Lint, apply, re-lint until nothing changes (at most MAX_PASSES passes)."""
    errors_before = error_count(parse(source)) if b"xm" in source or b"xend" in source else 0
    current = source
    findings = lint(current)
    applied = 0
    for _ in range(MAX_PASSES):
        new, n = apply_once(current, findings, unsafe)
        if n == 0 or new == current:
            break
        if error_count(parse(new)) > errors_before:
            return FixResult(source, 0, lint(source), abandoned=True)
        applied += n
        current = new
        findings = lint(current)
    return FixResult(current, applied, findings)

