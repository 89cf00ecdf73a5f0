"""What a script and the files it sources define: variable assignments (by name, on demand) and functions.

Lookups are lazy and driven by a regex over the bytes, so a script that needs none of this pays nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from xlref.lint.shell import Node, enclosing, literal
from xlref.lint.sources import Unit
from xlref.lint.wrappers import WRAPPERS

_NAME_BEFORE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$.-/")
_SETTERS = re.compile(rb"\b(?:for|read|getopts|select)\b")
_FUNC = re.compile(rb"(?:\bfunction[ \t]+([A-Za-z_][\w.:-]*)|([A-Za-z_][\w.:-]*)[ \t]*\([ \t]*\))")


@dataclass
class VarDef:
    name: str
    unit: Unit
    node: Node  # the variable_assignment (or the command that sets the name: for, read, getopts)
    value: Node | None
    text: str | None  # the value when it is static text
    exported: bool = False
    default_of: str | None = None  # NAME=${NAME:-xm}: the default word (the environment may override it)

    @property
    def line(self) -> int:
        return self.node.start_point[0] + 1

    @property
    def own(self) -> bool:
        return self.unit.own


@dataclass
class FuncDef:
    name: str
    unit: Unit
    node: Node  # function_definition
    body: Node


class Symbols:
    def __init__(self, own: Unit, sourced: list[Unit]) -> None:
        self.own = own
        self.units = [*sourced, own]  # sourced files first: the script's own values come last
        self._defs: dict[str, list[VarDef]] = {}

    def defs(self, name: str) -> list[VarDef]:
        """Every place `name` gets a value (assignment, for, read, getopts), in the script and sourced files."""
        hit = self._defs.get(name)
        if hit is None:
            hit = self._defs[name] = [d for u in self.units for d in _defs_in(u, name)]
        return hit

    def values(self, name: str) -> list[str] | None:
        """The static values `name` can hold, or None when one of them is computed at run time."""
        out = []
        for d in self.defs(name):
            if d.text is None:
                return None
            out.append(d.text)
        return out or None

    def wrapper_value(self, node: Node) -> str | None:
        """`${SUDO}` holding `sudo` (or a default `${SUDO:-sudo}`): the wrapper program it names."""
        name = expansion_name(node)
        if name is None:
            return None
        defs = self.defs(name)
        vals = [d.default_of if d.default_of is not None else d.text for d in defs]
        if any(v and any(not w.startswith("-") for w in v.split()[1:]) for v in vals):
            return None  # `sudo xm`: a command, not just a wrapper
        words = {v.split()[0] if v and v.split() else "" for v in vals if v is not None}
        if not defs or None in vals or not words or not all(w == "" or w.rsplit("/", 1)[-1] in WRAPPERS
                                                            for w in words):
            return None
        real = sorted(w for w in words if w)
        return real[0] if len(real) == 1 else None

    @cached_property
    def functions(self) -> dict[str, FuncDef]:
        out: dict[str, FuncDef] = {}
        for u in self.units:
            if b"(" not in u.source and b"function" not in u.source:
                continue
            for m in _FUNC.finditer(u.source):
                node = enclosing(u.tree.root_node, m.start(), m.start() + 1, ("function_definition",))
                if node is None:
                    continue
                name_node = node.child_by_field_name("name")
                body = node.child_by_field_name("body")
                if name_node is None or body is None:
                    continue
                name = (name_node.text or b"").decode("utf-8", "replace")
                out[name] = FuncDef(name, u, node, body)
        return out


def expansion_name(node: Node) -> str | None:
    """NAME for `$NAME`, `${NAME}`, `"$NAME"`, `${NAME:-x}`; None for anything else."""
    if node.type == "string" and node.named_child_count == 1:
        node = node.named_children[0]
    if node.type not in ("simple_expansion", "expansion"):
        return None
    var = next((c for c in node.named_children if c.type == "variable_name"), None)
    return (var.text or b"").decode() if var is not None else None


def _default_word(value: Node, name: str) -> str | None:
    """`${NAME:-word}` / `${NAME-word}` assigned to NAME: the static default word."""
    if value.type == "string" and value.named_child_count == 1:
        value = value.named_children[0]
    if value.type != "expansion" or expansion_name(value) != name:
        return None
    text = (value.text or b"").decode("utf-8", "replace")
    m = re.match(r"^\$\{" + re.escape(name) + r":?-([^${}`'\"\\]*)\}$", text)
    return m.group(1) if m else None


def _defs_in(unit: Unit, name: str) -> list[VarDef]:
    src = unit.source
    raw = name.encode()
    if raw not in src:
        return []
    out: list[VarDef] = []
    exported = (b"export" in src or b"-x" in src) and re.search(
        rb"\b(?:export|declare[ \t]+-x|typeset[ \t]+-x)\b[^\n;]*(?<![\w$])" + re.escape(raw) + rb"\b", src) is not None
    root = unit.tree.root_node
    for m in re.finditer(re.escape(raw) + rb"\+?=", src):  # a literal prefix: the engine jumps between hits
        if m.start() and src[m.start() - 1] in _NAME_BEFORE:
            continue
        node = enclosing(root, m.start(), m.end() - 1, ("variable_assignment", "comment", "string", "heredoc_body"))
        if node is None or node.type != "variable_assignment":
            continue
        name_node = node.child_by_field_name("name")
        if name_node is None or name_node.text != raw:
            continue
        value = node.child_by_field_name("value")
        text = "" if value is None else literal(value)
        default = _default_word(value, name) if value is not None else None
        appended = src[m.end() - 2:m.end() - 1] == b"+"
        out.append(VarDef(name, unit, node, value, None if appended else text, exported, default))
    for m in re.finditer(re.escape(raw) + rb"\b", src):  # `for NAME in`, `read -r NAME`, `getopts s NAME`
        if m.start() and src[m.start() - 1] in _NAME_BEFORE:
            continue
        line_start = max(src.rfind(b"\n", 0, m.start()), src.rfind(b";", 0, m.start())) + 1
        if not _SETTERS.search(src, line_start, m.start()):
            continue
        node = root.descendant_for_byte_range(m.start(), m.end())
        if node is not None and node.type in ("variable_name", "word"):
            out.append(VarDef(name, unit, node, None, None, exported))
    return out
