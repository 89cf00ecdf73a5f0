"""What `xlref lint` and `xlref config check` report: findings with optional byte-range fixes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(StrEnum):
    SAFE = "safe"  # same behaviour on the target toolstack
    UNSAFE = "unsafe"  # behaviour may differ; applied only with --unsafe-fixes


@dataclass(frozen=True, order=True)
class Edit:
    """Replace bytes [start, end) of the file with `text` (start == end inserts)."""

    start: int
    end: int
    text: bytes


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    edits: tuple[Edit, ...]
    description: str = ""


@dataclass(frozen=True)
class Finding:
    path: str
    code: str
    severity: Severity
    message: str
    #: 1-based line and column (columns count characters of the decoded line) of the start and end.
    line: int
    column: int
    end_line: int
    end_column: int
    start_byte: int = 0
    end_byte: int = 0
    fix: Fix | None = None
    #: extra machine-readable facts (the xm command, the replacement...), shown in json/sarif.
    data: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
