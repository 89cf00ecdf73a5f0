"""When a call's exit status matters beyond `if`/`&&`/`||`/`!` (context.status_used): under `set -e`, when the
next statement reads `$?`, or when the call ends a function whose status is the function's result.  Its value
(not only zero or not) reaches the script in those cases and when the call ends the script (its exit status)."""

from __future__ import annotations

import re

from xlref.lint.shell import Node

#: `set -e` (or `#!/bin/sh -e`): every failing command ends the script, so every exit status matters
_ERREXIT = re.compile(rb"set[ \t]+(?:-[a-zA-Z]*e[a-zA-Z]*\b|-o[ \t]+errexit)")  # literal first: fast
_SHEBANG_E = re.compile(rb"#![^\n]*[ \t]-[a-z]*e\b")


def errexit(source: bytes) -> bool:
    if source.startswith(b"#!") and _SHEBANG_E.match(source):
        return True
    if b"set" not in source:
        return False
    for m in _ERREXIT.finditer(source):
        line_start = source.rfind(b"\n", 0, m.start()) + 1
        if not source[line_start:m.start()].strip(b" \t;"):
            return True
    return False


def _statement(command: Node) -> tuple[Node, Node | None]:
    """The statement whose exit status is the command's, and the statement after it (comments skipped)."""
    node = command
    while node.parent is not None and (node.parent.type == "redirected_statement" or (
            node.parent.type == "pipeline" and node.parent.named_children[-1] == node)):
        node = node.parent
    nxt = node.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    return node, nxt


def status_value_read(command: Node, errexit_on: bool, in_file: bool = True) -> bool:
    """Does the number the call exits with reach the script: under `set -e` (the script exits with it), `$?`
    read next, the last statement of a function, or of the file (the script's exit status; `in_file`: the
    command was parsed from the file itself, not from a string the file hands to a shell)?"""
    if (errexit_on and not errexit_ignored(command)) or status_read_later(command):
        return True
    node, nxt = _statement(command)
    return in_file and nxt is None and node.parent is not None and node.parent.type == "program"


#: the compound commands whose test bash runs with `set -e` ignored, and the child that ends the test
_TEST_END = {"if_statement": "then", "elif_clause": "then", "while_statement": "do_group"}


def errexit_ignored(command: Node) -> bool:
    """bash ignores `set -e` for a command in the test of if/elif/while/until, before the last && or || of a
    list, or after `!` (also inside a { } or ( ) group there): its failure never ends the script, so only
    zero-or-not of its status is used.  Function bodies are left alone (that depends on the call site)."""
    node = command
    while node.parent is not None and node.parent.type not in ("program", "function_definition"):
        parent = node.parent
        if parent.type == "negated_command" or (parent.type == "list" and parent.named_children[-1] != node):
            return True
        end = _TEST_END.get(parent.type)
        if end is not None:
            for child in parent.children:
                if child.type == end:
                    break
                if child == node:
                    return True
        node = parent
    return False


def status_read_later(command: Node) -> bool:
    """Is the exit status read after the fact: `$?` in the next statement, or the status of the function
    whose last statement this is?"""
    node, nxt = _statement(command)
    if nxt is not None:
        return b"$?" in (nxt.text or b"")
    parent = node.parent
    return parent is not None and parent.type == "compound_statement" and parent.parent is not None \
        and parent.parent.type == "function_definition"
