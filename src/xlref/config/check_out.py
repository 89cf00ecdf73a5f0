"""The findings of one `config check` run: byte offsets of spans (the byte order mark counted) and the edits of
its fixes.  Shared by the per-entry checks and the spec checks."""

from __future__ import annotations

from xlref.config.model import Config, Span, byte_offset, line_starts
from xlref.findings import Edit, Finding, Fix
from xlref.rules.config import CONFIG_RULES as RULES


class Out:
    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.lines = cfg.text.splitlines()
        self.starts = line_starts(cfg.text)
        self.bias = 3 if cfg.bom else 0  # the byte order mark is not in cfg.text
        self.findings: list[Finding] = []
        self._encoded: bytes | None = None

    def byte(self, line: int, col: int) -> int:
        return byte_offset(self.lines, self.starts, line, col) + self.bias

    def raw(self, start: int, end: int) -> bytes:
        if self._encoded is None:
            self._encoded = self.cfg.text.encode("utf-8")
        return self._encoded[start - self.bias:end - self.bias]

    def add(self, code: str, message: str, span: Span, fix: Fix | None = None,
            data: dict[str, str] | None = None) -> None:
        # The severity is the rule's, always: a case that deserves another severity is another rule.
        rule = RULES[code]
        self.findings.append(Finding(
            path=self.cfg.path, code=code, severity=rule.severity, message=message,
            line=span.line, column=span.column, end_line=span.end_line, end_column=span.end_column,
            start_byte=self.byte(span.line, span.column), end_byte=self.byte(span.end_line, span.end_column),
            fix=fix, data=dict(data or {})))

    def edit(self, span: Span, text: str) -> Edit:
        return Edit(self.byte(span.line, span.column), self.byte(span.end_line, span.end_column),
                    text.encode("utf-8"))

    def delete_line(self, span: Span) -> Edit:
        start = self.starts[span.line] + self.bias
        end = (self.starts[span.end_line + 1] if span.end_line + 1 < len(self.starts) else self.starts[-1]) + self.bias
        return Edit(start, end, b"")
