"""Reader for the literal `key = value` grammar of xl.cfg, ported from libxlu (RELEASE-4.22.0
tools/libs/util/libxlu_cfg_l.l, libxlu_cfg_y.y, libxlu_cfg.c) so that xlref's verdict is xl's.

Lexer facts: names are `[a-z][._0-9a-z]*`; numbers `[0-9][0-9a-fx]*` (kept as text, read later with C's base-0
rules); strings are single- or double-quoted on one line with backslash escapes (\\xHH needs two hex digits,
\\NNN octal, any other letter is an error); `#` comments run to a newline, so a comment on the last line
without a newline is a lexical error, as is a CR of a CRLF line end, a form feed, or any other character --
except as the very last character of the file, which libxlu lets pass.
Grammar: `KEY = VALUE` or `KEY += VALUE` ended by a newline or `;` (the last one may end the file); values are
atoms or `[ ... ]` lists, nested, with newlines allowed inside and a trailing comma; `+=` of a list to a string
(or back) is an error.  A statement with an error is skipped up to its newline, like bison's `error NEWLINE`.

xlref stops at lists nested more than 1000 deep with a clear error (xl's own parser runs out of its
10000-entry stack near 5000 levels; no real config nests more than two).

The same reader, lenient, is the fallback for xm files that Python 3 cannot parse.
"""

from __future__ import annotations

from xlref.config.model import Config, Entry, Problem, Span, Value
from xlref.config.xllex import Tok, parse_number, tokenize

MAX_NESTING = 1000


class _Err(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


class _Parser:
    def __init__(self, toks: list[Tok], cfg: Config, strict: bool) -> None:
        self.toks, self.cfg, self.strict, self.i = toks, cfg, strict, 0

    def peek(self) -> Tok:
        return self.toks[self.i]

    def take(self) -> Tok:
        tok = self.toks[self.i]
        if tok.kind != "eof":
            self.i += 1
        return tok

    def skip_nl(self) -> None:
        while self.peek().kind == "nl":
            self.i += 1

    def statements(self) -> None:
        while self.peek().kind != "eof":
            tok = self.peek()
            if tok.kind in ("nl", ";"):
                self.i += 1
                continue
            try:
                self.statement()
            except _Err as err:
                self.cfg.problems.append(Problem("XL515", err.message, Span(err.line, err.col, err.line, err.col + 1)))
                while self.peek().kind not in ("nl", "eof"):  # bison's `error NEWLINE`
                    self.i += 1

    def statement(self) -> None:
        key = self.take()
        if key.kind != "ident":
            raise _Err(f"expected a key name, found {key.text or 'the end of the file'!r}", key.line, key.col)
        op = self.take()
        if op.kind not in ("=", "+="):
            raise _Err(f"expected '=' after {key.text!r}", op.line, op.col)
        start = self.peek()
        value = self.value()
        last = self.toks[self.i - 1]
        end = self.peek()
        if end.kind not in ("nl", ";", "eof"):
            raise _Err(f"unexpected {end.text!r} after the value of {key.text!r}", end.line, end.col)
        comment = end.text[1:].rstrip("\n") if end.kind == "nl" and end.text.startswith("#") else None
        self._store(key, op.kind, value, start, last, comment)

    def _store(self, key: Tok, op: str, value: Value, start: Tok, last: Tok, comment: str | None) -> None:
        if op == "+=":
            old = self.cfg.values().get(key.text) if self.cfg.entries else None
            if old is not None and isinstance(old, list) != isinstance(value, list):
                raise _Err("xl cannot add a [list] to a \"string\" or the other way round", last.line, last.col)
        span = Span(key.line, key.col, last.line, last.end_col)
        self.cfg.entries.append(Entry(key.text, value, span, Span(key.line, key.col, key.line, key.end_col),
                                      op=op, comment=comment,
                                      value_span=Span(start.line, start.col, last.line, last.end_col)))

    def value(self) -> Value:
        """atom | '[' nlok valuelist ']', iteratively (no recursion limit to hit)."""
        stack: list[list[Value]] = []
        while True:
            tok = self.take()
            if tok.kind == "[":
                if len(stack) >= MAX_NESTING:
                    raise _Err(f"lists nested more than {MAX_NESTING} levels deep: xlref stops here", tok.line,
                               tok.col)
                stack.append([])
                self.skip_nl()
                if self.peek().kind == "]":
                    continue
                continue
            if tok.kind == "]" and stack and not stack[-1]:
                item: Value = stack.pop()
            elif tok.kind in ("string", "number"):
                item = self._atom(tok)
            else:
                nxt = self.peek()
                if tok.kind == "ident" and tok.text.lower() in ("u", "r", "b", "ur", "br") and nxt.kind == "string" \
                        and (nxt.line, nxt.col) == (tok.line, tok.end_col):
                    raise _Err(f"{tok.text}{nxt.text}: string prefixes are Python; xl takes plain quoted strings",
                               tok.line, tok.col)
                what = tok.text.strip() or ("a newline" if tok.kind == "nl" else "the end of the file")
                raise _Err(f"a value is missing (found {what!r})", tok.line, tok.col)
            while True:
                if not stack:
                    return item
                stack[-1].append(item)
                self.skip_nl()
                sep = self.take()
                if sep.kind == ",":
                    self.skip_nl()
                    if self.peek().kind != "]":
                        break
                    sep = self.take()
                if sep.kind != "]":
                    raise _Err(f"expected ',' or ']' in a list, found {sep.text.strip() or sep.kind!r}", sep.line,
                               sep.col)
                item = stack.pop()

    def _atom(self, tok: Tok) -> Value:
        if tok.kind == "string":
            return tok.value
        num = parse_number(tok.text)
        if num is None or (self.strict and not isinstance(num, int)):
            return tok.text  # xl keeps the text; a key that wants a number refuses it later
        return num


def parse_xl(text: str, path: str = "-", dialect: str = "xl", strict: bool = True) -> Config:
    """Read literal config text; every statement that does not fit the grammar becomes a Problem XL515.

    strict=True is libxlu's own lexer (lower-case key names, unsigned numbers); the lenient mode is the
    fallback reader for Python-2 xm files.
    """
    cfg = Config(path=path, text=text, dialect=dialect)
    toks, problems = tokenize(text, strict)
    _Parser(toks, cfg, strict).statements()
    lexical = {p.span.line for p in problems}
    cfg.problems = sorted(problems + [p for p in cfg.problems if p.span.line not in lexical],
                          key=lambda p: (p.span.line, p.span.column))
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            cfg.comments[number] = stripped
    return cfg
