"""Human formats: tty (source line and caret) and gcc one-liners (editor quickfix)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from xlref.findings import Applicability, Finding, Severity

_GCC_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@lru_cache(maxsize=16)
def _split(source: bytes) -> list[bytes]:
    """A source's lines, split once however many findings it has (bytes cache their hash)."""
    return source.split(b"\n")


def gcc(findings: Sequence[Finding]) -> str:
    return "".join(
        f"{f.path}:{f.line}:{f.column}: {_GCC_LEVEL[f.severity]}: {f.message} [{f.code}]\n" for f in findings
    )


def _line(source: bytes, line: int) -> str:
    lines = _split(source)
    if not 1 <= line <= len(lines):
        return ""
    return lines[line - 1].rstrip(b"\r").decode("utf-8", "replace")


def _caret(text: str, column: int, end_column: int, same_line: bool) -> str:
    prefix = "".join("\t" if c == "\t" else " " for c in text[: column - 1])
    width = max(1, (end_column - column) if same_line else len(text) - column + 1)
    return prefix + "^" * width


def tty(findings: Sequence[Finding], sources: Mapping[str, bytes]) -> str:
    out: list[str] = []
    safe = unsafe = 0
    for f in findings:
        out.append(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {f.message}")
        src = sources.get(f.path)
        if src is not None:
            text = _line(src, f.line)
            gutter = f"{f.line:>5} | "
            out.append(gutter + text)
            out.append(" " * (len(gutter) - 2) + "| " + _caret(text, f.column, f.end_column, f.line == f.end_line))
        if f.fix is not None:
            if f.fix.applicability is Applicability.SAFE:
                safe += 1
            else:
                unsafe += 1
    if findings:
        n = len(findings)
        tail = f"Found {n} finding{'s' if n != 1 else ''}"
        hints = []
        if safe:
            hints.append(f"{safe} fixable with --fix")
        if unsafe:
            hints.append(f"{unsafe} more with --unsafe-fixes")
        out.append(tail + (f" ({', '.join(hints)})." if hints else "."))
    return "\n".join(out) + ("\n" if out else "")
