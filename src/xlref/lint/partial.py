"""XL906: a file that runs the target toolstack somewhere and still runs (or checks for, or watches) xm
elsewhere is half migrated.  After `--fix` this is what the remaining findings say about a file whose
calls could only partly be rewritten."""

from __future__ import annotations

import re
from collections.abc import Callable

from xlref.findings import Fix
from xlref.lint.model import Item
from xlref.lint.shell import LineIndex, Node, Tree, enclosing, literal
from xlref.lint.wrappers import Effective, basename

#: findings that mean "xm is still run, checked for or watched here"
STILL_XM = frozenset({"XL101", "XL102", "XL103", "XL104", "XL105", "XL106", "XL404", "XL406", "XL901", "XL902",
                      "XL903"})


def _target_runs(source: bytes, tree: Tree, target: str, effective: Callable[[Node], Effective]) -> list[int]:
    """Offsets where the target program is run (as a command, or as the value of a program variable)."""
    out = []
    root = tree.root_node
    for m in re.finditer(rb"(?<![\w.\-])" + target.encode() + rb"(?![\w.\-])", source):
        node = enclosing(root, m.start(), m.end(),
                         ("command", "variable_assignment", "comment", "string", "heredoc_body"))
        if node is None or node.type in ("comment", "heredoc_body"):
            continue
        if node.type == "string":
            parent = node.parent
            while parent is not None and parent.type not in ("variable_assignment", "command"):
                parent = parent.parent
            if parent is None:
                continue
            if parent.type == "command":  # ssh host "xl list": a string a shell runs
                if any(w.start_byte <= m.start() < w.end_byte for w, _ in effective(parent).embedded):
                    out.append(m.start())
                continue
            node = parent
        if node.type == "variable_assignment":
            value = node.child_by_field_name("value")
            text = literal(value) if value is not None else None
            if text and basename(text.split()[-1]) == target:
                out.append(m.start())
            continue
        eff = effective(node)
        if eff.words and eff.words[0].start_byte <= m.start() < eff.words[0].end_byte:
            out.append(m.start())
    return out


def check(source: bytes, tree: Tree, items: list[tuple[Item, Fix | None]], target: str,
          effective: Callable[[Node], Effective]) -> list[tuple[Item, Fix | None]]:
    still = sorted({it.start for it, _ in items if it.code in STILL_XM})
    if not still or target.encode() not in source:
        return []
    runs = _target_runs(source, tree, target, effective)
    if not runs:
        return []
    lines = LineIndex(source)
    xm_lines = sorted({lines.position(o)[0] for o in still})
    t_lines = sorted({lines.position(o)[0] for o in runs})
    first = next(it for it, _ in items if it.start == still[0] and it.code in STILL_XM)

    def show(ns: list[int]) -> str:
        return ", ".join(map(str, ns[:6])) + (" ..." if len(ns) > 6 else "")

    return [(Item("XL906", first.start, first.end,
                  f"partial migration: line{'s' if len(t_lines) > 1 else ''} {show(t_lines)} run {target}, but "
                  f"line{'s' if len(xm_lines) > 1 else ''} {show(xm_lines)} still run or check for xm; "
                  f"finish the migration (see the findings there) before xm is removed",
                  {"target_lines": " ".join(map(str, t_lines)), "xm_lines": " ".join(map(str, xm_lines))}), None)]
