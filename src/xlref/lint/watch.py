"""Process watchdogs: `ps ax | grep "xm migrate"`, `pgrep -f "xm list"`, `pkill -f 'xm '`.  They look for xm
processes, which no longer exist once the calls run xl (or libvirtd, which runs no process per operation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlref.lint.model import Notice
from xlref.lint.shell import Node, literal
from xlref.lint.wrappers import Effective, basename

if TYPE_CHECKING:
    from xlref.lint.scanner import Ctx, Scanner

_GREPS = frozenset({"grep", "egrep", "fgrep"})
_PGREPS = frozenset({"pgrep", "pkill"})
_PS = frozenset({"ps", "top", "pstree"})


def _fed_by_ps(command: Node) -> bool:
    """Is `command` a stage of a pipeline that starts with ps?"""
    node = command
    while node.parent is not None and node.parent.type in ("pipeline", "redirected_statement"):
        node = node.parent
    if node.type != "pipeline":
        return False
    first = node.named_children[0]
    while first.type == "redirected_statement" and first.named_children:
        first = first.named_children[0]
    name = first.child_by_field_name("name") if first.type == "command" else None
    if name is not None and name.named_child_count:
        name = name.named_children[0]
    text = literal(name) if name is not None else None
    return text is not None and basename(text) in _PS


def check(det: Scanner, command: Node, eff: Effective, o: int, source: bytes, ctx: Ctx) -> None:
    """Report `xm` inside the pattern of a process search."""
    if not eff.words:
        return
    prog = literal(eff.words[0])
    base = basename(prog) if prog else ""
    word = next((w for w in eff.words[1:] if w.start_byte <= o < w.end_byte), None)
    if word is None or (literal(word) or "").startswith("-"):
        return
    if base in _PGREPS:
        flags = [literal(w) or "" for w in eff.words[1:]]
        if not any(f.startswith("-") and "f" in f for f in flags) and literal(word) != "xm":
            return
    elif base in ("pidof", "killall"):
        if literal(word) != "xm":
            return
    elif not (base in _GREPS and _fed_by_ps(command)):
        return
    det.out.notices.append(Notice(
        "XL406", word.start_byte + ctx.base, word.end_byte + ctx.base, f"{base} looks for running xm processes",
        [(o + ctx.base, o + ctx.base)] if ctx.fixable else [], {"watch": base}))
