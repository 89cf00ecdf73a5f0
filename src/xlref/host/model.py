"""The host report: plain rows per section, a status per row, and the JSON form every renderer starts from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import IntEnum
from typing import Any

from xlref.exitcodes import ExitCode


class Status(IntEnum):
    """How much a row still needs; the report's worst status picks the exit code."""

    DONE = 0  # nothing to do (or the bundle does it)
    INFO = 1  # worth knowing, nothing to do
    TODO = 2  # xlref can do it: the bundle holds the converted file, patch or setting
    HUMAN = 3  # needs a decision or work xlref cannot do

    @property
    def label(self) -> str:
        return {0: "done", 1: "info", 2: "to do", 3: "needs a human"}[int(self)]

    @property
    def key(self) -> str:
        return {0: "done", 1: "info", 2: "todo", 3: "human"}[int(self)]


def exit_code(worst: Status) -> ExitCode:
    if worst >= Status.HUMAN:
        return ExitCode.NEEDS_HUMAN
    if worst >= Status.TODO:
        return ExitCode.FINDINGS
    return ExitCode.OK


@dataclass
class Conversion:
    ok: bool
    text: str = ""  # the converted file (not in the JSON report: the bundle holds it)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Domain:
    path: str
    kind: str  # config | auto | managed | example
    name: str | None
    dialect: str  # xm | xl | sxp
    status: Status
    autostart: bool = False
    codes: dict[str, int] = field(default_factory=dict)  # XL5xx code -> count
    findings: list[dict[str, Any]] = field(default_factory=list)  # code, severity, line, message
    xl: Conversion = field(default_factory=lambda: Conversion(False))
    libvirt: Conversion = field(default_factory=lambda: Conversion(False))
    keys: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Setting:
    """One option set in xend-config.sxp (or one host-level fact of the boot/services section)."""

    option: str
    value: str
    line: int
    status: Status
    default: str | None = None
    known: bool = True
    xl: dict[str, Any] = field(default_factory=dict)  # where, with, note (from the dataset)
    virsh: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass
class Fact:
    """A row of the boot and services section."""

    area: str  # xendomains | service | bootloader
    path: str
    item: str
    value: str
    status: Status
    note: str = ""
    line: int = 0


@dataclass
class Script:
    path: str
    status: Status
    findings: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    safe: int = 0  # findings with a safe fix
    unsafe: int = 0  # findings with an unsafe fix
    manual: int = 0  # findings without a fix
    patched: bool = False  # the bundle's patch changes this file
    note: str = ""
    text: bytes = b""  # the rewritten script (bundle only)
    original: bytes = b""


@dataclass
class Check:
    id: str
    title: str
    status: Status
    evidence: list[str] = field(default_factory=list)
    seed: str | None = None


@dataclass
class Report:
    root: str
    target: str
    domains: list[Domain] = field(default_factory=list)
    settings_file: str | None = None
    settings: list[Setting] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    scripts_seen: int = 0  # shell scripts linted (clean ones are not listed)
    checklist: list[Check] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    skipped_special: int = 0
    backups: dict[str, bytes] = field(default_factory=dict)  # host path -> bytes, copied into the bundle

    def rows(self) -> list[Status]:
        return [*(d.status for d in self.domains), *(s.status for s in self.settings), *(f.status for f in self.facts),
                *(s.status for s in self.scripts), *(c.status for c in self.checklist),
                *([Status.HUMAN] if self.problems else [])]

    def worst(self) -> Status:
        return max(self.rows(), default=Status.DONE)

    def counts(self) -> dict[str, int]:
        out = {s.key: 0 for s in Status}
        for c in self.checklist:
            out[c.status.key] += 1
        return out


def _conversion(c: Conversion) -> dict[str, Any]:
    return {"ok": c.ok, "warnings": c.warnings, "error": c.error}


def _plain(obj: Any, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    out = asdict(obj)
    for key in drop:
        out.pop(key, None)
    for key, value in out.items():
        if isinstance(value, Status) or key == "status":
            out[key] = Status(value).key
    return out


def to_dict(report: Report, version: str) -> dict[str, Any]:
    worst = report.worst()
    domains = []
    for d in report.domains:
        row = _plain(d, ("xl", "libvirt"))
        row["xl"], row["libvirt"] = _conversion(d.xl), _conversion(d.libvirt)
        domains.append(row)
    return {
        "tool": "xlref host scan",
        "version": version,
        "root": report.root,
        "target": report.target,
        "summary": {"worst": worst.key, "exit_code": int(exit_code(worst)), "checklist": report.counts(),
                    "domains": len(report.domains), "managed_domains": sum(d.kind == "managed" for d in report.domains),
                    "xend_options_set": len(report.settings), "scripts_linted": report.scripts_seen,
                    "scripts_with_findings": len(report.scripts), "problems": len(report.problems),
                    "special_files_skipped": report.skipped_special},
        "checklist": [_plain(c) for c in report.checklist],
        "domains": domains,
        "xend_settings": {"file": report.settings_file, "options": [_plain(s) for s in report.settings]},
        "boot_and_services": [_plain(f) for f in report.facts],
        "scripts": [_plain(s, ("text", "original")) for s in report.scripts],
        "problems": report.problems,
    }


@dataclass
class Table:
    """One table of the report (the terminal, HTML and text renderers all draw these)."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    intro: str = ""
