"""The one reader of xend's S-expressions (SXP): domain configs (`xm create -F`, xend's managed-domain store) and
xend-config.sxp alike.  The host wing reads xend-config.sxp with it too.

The grammar is xend's own (RELEASE-4.4.4 tools/python/xen/xend/sxp.py, class Parser): outside a string, `#`
starts a comment up to the end of the line and ends an atom; an atom runs up to white space, a parenthesis, a
`#` or one of `{}<>[];`; strings take single or double quotes, may span lines and know xend's escapes.  Unlike
xend, a problem is reported with the line it is on (xend said only "unexpected EOF").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "\\": "\\", "'": "'",
            '"': '"'}
#: where an atom ends (xend: in_space_class, is_separator, in_comment_class)
_ATOM_END = re.compile(r"[\s(){}<>\[\];#]")


@dataclass
class Atom:
    text: str
    line: int
    column: int


class Form(list["Node"]):
    """A parenthesised list; `line` and `column` are where its '(' stands."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column


Node = Atom | Form


class SxpError(ValueError):
    """Text xend's parser refuses; `line` is where the problem starts."""

    def __init__(self, line: int, detail: str) -> None:
        super().__init__(f"line {line}: {detail}")
        self.line = line
        self.detail = detail


def unescape(body: str) -> str:
    """xend's escapes (state_escape): the known ones, \\xHH, \\NNN octal; an unknown one keeps the backslash and
    drops the character after it (so a backslash-newline inside a string leaves a backslash)."""
    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in _ESCAPES:
            return _ESCAPES[esc[0]] + esc[1:]
        if esc[0] == "x" and len(esc) > 1:
            return chr(int(esc[1:3], 16)) + esc[3:]
        if esc[0] in "01234567":
            digits = re.match(r"[0-7]{1,3}", esc)
            assert digits is not None
            return chr(int(digits.group(0), 8) & 0xFF) + esc[len(digits.group(0)):]
        return "\\"
    return re.sub(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)", one, body, flags=re.S)


def _string_end(text: str, start: int, quote: str) -> int:
    """Index of the closing quote of the string opened at `start`, or -1."""
    i, n = start + 1, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            return i
        i += 1
    return -1


def parse_sxp(text: str) -> list[Node]:
    """Every top-level expression of the text, atoms and lists with their positions."""
    top: list[Node] = []
    stack: list[Form] = []
    i, n, line, line_start = 0, len(text), 1, 0
    while i < n:
        c = text[i]
        if c == "\n":
            line, line_start = line + 1, i + 1
            i += 1
        elif c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c == "(":
            stack.append(Form(line, i - line_start + 1))
            i += 1
        elif c == ")":
            if not stack:
                raise SxpError(line, "unbalanced ')'")
            done = stack.pop()
            (stack[-1] if stack else top).append(done)
            i += 1
        else:
            column = i - line_start + 1
            if c in "'\"":
                end = _string_end(text, i, c)
                if end < 0:
                    raise SxpError(line, f"unterminated string (its {c} is never closed)")
                atom = Atom(unescape(text[i + 1:end]), line, column)
                newlines = text.count("\n", i, end)
                if newlines:
                    line, line_start = line + newlines, text.rfind("\n", i, end) + 1
                i = end + 1
            else:
                m = _ATOM_END.search(text, i + 1)
                end = m.start() if m else n
                atom = Atom(text[i:end], line, column)
                i = end
            (stack[-1] if stack else top).append(atom)
    if stack:
        raise SxpError(stack[-1].line, "unbalanced '(': the form is never closed")
    return top


def head(node: Node) -> str | None:
    """The first atom of a list: the name of the form."""
    return node[0].text if isinstance(node, Form) and node and isinstance(node[0], Atom) else None


def plain(node: Node) -> str | list[object]:
    """The node as plain strings and lists (no positions)."""
    return node.text if isinstance(node, Atom) else [plain(child) for child in node]


__all__ = ["Atom", "Form", "Node", "SxpError", "head", "parse_sxp", "plain", "unescape"]
