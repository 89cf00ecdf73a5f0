"""Human formats: tty (source line and caret) and gcc one-liners (editor quickfix)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from xlref.findings import Applicability, Finding, Severity
from xlref.report.lines import LineCache

_GCC_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _more(n: int) -> str:
    return f"{n} more finding{'s' if n != 1 else ''} not shown (the limit per file is set by --max-findings)"


def gcc(findings: Sequence[Finding], omitted: Mapping[str, int] | None = None) -> str:
    out = [f"{f.path}:{f.line}:{f.column}: {_GCC_LEVEL[f.severity]}: {f.message} [{f.code}]\n" for f in findings]
    out += [f"{path}:1:1: note: {_more(n)}\n" for path, n in sorted((omitted or {}).items()) if n]
    return "".join(out)


#: a source line longer than this is shown as a window around the finding (a 100 KB line under each of
#: a thousand findings would make the report 100 MB)
WIDE = 200
_BEFORE = 60


def _caret(text: str, column: int, end_column: int, same_line: bool) -> str:
    prefix = "".join("\t" if c == "\t" else " " for c in text[: column - 1])
    width = max(1, (end_column - column) if same_line else len(text) - column + 1)
    return prefix + "^" * min(width, max(1, len(text) - column + 1))


def _window(text: str, column: int, end_column: int) -> tuple[str, int, int]:
    """(shown text, column, end column) with long lines cut to WIDE characters around the finding."""
    if len(text) <= WIDE:
        return text, column, end_column
    start = max(0, column - 1 - _BEFORE)
    shown = text[start:start + WIDE]
    lead = "…" if start else ""
    tail = "…" if start + WIDE < len(text) else ""
    shift = start - len(lead)
    return lead + shown + tail, column - shift, end_column - shift


def tty(findings: Sequence[Finding], sources: Mapping[str, bytes], omitted: Mapping[str, int] | None = None) -> str:
    out: list[str] = []
    safe = unsafe = 0
    cache = LineCache(sources)
    last: tuple[str, int, str] = ("", 0, "")  # findings come sorted: neighbours often share a line
    for f in findings:
        out.append(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {f.message}")
        lines = cache.get(f.path)
        if lines is not None:
            if last[:2] != (f.path, f.line):
                last = (f.path, f.line, lines.text(f.line).rstrip(b"\r").decode("utf-8", "replace"))
            text, col, end_col = _window(last[2], f.column, f.end_column)
            gutter = f"{f.line:>5} | "
            out.append(gutter + text)
            out.append(" " * (len(gutter) - 2) + "| " + _caret(text, col, end_col, f.line == f.end_line))
        if f.fix is not None:
            if f.fix.applicability is Applicability.SAFE:
                safe += 1
            else:
                unsafe += 1
    hidden = sum((omitted or {}).values())
    out += [f"{path}: {_more(n)}" for path, n in sorted((omitted or {}).items()) if n]
    if findings or hidden:
        n = len(findings) + hidden
        tail = f"Found {n} finding{'s' if n != 1 else ''}"
        hints = []
        if safe:
            hints.append(f"{safe} fixable with --fix")
        if unsafe:
            hints.append(f"{unsafe} more with --unsafe-fixes")
        out.append(tail + (f" ({', '.join(hints)})." if hints else "."))
    return "\n".join(out) + ("\n" if out else "")
