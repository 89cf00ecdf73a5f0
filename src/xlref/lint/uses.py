"""How a script uses a variable that holds xm: runs it (`$XM list`, also inside eval/ssh/sh -c strings and
runner functions), checks it (`[ -x "$XM" ]`), copies it into another command string, prints it in a
message, or does something the linter cannot follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from xlref.lint.context import content_span
from xlref.lint.shell import Node, Tree, literal, parse

if TYPE_CHECKING:
    from xlref.lint.scanner import Scanner
    from xlref.lint.wrappers import Effective

_MESSAGE_PROGRAMS = frozenset({"echo", "printf", "logger", "print", "log", "warn", "die", "fail", "error", "info",
                               "debug", "notice", "msg", "say"})


@dataclass
class Use:
    kind: str  # call | lookup | chain | message | ignore | spoil
    why: str = ""
    node: Node | None = None  # call: the command; chain: the assignment
    eff: Effective | None = None
    source: bytes = b""
    base: int = 0
    context: str = ""
    outer: Node | None = None  # the command that hands the string to a shell (eval, ssh, sh -c...)



def classify(det: Scanner, o: int, end: int, source: bytes, tree: Tree, base: int) -> Use:
    """What the use of a variable at [o, end) of `source` does with it (recursing into strings a shell runs)."""
    cur = tree.root_node.descendant_for_byte_range(o, end)
    while cur is not None:
        kind = cur.type
        if kind == "comment":
            return Use("ignore")
        if kind == "heredoc_body":
            return Use("spoil", f"line {cur.start_point[0] + 1} writes it into here-document text")
        if kind == "variable_assignment":
            return Use("chain", node=cur, source=source, base=base)
        if kind == "test_command":
            return Use("lookup")
        if kind == "declaration_command":
            return Use("spoil", f"line {cur.start_point[0] + 1} exports or declares it")
        if kind == "command":
            break
        cur = cur.parent
    if cur is None:
        return Use("spoil", "a use the linter cannot follow")
    eff = det.command_effective(cur, base)
    if any(w.start_byte <= o < w.end_byte for w in eff.lookup):
        return Use("lookup")
    for word, how in eff.embedded:
        if word.start_byte <= o < word.end_byte:
            span = content_span(word)
            if span is None or not span[2]:
                return Use("spoil", f"line {cur.start_point[0] + 1} runs it inside a string with escapes")
            s, e, _ = span
            sub = source[s:e]
            inner = classify(det, o - s, end - s, sub, parse(sub), base + s)
            if inner.kind == "call":
                inner.context = "eval" if how == "eval" else "shell"
                inner.outer = inner.outer or cur
            return inner
    if eff.words and eff.words[0].start_byte <= o < eff.words[0].end_byte:
        return Use("call", node=cur, eff=eff, source=source, base=base)
    prog = literal(eff.words[0]) if eff.words else None
    arg = next((w for w in eff.words if w.start_byte <= o < w.end_byte), None)
    in_text = arg is not None and arg.type == "string" and (arg.text or b"")[1:2] != b"$"
    if (prog or "").rsplit("/", 1)[-1] in _MESSAGE_PROGRAMS or (in_text and prog not in det.funcs.runners):
        return Use("message")
    return Use("spoil", f"line {cur.start_point[0] + 1} passes it to {prog or 'a command'}")
