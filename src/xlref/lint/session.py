"""One `xlref lint` run's plumbing: where text goes, one file fixed and written, the report gathered."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from typing import BinaryIO, TextIO

from xlref.findings import Finding
from xlref.lint.inputs import Input
from xlref.lint.judge import Pending
from xlref.lint.verdict import Judge


class Streams:
    """Where things go.  The report goes to stdout, or to stderr when stdout carries the fixed script
    (`--fix -`); human sentences go to stderr, except when stderr carries a machine-format report."""

    def __init__(self, report_on_err: bool, human: bool, stdout: BinaryIO | None, stderr: TextIO | None) -> None:
        self.err: TextIO = stderr or sys.stderr or io.StringIO()  # fd 2 closed: say nothing rather than crash
        out = stdout if stdout is not None else getattr(sys.stdout, "buffer", None)
        self.out: BinaryIO | None = out
        self.report_on_err = report_on_err
        self.quiet = report_on_err and not human

    def error(self, text: str) -> None:
        print(f"xlref lint: {text}", file=self.err)

    def note(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.err)


def fix_one(item: Input, lint_one: Callable[[bytes], list[Finding]], judge: Judge | None, unsafe: bool,
             writing: bool, io_: Streams) -> tuple[list[Finding], bytes, int]:
    """(findings to report, the file's bytes now, fixes applied; -1 when the file failed)."""
    from xlref.atomic import replace_file
    from xlref.lint.apply import fix_source

    res = fix_source(item.data, lint_one, unsafe, judge)
    if res.error:
        io_.error(f"{item.name}: {res.error}")
        return res.initial, item.data, -1
    if res.abandoned:
        io_.note(f"xlref lint: {item.name}: fixes withheld: {res.why}")
    if res.source == item.data or not writing or item.seen is None:
        return res.remaining, res.source, res.applied
    try:
        replace_file(item.name, res.source, item.data, item.seen)
    except OSError as exc:
        io_.error(f"{item.name}: not written: {exc.strerror or exc}")
        return res.initial, item.data, -1
    return res.remaining, res.source, res.applied


class Report:
    """Findings to render, at most `limit` per file (the rest counted), with the bytes they point into."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.findings: list[Finding] = []
        self.shown: dict[str, bytes] = {}  # the bytes each reported file now has (source lines, columns)
        self.omitted: dict[str, int] = {}

    def add(self, name: str, found: list[Finding], now: bytes) -> None:
        if self.limit > 0 and len(found) > self.limit:
            self.omitted[name] = len(found) - self.limit
            found = found[:self.limit]
        if found:
            self.findings.extend(found)
            self.shown[name] = now

    def judged(self, name: str, raw: bytes, found: list[Finding], pending: Pending, judge: Judge) -> None:
        self.add(name, judge.findings(found, pending.result(), raw), raw)
