"""Reader for the literal `key = value` grammar that xl (libxlu) and libvirt accept.

Grammar (facts from libxlu's cfg lexer/parser): statements `KEY = VALUE` or `KEY += VALUE`, ended by a
newline or `;`; values are double- or single-quoted strings with backslash escapes, numbers (kept as written
and read with C's base-0 rules, so `0x10` is hex and `010` octal), or `[ ... ]` lists (trailing comma allowed,
nesting allowed); `#` starts a comment.  Anything else is a syntax error that xl reports and refuses.

The same reader is the lenient fallback for xm files that Python 3 cannot parse.
"""

from __future__ import annotations

import re

from xlref.config.model import Config, Entry, Problem, Span, Value

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_NUMBER = re.compile(r"[+-]?[0-9][0-9A-Za-z_.]*")
#: what libxlu's lexer itself accepts: lower-case names, unsigned integers (decimal, 0x hex, 0 octal)
_XL_IDENT = re.compile(r"[a-z][._0-9a-z]*")
_XL_NUMBER = re.compile(r"[0-9][0-9a-fx]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v", "0": "\0"}


class _Err(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


def parse_number(text: str) -> int | float | None:
    """C strtol/strtod base-0 reading of a number token; None if it is not a number."""
    body = text.lstrip("+-")
    sign = -1 if text.startswith("-") else 1
    try:
        if re.fullmatch(r"0[xX][0-9a-fA-F]+", body):
            return sign * int(body, 16)
        if re.fullmatch(r"0[0-7]+", body):
            return sign * int(body, 8)
        if re.fullmatch(r"[0-9]+", body):
            return sign * int(body, 10)
        return sign * float(body)
    except ValueError:
        return None


class _Lexer:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines() or [""]
        self.line = 1
        self.col = 1

    def _cur(self) -> str:
        if self.line > len(self.lines):
            return ""
        return self.lines[self.line - 1]

    def peek(self) -> str:
        """Next significant char on the current line ('' at end of line, '\\n' never returned)."""
        while True:
            cur = self._cur()
            while self.col <= len(cur) and cur[self.col - 1] in " \t\r\f\v":
                self.col += 1
            if self.col <= len(cur) and cur[self.col - 1] == "#":
                return ""
            return cur[self.col - 1] if self.col <= len(cur) else ""

    def peek_multiline(self) -> str:
        """Like peek, but inside brackets newlines and comments are whitespace."""
        while True:
            ch = self.peek()
            if ch:
                return ch
            if self.line >= len(self.lines):
                return ""
            self.line += 1
            self.col = 1

    def comment(self) -> str | None:
        cur = self._cur()
        self.peek()
        if self.col <= len(cur) and cur[self.col - 1] == "#":
            return cur[self.col:]
        return None

    def take(self, n: int = 1) -> str:
        cur = self._cur()
        out = cur[self.col - 1 : self.col - 1 + n]
        self.col += n
        return out

    def match(self, rx: re.Pattern[str]) -> str | None:
        m = rx.match(self._cur(), self.col - 1)
        if not m:
            return None
        self.col = m.end() + 1
        return m.group(0)

    def string(self) -> str:
        quote = self.take()
        start = (self.line, self.col - 1)
        out: list[str] = []
        cur = self._cur()
        while True:
            if self.col > len(cur):
                raise _Err("string is not closed on its line", *start)
            ch = cur[self.col - 1]
            self.col += 1
            if ch == quote:
                return "".join(out)
            if ch == "\\" and self.col <= len(cur):
                nxt = cur[self.col - 1]
                self.col += 1
                out.append(_ESCAPES.get(nxt, "\\" + nxt))
            else:
                out.append(ch)


def _value(lx: _Lexer, in_list: bool, strict: bool) -> Value:
    ch = lx.peek_multiline() if in_list else lx.peek()
    if ch in ('"', "'"):
        if lx._cur()[lx.col - 1 : lx.col + 2] in ('"""', "'''"):
            raise _Err("triple-quoted strings are Python, not xl syntax", lx.line, lx.col)
        return lx.string()
    if ch == "[":
        lx.take()
        items: list[Value] = []
        while True:
            ch = lx.peek_multiline()
            if ch == "]":
                lx.take()
                return items
            if ch == "":
                raise _Err("list is not closed", lx.line, lx.col)
            items.append(_value(lx, True, strict))
            ch = lx.peek_multiline()
            if ch == ",":
                lx.take()
            elif ch != "]":
                raise _Err(f"expected ',' or ']' in list, found {ch!r}", lx.line, lx.col)
    tok = lx.match(_NUMBER)
    if tok is not None and strict and not _XL_NUMBER.fullmatch(tok):
        raise _Err(f"{tok!r}: xl numbers are unsigned integers (no sign, no decimal point); quote it or "
                   "compute it", lx.line, lx.col - len(tok))
    if tok is not None:
        num = parse_number(tok)
        if num is None:
            raise _Err(f"{tok!r} is not a number", lx.line, lx.col - len(tok))
        return num
    if ch == "":
        raise _Err("a value is missing", lx.line, lx.col)
    raise _Err(f"unexpected {ch!r}: values must be quoted strings, numbers or [lists]", lx.line, lx.col)


def parse_xl(text: str, path: str = "-", dialect: str = "xl", strict: bool = True) -> Config:
    """Read literal config text; every statement that does not fit the grammar becomes a Problem XL515.

    strict=True applies libxlu's own lexer limits (lower-case key names, unsigned integer numbers); the
    lenient mode is the fallback reader for Python-2 xm files.
    """
    cfg = Config(path=path, text=text, dialect=dialect)
    lx = _Lexer(text)
    nlines = len(lx.lines)
    while lx.line <= nlines:
        ch = lx.peek()
        if ch in ("", ";"):
            cur = lx._cur().strip()
            if ch == "" and (not cur or cur.startswith("#")):
                cfg.comments[lx.line] = cur
            if ch == ";":
                lx.take()
                continue
            lx.line += 1
            lx.col = 1
            continue
        start_line, start_col = lx.line, lx.col
        try:
            key = lx.match(_IDENT)
            if key is None:
                raise _Err(f"expected a key name, found {ch!r}", lx.line, lx.col)
            if strict and not _XL_IDENT.fullmatch(key):
                raise _Err(f"key {key!r}: xl key names are lower-case letters, digits, '_' and '.'",
                           start_line, start_col)
            key_span = Span(start_line, start_col, start_line, lx.col)
            if lx.peek() == "=":
                lx.take()
                op = "="
            elif lx._cur()[lx.col - 1 : lx.col + 1] == "+=":
                lx.take(2)
                op = "+="
            else:
                raise _Err(f"expected '=' after {key!r}", lx.line, lx.col)
            lx.peek()
            vstart = (lx.line, lx.col)
            value = _value(lx, False, strict)
            end = (lx.line, lx.col)
            nxt = lx.peek()
            if nxt not in ("", ";"):
                raise _Err(f"unexpected {nxt!r} after the value of {key!r}", lx.line, lx.col)
            comment = lx.comment()
            cfg.entries.append(Entry(key, value, Span(start_line, start_col, *end), key_span, op=op,
                                     comment=comment, value_span=Span(*vstart, *end)))
        except _Err as err:
            cfg.problems.append(Problem("XL515", err.message, Span(err.line, err.col, err.line, err.col + 1)))
            # skip to the next line and carry on, so one bad line does not hide the rest
            lx.line = max(lx.line, start_line) + 1
            lx.col = 1
    return cfg
