"""When a call's exit status matters beyond `if`/`&&`/`||`/`!` (context.status_used): under `set -e`, when the
next statement reads `$?`, or when the call ends a function whose status is the function's result."""

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


def status_read_later(command: Node) -> bool:
    """Is the exit status read after the fact: `$?` in the next statement, or the status of the function
    whose last statement this is?"""
    node = command
    while node.parent is not None and (node.parent.type == "redirected_statement" or (
            node.parent.type == "pipeline" and node.parent.named_children[-1] == node)):
        node = node.parent
    nxt = node.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    if nxt is not None:
        return b"$?" in (nxt.text or b"")
    parent = node.parent
    return parent is not None and parent.type == "compound_statement" and parent.parent is not None \
        and parent.parent.type == "function_definition"
