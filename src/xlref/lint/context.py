"""How a command's surroundings use it: is its output read, is its exit status tested, what text does a
string hand to a shell."""

from __future__ import annotations

from xlref.lint.consumers import Scope, Use, describe
from xlref.lint.shell import Node

_STATUS_PARENTS = frozenset({"pipeline", "redirected_statement", "list", "negated_command", "if_statement",
                             "while_statement", "elif_clause"})


def output_used(node: Node) -> bool:
    """Does the script read what this command prints (pipe, $(...), <(...), redirect to a file)?"""
    cur = node
    parent = cur.parent
    while parent is not None:
        kind = parent.type
        if kind == "pipeline":
            if cur.end_byte != parent.named_children[-1].end_byte:
                return True
        elif kind in ("command_substitution", "process_substitution"):
            return True
        elif kind == "redirected_statement" and parent.child_by_field_name("body") == cur:
            for red in parent.children_by_field_name("redirect"):
                if red.type != "file_redirect":
                    continue
                desc = red.child_by_field_name("descriptor")
                dest = red.child_by_field_name("destination")
                op = red.children[1 if desc is not None else 0].type
                if op in (">", ">>", "&>", "&>>", ">|") and (desc is None or desc.text == b"1") and (
                    dest is not None and dest.text != b"/dev/null"
                ):
                    return True
        elif kind == "function_definition":
            return False
        cur, parent = parent, parent.parent
    return False


def use_of(node: Node, outer_read: bool = False, outer: Use | None = None, scope: Scope | None = None) -> Use:
    """Who reads this command's output and what they look at (see consumers.py).  For a command inside a
    string another command runs (ssh HOST "xm list"), `outer` is the use of that command: text that reaches
    the string's stdout goes on to its readers.  `scope` is the parsed text the node is in."""
    inner = describe(node, outer_read and outer is None, scope=scope)
    if outer is None or inner.sink != "display":
        return inner
    text = " | ".join(t for t in (inner.text, outer.text) if t)
    return Use(outer.sink, inner.steps + outer.steps, inner.stderr or outer.stderr, inner.status or outer.status, text)


def status_used(node: Node) -> bool:
    """Is this command's exit status tested (if/while condition, && / ||, !)?"""
    cur = node
    parent = cur.parent
    while parent is not None and parent.type in _STATUS_PARENTS:
        if parent.type in ("list", "negated_command"):
            return True
        if parent.type in ("if_statement", "while_statement", "elif_clause"):
            for i, child in enumerate(parent.children):
                if child == cur:
                    return parent.field_name_for_child(i) == "condition"
            return False
        cur, parent = parent, parent.parent
    return False


def content_span(node: Node) -> tuple[int, int, bool] | None:
    """(start, end, offsets-faithful) of the text a string/word hands to a shell."""
    text = node.text or b""
    if node.type == "raw_string":
        return node.start_byte + 1, node.end_byte - 1, True
    if node.type == "string":
        return node.start_byte + 1, node.end_byte - 1, b"\\" not in text
    if node.type == "word":
        return node.start_byte, node.end_byte, b"\\" not in text
    return None
