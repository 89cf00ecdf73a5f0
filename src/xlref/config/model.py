"""The neutral form every reader produces and every writer consumes.

A config is an ordered list of entries (`key = value`), each with the position of its key and value, plus the
problems found while reading it.  Values are plain Python data: str, int, float, or lists of them (xl allows
nested lists for `vnuma`).  A value that cannot be known without running the file is an `Unresolved`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Span:
    """1-based line/column of the first character and of the character after the last one."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Unresolved:
    """A value the reader could not compute without executing the config."""

    reason: str
    source: str
    #: every value it can take when that is a short known list (an if/else on something unknown)
    choices: tuple[Value, ...] = ()
    #: the literal text the value is known to end with ('/usr/' + libdir + '/xen/bin/qemu-dm')
    suffix: str | None = None


Value = Union[str, int, float, list["Value"], Unresolved]  # noqa: UP007 - a recursive alias needs Union


@dataclass
class Entry:
    key: str
    value: Value
    span: Span  # the whole statement
    key_span: Span
    #: set when the value had to be folded from an expression (arithmetic, concatenation, a variable...).
    computed: str | None = None
    op: str = "="
    #: the comment at the end of the statement's last line, without the '#'.
    comment: str | None = None
    value_span: Span | None = None
    #: why xm would not use this assignment at all (xm ignored a bool, None, tuple or dict)
    ignored: str | None = None
    #: for an xm `KEY += EXPR`: EXPR's own value (`value` holds the result), what an xl `+=` must append
    appended: Value | None = None


@dataclass(frozen=True)
class Problem:
    """Something a reader noticed: a checker turns it into a Finding (code XL5xx)."""

    code: str
    message: str
    span: Span


@dataclass
class Config:
    path: str
    text: str
    #: "xl" (literal key = value file), "xm" (needs Python), "sxp" (xend s-expression), "libvirt" (XML).
    dialect: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: full-line comments and blank lines: line number -> text (comments keep their '#').
    comments: dict[int, str] = field(default_factory=dict)
    #: the file started with a UTF-8 byte order mark (removed from `text`; byte offsets add its 3 bytes)
    bom: bool = False
    #: the file had CRLF line ends (removed before parsing; `text` keeps them so byte offsets stay right)
    crlf: bool = False
    #: statements that are no setting (imports, ifs, helper calls): (span, why they are not carried over)
    dropped: list[tuple[Span, str]] = field(default_factory=list)

    def get(self, key: str, default: Value | None = None) -> Value | None:
        """The effective value of `key`: a later `=` wins, xl's `+=` appends (xm entries are already folded)."""
        return self.values().get(key, default)

    def keys(self) -> list[str]:
        return list(dict.fromkeys(e.key for e in self.entries if e.ignored is None))

    def values(self) -> dict[str, Value]:
        """The effective key -> value mapping (later assignments win)."""
        out: dict[str, Value] = {}
        for entry in self.entries:
            if entry.ignored is not None:
                continue
            old = out.get(entry.key)
            if entry.op == "+=" and entry.computed is None and self.dialect != "xm" and old is not None:
                if isinstance(old, list) and isinstance(entry.value, list):
                    out[entry.key] = old + entry.value
                    continue
                if isinstance(old, str) and isinstance(entry.value, str):
                    out[entry.key] = old + entry.value
                    continue
            out[entry.key] = entry.value
        return out


def unresolved_in(value: Value) -> Unresolved | None:
    if isinstance(value, Unresolved):
        return value
    if isinstance(value, list):
        for item in value:
            found = unresolved_in(item)
            if found is not None:
                return found
    return None


def line_starts(text: str) -> list[int]:
    """Byte offset (UTF-8) of the start of every line, 1-based index (element 0 unused)."""
    starts = [0, 0]
    offset = 0
    for line in text.splitlines(keepends=True):
        offset += len(line.encode("utf-8"))
        starts.append(offset)
    return starts


def byte_offset(text_lines: list[str], starts: list[int], line: int, column: int) -> int:
    """Byte offset of 1-based (line, column) given the decoded lines."""
    if line < 1 or line >= len(starts):
        return starts[-1] if starts else 0
    text = text_lines[line - 1] if line - 1 < len(text_lines) else ""
    if text.isascii():  # O(1) in CPython: a long line with thousands of items no longer costs a copy per item
        return starts[line] + min(max(column - 1, 0), len(text))
    return starts[line] + len(text[: column - 1].encode("utf-8"))
