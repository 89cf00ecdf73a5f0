"""Compare two output formats part by part: which columns, keys, header lines and values are the same.

Two columns are the same when they hold the same thing (meaning) written the same way (value, unit and,
for state letters, the letters at each position).  Keys compare by their printed label.  `identical` is
the strongest claim: same kind, same header text, same columns or keys in the same order with the same
printf pieces, so any reader at all sees the same bytes for the same host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xlref.data.outputs import Format

Record = dict[str, Any]

_CONV = re.compile(r"%([-+ 0#]*)(\d*)(?:\.(\d+))?(?:hh|h|ll|l|z|j|t|L)?([diouxXeEfgGcs])")


def piece(text: str) -> str:
    """A printf piece with the conversions that print the same digits made equal (%lu == %d)."""
    def norm(m: re.Match[str]) -> str:
        conv = "d" if m.group(4) in "diu" else m.group(4)
        prec = f".{m.group(3)}" if m.group(3) is not None else ""
        return f"%{m.group(1)}{m.group(2)}{prec}{conv}"

    return _CONV.sub(norm, text)


def _value_piece(text: str) -> str:
    """A value's line with plain conversions made equal: '%s' and '%u' print a number the same way."""
    return re.sub(r"%[sd]", "%v", piece(text))


def _same_value(a: Record, b: Record) -> bool:
    return (a["meaning"], a["value"], a.get("unit"), a.get("letters")) == (
        b["meaning"], b["value"], b.get("unit"), b.get("letters"))


def _stdout_messages(fmt: Format) -> list[str]:
    return [piece(m["text"]) for m in fmt.messages if m.get("stream", "stdout") == "stdout"]


def _said(fmt: Format) -> str:
    return " and ".join(repr(m.strip()) for m in _stdout_messages(fmt)) or "nothing"


def _silent(fmt: Format) -> bool:
    """Prints nothing on stdout (progress and errors may go to stderr)."""
    return fmt.kind == "none" or (fmt.kind == "message" and not _stdout_messages(fmt))


def _describe(col: Record | None) -> str:
    if col is None:
        return "nothing"
    unit = f", {col['unit']}" if col.get("unit") else ""
    return f"{col['name']} ({col['meaning']}, {col['value']}{unit})"


@dataclass
class ColumnMatch:
    position: int  # 1-based, as awk counts fields
    a: Record | None
    b: Record | None

    @property
    def same(self) -> bool:
        return self.a is not None and self.b is not None and _same_value(self.a, self.b)

    def letters_same(self, positions: set[int]) -> bool:
        """State-letter columns: are the letters at these (0-based) positions the same in both?"""
        if self.a is None or self.b is None or self.a["meaning"] != self.b["meaning"]:
            return False
        la, lb = self.a.get("letters"), self.b.get("letters")
        if la is None or lb is None:
            return self.same
        return all(p < len(la) and p < len(lb) and la[p] == lb[p] for p in positions)


@dataclass
class KeyMatch:
    key: str
    a: Record | None
    b: Record | None
    same_line: bool = True  # both tools print the line with the same layout

    @property
    def same(self) -> bool:
        if self.a is None or self.b is None or not self.same_line:
            return self.a is None and self.b is None
        return _same_value(self.a, self.b) and piece(self.a.get("format", "%s")) == piece(self.b.get("format", "%s"))


@dataclass
class Comparison:
    a: Format
    b: Format
    columns: list[ColumnMatch] = field(default_factory=list)
    keys: dict[str, KeyMatch] = field(default_factory=dict)

    @property
    def same_kind(self) -> bool:
        return self.a.kind == self.b.kind

    @property
    def same_header_text(self) -> bool:
        return self.a.header_lines() == self.b.header_lines() and self.same_layout_kind

    @property
    def same_header_words(self) -> bool:
        return [ln.split() for ln in self.a.header_lines()] == [ln.split() for ln in self.b.header_lines()]

    @property
    def same_header_count(self) -> bool:
        return self.a.header_count() == self.b.header_count()

    @property
    def same_layout_kind(self) -> bool:
        return self.a.record.get("layout") == self.b.record.get("layout")

    @property
    def same_line_format(self) -> bool:
        """key_value: is every line laid out the same way (label padding, separator)?"""
        return piece(self.a.record.get("line", "")) == piece(self.b.record.get("line", ""))

    @property
    def same_cells(self) -> bool:
        """printf tables: every row prints byte for byte the same for the same values."""
        if not self.same_layout_kind or len(self.a.columns) != len(self.b.columns):
            return False
        if self.a.record.get("layout") != "printf":
            return all(m.same for m in self.columns)
        return all(m.same and m.a is not None and m.b is not None
                   and piece(m.a.get("cell", "")) == piece(m.b.get("cell", "")) for m in self.columns)

    def column(self, n: int) -> ColumnMatch:
        if 1 <= n <= len(self.columns):
            return self.columns[n - 1]
        return ColumnMatch(n, None, None)

    def position_in_b(self, meaning: str) -> int | None:
        for i, col in enumerate(self.b.columns, 1):
            if col["meaning"] == meaning:
                return i
        return None

    def column_text(self, n: int) -> str:
        """Why field n differs, in words."""
        m = self.column(n)
        if m.same:
            return f"field {n} is {_describe(m.a)} in both"
        moved = self.position_in_b(m.a["meaning"]) if m.a is not None else None
        where = f" ({m.a['name']} is field {moved} there)" if m.a is not None and moved and moved != n else ""
        return (f"field {n} is {_describe(m.a)} in {self.a.label} but {_describe(m.b)} in {self.b.label}"
                f"{where}")

    @property
    def same_values(self) -> bool:
        va, vb = self.a.record.get("value"), self.b.record.get("value")
        if va is None or vb is None:
            return va is None and vb is None
        return _same_value(va, vb) and _value_piece(va["format"]) == _value_piece(vb["format"]) and (
            va.get("words") == vb.get("words"))

    @property
    def same_keys(self) -> bool:
        la = [k["key"] for k in self.a.keys]
        lb = [k["key"] for k in self.b.keys]
        return la == lb and all(m.same for m in self.keys.values()) and self.same_line_format

    @property
    def identical(self) -> bool:
        """Every part the same: any reader sees the same text on stdout for the same host."""
        if _silent(self.a) and _silent(self.b):
            return True
        if not self.same_kind or not self.a.readable:
            return self.same_kind
        kind = self.a.kind
        if kind == "table":
            return self.same_header_text and self.same_cells
        if kind == "key_value":
            return self.same_keys
        if kind in ("value", "lines"):
            return self.same_values
        if kind == "message":
            return _stdout_messages(self.a) == _stdout_messages(self.b)
        if kind == "text" and self.a.record.get("value") and self.b.record.get("value"):
            return self.same_values  # the same raw text (the hypervisor's console ring) from either tool
        # documents and free text: only the same tool's own format is the same
        return self.a.tool == self.b.tool and self.a.variant == self.b.variant and self.a.command == self.b.command

    def differences(self) -> list[str]:
        """The parts that differ, in words (empty when identical)."""
        if self.identical:
            return []
        if not self.same_kind:
            return [f"{self.a.label} prints {self.a.kind.replace('_', '/')}, "
                    f"{self.b.label} prints {self.b.kind.replace('_', '/')}"]
        out = []
        if self.a.kind == "table":
            if not self.same_header_count:
                out.append(f"{self.a.header_count()} header line(s) before the rows in {self.a.label}, "
                           f"{self.b.header_count()} in {self.b.label}")
            elif not self.same_header_text:
                out.append("the header line is spaced differently" if self.same_header_words
                           else "the header titles differ")
            out.extend(self.column_text(m.position) for m in self.columns if not m.same)
            if not out and not self.same_cells:
                out.append("the columns are padded differently")
        elif self.a.kind == "key_value":
            for label, m in self.keys.items():
                if m.a is None:
                    out.append(f"{label!r} only in {self.b.label}")
                elif m.b is None:
                    out.append(f"{label!r} only in {self.a.label}")
                elif not m.same:
                    out.append(f"{label!r} is written differently")
            if not self.same_line_format:
                out.append("lines are laid out differently")
        elif self.a.kind in ("value", "lines"):
            va, vb = self.a.record.get("value") or {}, self.b.record.get("value") or {}
            out.append(f"{self.a.label} prints {va.get('value')} and {self.b.label} prints {vb.get('value')}"
                       if va.get("value") != vb.get("value") else "the value is written differently")
        elif self.a.kind == "message":
            out.append(f"{self.a.label} prints {_said(self.a)} on stdout, {self.b.label} {_said(self.b)}")
        else:
            out.append(f"{self.a.label} and {self.b.label} print different {self.a.kind} text")
        return out or ["the output differs"]


def compare(a: Format, b: Format) -> Comparison:
    """Part-by-part comparison of what `a` and `b` print."""
    cmp = Comparison(a, b)
    ca, cb = a.columns, b.columns
    for i in range(max(len(ca), len(cb))):
        cmp.columns.append(ColumnMatch(i + 1, ca[i] if i < len(ca) else None, cb[i] if i < len(cb) else None))
    same_line = cmp.same_line_format
    ka = {k["key"]: k for k in a.keys}
    kb = {k["key"]: k for k in b.keys}
    for label in [*ka, *(k for k in kb if k not in ka)]:
        cmp.keys[label] = KeyMatch(label, ka.get(label), kb.get(label), same_line)
    return cmp
