"""Render findings: tty, gcc, json, sarif, checkstyle, diff.  Pure functions of findings + file bytes.

`render(findings, fmt, sources, fixed=..., rules=...)`: `sources` maps each path to its bytes (for source
lines and columns), `fixed` maps paths to fixed bytes (needed by the diff format), `rules` describes the
codes (objects with code, name, severity, summary; optional explanation) for SARIF/tty, `omitted` counts
findings per path left out of the report (the per-file cap): each format says so in its own way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from xlref.findings import Finding

FORMATS = ("tty", "gcc", "json", "sarif", "checkstyle", "diff")


def render(
    findings: Sequence[Finding],
    fmt: str,
    sources: Mapping[str, bytes],
    *,
    fixed: Mapping[str, bytes] | None = None,
    rules: Sequence[Any] | None = None,
    tool: str = "xlref",
    version: str = "",
    omitted: Mapping[str, int] | None = None,
) -> str:
    if fmt == "tty":
        from xlref.report.text import tty

        return tty(findings, sources, omitted)
    if fmt == "gcc":
        from xlref.report.text import gcc

        return gcc(findings, omitted)
    if fmt == "json":
        from xlref.report.machine import to_json

        return to_json(findings, sources, omitted)
    if fmt == "sarif":
        from xlref.report.machine import sarif

        return sarif(findings, sources, rules or [], tool=tool, version=version, omitted=omitted)
    if fmt == "checkstyle":
        from xlref.report.machine import checkstyle

        return checkstyle(findings, tool=tool, omitted=omitted)
    if fmt == "diff":
        from xlref.report.diff import unified

        return unified(sources, fixed or {})
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
