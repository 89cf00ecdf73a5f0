"""What the shell's verdict (xlref.lint.judge) does to one file's findings.

- The shell rejects the file: XL904 carries the shell's own message at its line, every fix in the file is
  withdrawn (the message says why), and tree-sitter's own XL904 guesses are dropped.
- The shell accepts the file: what tree-sitter could not parse is a gap in the linter's view, not a syntax
  error; XL904 stays (findings there may be missing and nothing there is fixed) but says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from xlref.findings import Finding, Severity
from xlref.lint import judge
from xlref.lint.model import withdrawn_message
from xlref.lint.shell import LineIndex

SYNTAX = "XL904"
TREE_SITTER_GAP = ("tree-sitter-bash cannot parse this statement, which {shell} -n accepts: findings here may be "
                   "incomplete and nothing here is fixed")


@dataclass
class Judge:
    """How one file is judged and reported (`report`: XL904 is selected)."""

    path: str
    report: bool = True

    @staticmethod
    def wanted(source: bytes) -> bool:
        """Only files the linter can say something about are worth a shell process."""
        return b"xm" in source or b"xend" in source

    @staticmethod
    def start(source: bytes) -> judge.Pending:
        return judge.start(source)

    def findings(self, found: list[Finding], verdict: judge.Verdict, source: bytes) -> list[Finding]:
        if verdict.ok:
            gap = TREE_SITTER_GAP.format(shell=verdict.shell)
            return [replace(f, message=gap) if f.code == SYNTAX else f for f in found]
        reason = f"{verdict.shell} -n rejects this file ({SYNTAX})"
        out = withdraw([f for f in found if f.code != SYNTAX], reason)
        if self.report:
            out.append(self._syntax(verdict, source))
            out.sort(key=lambda f: (f.start_byte, f.code))
        return out

    def _syntax(self, verdict: judge.Verdict, source: bytes) -> Finding:
        index = LineIndex(source)
        lines = source.count(b"\n") + (0 if source.endswith(b"\n") or not source else 1)
        line = min(max(verdict.line, 1), max(lines, 1))
        start = _line_start(source, line)
        end = source.find(b"\n", start)
        end = len(source) if end < 0 else end
        end_line, end_col = index.position(end)
        where = f"line {verdict.line}: " if verdict.line else ""
        message = (f"`{verdict.shell} -n` rejects this file: {where}{verdict.message}; "
                   "no fix is applied anywhere in it")
        return Finding(self.path, SYNTAX, Severity.ERROR, message, line, 1, end_line, end_col, start, end)


def _line_start(source: bytes, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        nxt = source.find(b"\n", pos)
        if nxt < 0:
            break
        pos = nxt + 1
    return pos


def withdraw(found: list[Finding], reason: str) -> list[Finding]:
    """Every fix removed, each fixable finding saying why."""
    return [replace(f, fix=None, message=withdrawn_message(f.message, reason)) if f.fix is not None else f
            for f in found]
