"""Rewrites are byte-exact edits of the words they change; where tree-sitter's words may not be bash's, or an
edit would also replace bytes that are not words (a line continuation, a redirection, a here-string), the
call is left unfixed and the reason is given.

Two checks, both general rather than a list of special cases:
- `call_problem`: do tree-sitter's words match bash's?  A backslash-newline is removed by bash *before* it
  splits words, so `mem-s\\<newline>et` is one word to bash and two to tree-sitter; a backslash before CR-LF
  does not continue the line at all; words after a redirection's target belong to the command, while
  tree-sitter puts them inside the redirection.
- `edit_problem`: an edit may replace part of one word, or whole words and the plain blanks between them;
  anything else in the replaced span would be lost.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

from xlref.findings import Edit
from xlref.lint.model import Arg
from xlref.lint.shell import Node

_CONTINUATION = b"\\\n"
_BLANKS = re.compile(rb"[ \t]*\Z")


def call_problem(source: bytes, command: Node, words: Sequence[Node]) -> str:
    """Why the call's words (tree-sitter's) may differ from bash's; '' when they do not."""
    for a, b in itertools.pairwise(words):
        gap = source[a.end_byte:b.start_byte]
        if b"\\\r" in gap:
            return "a backslash before CR-LF does not continue the line in bash"
        if gap and not gap.replace(_CONTINUATION, b""):  # (no gap at all: one word tree-sitter split)
            return "a backslash-newline joins two of its words into one for bash"
    if words and source[words[-1].end_byte:words[-1].end_byte + 2] == b"\\\r":
        return "a backslash before CR-LF does not continue the line in bash"
    parent = command.parent
    if parent is not None and parent.type == "redirected_statement":
        for red in parent.children_by_field_name("redirect"):
            targets = [c for c in red.named_children if c.type != "file_descriptor"]
            if red.type == "file_redirect" and len(targets) > 1:
                return "words after a redirection belong to the command, which the linter reads differently"
    return ""


def _what(gap: bytes) -> str:
    if _CONTINUATION in gap or b"\\\r\n" in gap:
        return "a line continuation"
    if b"<<<" in gap:
        return "a here-string"
    if b"<" in gap or b">" in gap:
        return "a redirection"
    return "text that is not one of its words"


def edit_problem(source: bytes, args: Sequence[Arg], edits: Iterable[Edit]) -> str:
    """Why an argument edit would change bytes other than the words it replaces; '' when none would."""
    ends = [a.end for a in args]
    for e in edits:
        first = bisect.bisect_right(ends, e.start)  # args are in order: skip those ending before the edit
        inside = []
        for a in args[first:]:
            if a.start >= e.end:
                break
            inside.append(a)
        if len(inside) == 1 and inside[0].start <= e.start and e.end <= inside[0].end:
            continue  # part of one word
        pos = e.start
        for a in inside:
            if a.start < e.start or a.end > e.end:
                return "the rewrite would cut one of its words"
            gap = source[pos:a.start]
            if not _BLANKS.match(gap):
                return f"the rewrite would drop {_what(gap)} between its words"
            pos = a.end
        gap = source[pos:e.end]
        if not _BLANKS.match(gap):
            return f"the rewrite would drop {_what(gap)} between its words"
    return ""
