"""`# xlref: disable=XL101,XL2` comments: for the next command, or the whole file when before the first one.
A trailing comment covers its own line.  Directives that suppress nothing are reported (XL905)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xlref.lint.shell import Tree
from xlref.rules import matches

_DIRECTIVE = re.compile(rb"#[ \t]*xlref:[ \t]*disable[ \t]*=[ \t]*([A-Za-z0-9_, \t]+)")


@dataclass
class Directive:
    start: int  # the comment
    end: int
    codes: list[str]
    scope: tuple[int, int] | None  # None: the whole file
    used: set[str] = field(default_factory=set)  # patterns that suppressed something

    def covers(self, code: str, start: int) -> str | None:
        if self.scope is not None and not (self.scope[0] <= start < self.scope[1]):
            return None
        return next((p for p in self.codes if matches(code, [p])), None)


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)

    def suppressed(self, code: str, start: int) -> bool:
        hit = False
        for d in self.directives:
            pattern = d.covers(code, start)
            if pattern is not None:
                d.used.add(pattern)
                hit = True
        return hit

    def unused(self) -> list[tuple[Directive, list[str]]]:
        return [(d, [c for c in d.codes if c not in d.used]) for d in self.directives
                if any(c not in d.used for c in d.codes)]


def collect(source: bytes, tree: Tree) -> Suppressions:
    out = Suppressions()
    if b"xlref:" not in source:
        return out
    root = tree.root_node
    first_code = next((c.start_byte for c in root.named_children if c.type != "comment"), len(source))
    for m in _DIRECTIVE.finditer(source):
        node = root.descendant_for_byte_range(m.start(), m.start() + 1)
        if node is None or node.type != "comment":
            continue
        codes = [c.strip().upper() for c in re.split(r"[,\s]+", m.group(1).decode()) if c.strip()]
        line_start = source.rfind(b"\n", 0, node.start_byte) + 1
        scope: tuple[int, int] | None
        if source[line_start:node.start_byte].strip():  # trailing comment: its own line
            line_end = source.find(b"\n", node.end_byte)
            scope = (line_start, len(source) if line_end < 0 else line_end)
        elif node.parent is not None and node.parent.type == "program" and node.start_byte < first_code:
            scope = None
        else:
            nxt = node.next_named_sibling
            while nxt is not None and nxt.type == "comment":
                nxt = nxt.next_named_sibling
            scope = (nxt.start_byte, nxt.end_byte) if nxt is not None else (node.end_byte, node.end_byte)
        out.directives.append(Directive(node.start_byte, node.end_byte, codes, scope))
    return out
