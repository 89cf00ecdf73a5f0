"""Apply fixes: non-overlapping edits in one linear sweep, re-lint to a fixed point, and let the shell judge.

- Before anything is applied the shell (xlref.lint.judge) must accept the file; it runs while tree-sitter
  lints, so it costs little time.  A file the shell rejects gets no fix at all.
- Passes repeat until nothing changes.  Every pass applies at least one fix and a fix never creates a new
  one, so the number of fixable findings of the input bounds the passes; going past that bound (or seeing a
  text twice) is a bug, reported as an error with the file left unchanged, never a silent stop.
- The shell judges the result: if it rejects what it accepted before, every fix of the file is withdrawn
  and the findings say why.
Writing is the caller's business (xlref.atomic).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from xlref.findings import Applicability, Edit, Finding
from xlref.lint.groups import linked
from xlref.lint.judge import Pending, Verdict
from xlref.lint.shell import error_count, parse
from xlref.lint.verdict import Judge, withdraw


@dataclass
class FixResult:
    source: bytes  # the fixed bytes (the input when nothing was applied)
    applied: int  # number of fixes applied over all passes
    remaining: list[Finding]  # findings of the final text
    initial: list[Finding] = field(default_factory=list)  # findings of the input (reported if a write fails)
    abandoned: bool = False  # the fixes were withdrawn: the result did not parse (`why` says how)
    why: str = ""
    error: str = ""  # the passes did not converge: leave the file alone and fail the run
    passes: int = 0


def select(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    return [
        f for f in findings
        if f.fix is not None and (unsafe or f.fix.applicability is Applicability.SAFE)
    ]


def _conflict(a: Edit, b: Edit) -> bool:
    """Two different edits that cannot both be applied: overlapping ranges, two insertions at one point, or
    an insertion strictly inside a replaced range.  (Touching ranges are fine.)"""
    if a == b:
        return False
    if a.start < b.end and b.start < a.end:
        return True
    if a.start == a.end == b.start == b.end:
        return True
    return (a.start == a.end and b.start < a.start < b.end) or (b.start == b.end and a.start < b.start < a.end)


class _Taken:
    """Accepted edits, sorted by (start, end); disjoint, so a conflict check looks at a few neighbours."""

    def __init__(self) -> None:
        self.edits: list[Edit] = []
        self._keys: list[tuple[int, int]] = []

    def conflicts(self, e: Edit) -> bool:
        keys, edits = self._keys, self.edits
        i = bisect.bisect_left(keys, (e.start, e.start))
        j = i - 1
        while j >= 0:  # the nearest non-empty range before e (empty ones before e.start cannot conflict)
            if edits[j].start != edits[j].end:
                if _conflict(e, edits[j]):
                    return True
                break
            j -= 1
        k = i
        while k < len(edits) and edits[k].start <= e.end:
            if _conflict(e, edits[k]):
                return True
            k += 1
        return False

    def add(self, e: Edit) -> None:
        key = (e.start, e.end)
        i = bisect.bisect_left(self._keys, key)
        while i < len(self.edits) and self._keys[i] == key:
            if self.edits[i] == e:
                return  # an edit shared by several fixes is applied once
            i += 1
        self._keys.insert(i, key)
        self.edits.insert(i, e)


def _units(fixes: list[Finding]) -> list[tuple[list[Finding], list[Edit]]]:
    """Group fixes that share an edit (uses of one `XM=...` variable share the assignment's edit): such a
    group is applied whole or not at all, so a variable never changes under a use that was left alone."""
    shared: list[Iterable[Edit]] = []
    for f in fixes:
        assert f.fix is not None
        shared.append(f.fix.edits)
    out = []
    for indexes in linked(shared):
        members = [fixes[i] for i in indexes]
        edits = sorted({e for f in members if f.fix is not None for e in f.fix.edits})
        out.append((members, edits))
    out.sort(key=lambda u: (min(f.start_byte for f in u[0]), u[0][0].code))
    return out


def _self_conflicting(edits: list[Edit]) -> bool:
    if len(edits) < 2:
        return False
    local = _Taken()
    for e in edits:
        if local.conflicts(e):
            return True
        local.add(e)
    return False


def apply_once(source: bytes, findings: Iterable[Finding], unsafe: bool) -> tuple[bytes, int]:
    """Apply every selected fix (or group of fixes sharing an edit) that does not conflict with one already
    taken; return (new bytes, fixes applied).  Linear in the file plus n log n in the edits."""
    taken = _Taken()
    count = 0
    n = len(source)
    for members, edits in _units(select(findings, unsafe)):
        if any(e.start < 0 or e.end > n or e.start > e.end for e in edits):
            continue
        if any(taken.conflicts(e) for e in edits) or _self_conflicting(edits):
            continue
        for e in edits:
            taken.add(e)
        count += len(members)
    chunks: list[bytes] = []
    pos = 0
    for e in taken.edits:
        chunks += (source[pos:e.start], e.text)
        pos = e.end
    chunks.append(source[pos:])
    return b"".join(chunks), count


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def lint_started(source: bytes, lint: Callable[[bytes], list[Finding]],
                 judge: Judge | None) -> tuple[list[Finding], Pending | None]:
    """Tree-sitter's findings, and the shell still parsing (None when there is nothing to judge): the
    shell runs only when there is something to report, and parses while tree-sitter lints."""
    if judge is None or not judge.wanted(source):
        return lint(source), None
    pending = judge.start(source)
    found = lint(source)
    if not found:
        pending.cancel()
        return found, None
    return found, pending


def lint_judged(source: bytes, lint: Callable[[bytes], list[Finding]],
                judge: Judge | None) -> tuple[list[Finding], Verdict | None]:
    """Findings as the shell's verdict leaves them (see xlref.lint.verdict), and the verdict."""
    found, pending = lint_started(source, lint, judge)
    if pending is None or judge is None:
        return found, None
    verdict = pending.result()
    return judge.findings(found, verdict, source), verdict


def fix_source(source: bytes, lint: Callable[[bytes], list[Finding]], unsafe: bool,
               judge: Judge | None = None) -> FixResult:
    """Lint, apply, re-lint until nothing changes; the shell judges the input and the result."""
    initial, verdict = lint_judged(source, lint, judge)
    if verdict is not None and not verdict.ok:
        return FixResult(source, 0, initial, initial)
    # Without a judge (library use) tree-sitter's error count is the only guard left.
    errors_before = error_count(parse(source)) if judge is None and select(initial, unsafe) else 0
    limit = len(select(initial, unsafe)) + 1
    seen = {_digest(source)}
    current, findings, applied, passes = source, initial, 0, 0
    check: Pending | None = None
    while True:
        new, n = apply_once(current, findings, unsafe)
        if n == 0 or new == current:
            break
        passes += 1
        digest = _digest(new)
        if passes > limit or digest in seen:
            if check is not None:
                check.cancel()
            why = (f"the fixes did not reach a fixed point within {limit} passes" if passes > limit
                   else "the fixes went round in a circle")
            return FixResult(source, 0, initial, initial, error=f"{why} (a bug in xlref); the file is unchanged",
                             passes=passes)
        seen.add(digest)
        if judge is None and error_count(parse(new)) > errors_before:
            reason = "the fixed file would not parse"
            return FixResult(source, 0, withdraw(initial, reason), initial, abandoned=True, why=reason,
                             passes=passes)
        if check is not None:
            check.cancel()  # an intermediate text: only the last one is judged
        check = judge.start(new) if judge is not None else None  # the shell parses while we re-lint
        applied += n
        current = new
        findings = lint(current)
    if check is not None and judge is not None:
        verdict = check.result()
        if not verdict.ok:
            reason = f"with the fixes applied, {verdict.describe()}"
            return FixResult(source, 0, withdraw(initial, reason), initial, abandoned=True, why=reason,
                             passes=passes)
        findings = judge.findings(findings, verdict, current)
    return FixResult(current, applied, findings, initial, passes=passes)
