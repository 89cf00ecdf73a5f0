"""The lexer of xl.cfg, ported from libxlu (RELEASE-4.22.0 tools/libs/util/libxlu_cfg_l.l and the dequoting in
libxlu_cfg.c): tokens, and the lexical errors xl reports (see xlparse for the facts and the grammar)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlref.config.model import Problem, Span

_STRICT = {
    "ident": re.compile(r"[a-z][._0-9a-z]*"),
    "number": re.compile(r"[0-9][0-9a-fx]*"),
}
_LENIENT = {
    "ident": re.compile(r"[A-Za-z_][A-Za-z0-9_.]*"),
    "number": re.compile(r"[+-]?[0-9][0-9A-Za-z_.]*"),
}
#: runs of plain characters are matched whole: one repetition per character costs Python's re hundreds of bytes
#: each (a 2 MB string took 300 MB)
_STRING = re.compile(r"""'(?:[^'\\\n]+|\\.)*'|"(?:[^"\\\n]+|\\.)*\"""")
_LEXERR_TAIL = re.compile(r"[^ \t\n]*")
_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
            "v": "\v"}


@dataclass
class Tok:
    kind: str  # ident number string , [ ] += = ; nl eof
    text: str
    line: int
    col: int  # 1-based, in characters
    value: str = ""
    end_col: int = 0


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


def dequote(raw: str) -> tuple[str, str | None]:
    """xlu__cfgl_dequote: (value, error message or None)."""
    out: list[str] = []
    body, i = raw[1:-1], 0
    while i < len(body):
        slash = body.find("\\", i)
        if slash < 0:
            out.append(body[i:])
            break
        out.append(body[i:slash])  # the plain run before the escape, in one piece
        i = slash + 1
        nc = body[i]
        i += 1
        if nc in _ESCAPES:
            out.append(_ESCAPES[nc])
        elif nc == "x":
            # NUMERIC_CHAR(2,2,16): the end pointer can never pass numbuf+2, so libxlu refuses every \x escape
            return "".join(out), "invalid digit after backslash hexnumerical character escape in quoted string"
        elif "0" <= nc <= "7":
            # NUMERIC_CHAR(1,3,10) reads the (up to 3) characters after the first digit with strtoul base 10,
            # needs more than one of them to be digits, skips them and stores nothing (libxlu's own bug)
            m = re.match(r"[ \t\n\v\f\r]*[+-]?[0-9]+", body[i:i + 3])
            if not m or m.end() <= 1:
                return "".join(out), "invalid digit after backslash octalnumerical character escape in quoted string"
            i += m.end()
        else:
            return "".join(out), "invalid character after backslash in quoted string"
    return "".join(out), None


def _master(strict: bool) -> re.Pattern[str]:
    """One regex for every token, ordered so that the first alternative that matches is flex's longest match."""
    rx = _STRICT if strict else _LENIENT
    return re.compile("|".join([
        r"(?P<ws>[ \t]+)", r"(?P<nl>\n|#[^\n]*\n)", r"(?P<add>\+=)",
        f"(?P<ident>{rx['ident'].pattern})", f"(?P<number>{rx['number'].pattern})",
        f"(?P<string>{_STRING.pattern})", r"(?P<punct>[,\[\]=;])"]))


_MASTER = {True: _master(True), False: _master(False)}


def tokenize(text: str, strict: bool = True) -> tuple[list[Tok], list[Problem]]:
    """libxlu's lexer: the tokens, and one Problem per lexical error."""
    master = _MASTER[strict]
    toks: list[Tok] = []
    problems: list[Problem] = []
    line, line_start, pos, n = 1, 0, 0, len(text)
    while pos < n:
        m = master.match(text, pos)
        col = pos - line_start + 1
        kind = m.lastgroup if m is not None else None
        if m is not None and kind == "number" and not strict and text[pos] in "+-" and m.end() - pos == 1:
            kind = None  # a lone sign is no number
        if m is None or kind is None:
            # lexical error: this character and the non-blank text after it.  libxlu reports it only when some
            # character follows (its lexerr rules need one): a single bad character that ends the file passes.
            if pos + 1 == n:
                break
            ch = text[pos]
            tail = _LEXERR_TAIL.match(text, pos + 1)
            end = tail.end() if tail else pos + 1
            bad = text[pos:end]
            if not problems or problems[-1].span.line != line:  # libxlu reports one lexical error per line
                problems.append(Problem("XL515", _lexerr_message(bad, ch), Span(line, col, line, col + len(bad))))
            pos = end
            continue
        word = m.group(0)
        pos = m.end()
        if kind == "ws":
            continue
        if kind == "nl":
            toks.append(Tok("nl", word, line, col))
            line, line_start = line + 1, pos
            continue
        end_col = col + len(word)
        if kind == "string":
            tok = Tok("string", word, line, col, word[1:-1], end_col)
            if "\\" in word:
                tok.value, err = dequote(word)
                if err:
                    problems.append(Problem("XL515", err, Span(line, col, line, end_col)))
            toks.append(tok)
        elif kind == "add":
            toks.append(Tok("+=", word, line, col, end_col=end_col))
        elif kind == "punct":
            toks.append(Tok(word, word, line, col, end_col=end_col))
        else:
            toks.append(Tok(kind, word, line, col, word, end_col))
    if line > 1 and line_start == n:  # report the end of the file on its last line, not on the one after it
        prev = text.rstrip("\n").rsplit("\n", 1)[-1]
        toks.append(Tok("eof", "", line - 1, len(prev) + 1))
    else:
        toks.append(Tok("eof", "", line, pos - line_start + 1))
    return toks, problems


def _lexerr_message(bad: str, ch: str) -> str:
    if ch == "\r":
        return "a CR character (a CRLF line end): xl's lexer refuses it; save the file with LF line ends"
    if ch == "#":
        return "a comment on the last line without a newline: xl's lexer refuses it; end the file with a newline"
    if ch == "\ufeff":
        return "a UTF-8 byte order mark: xl's lexer refuses it; remove it"
    if ch in "+-.():":
        return f"{bad!r}: xl's lexer refuses it (signs, decimal points, parentheses and calls are Python, not xl)"
    if ch.isupper() or ch == "_":
        return f"{bad!r}: xl key names are lower-case letters, digits, '_' and '.', starting with a letter"
    return f"{bad!r}: xl's lexer refuses this character"
