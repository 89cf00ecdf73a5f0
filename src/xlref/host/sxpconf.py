"""Read xend-config.sxp: a sequence of `(option value ...)` s-expressions.

The grammar follows xend's own reader (RELEASE-4.4.4 tools/python/xen/xend/sxp.py): `#` starts a comment outside
strings, strings use single or double quotes with backslash escapes, anything else up to white space or a
parenthesis is an atom.  xend looked options up with `sxp.child_value`, which takes the first occurrence: a
later repeat of an option is ignored, and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass

_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "\\": "\\", "'": "'",
            '"': '"'}

Value = str | list["Value"]


class SxpError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.detail = message


@dataclass
class Option:
    name: str
    value: Value  # the first value (a list for structured options such as xen-api-server)
    line: int
    first: bool = True  # False: a repeat xend ignored

    def text(self) -> str:
        return render(self.value)


def render(value: Value) -> str:
    if isinstance(value, list):
        return "(" + " ".join(render(v) for v in value) + ")"
    if value == "" or any(c in value for c in " \t()#'\""):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return value


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, line): kind is '(' , ')', 'atom' or 'str'."""
    out: list[tuple[str, str, int]] = []
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "()":
            out.append((c, c, line))
            i += 1
        elif c in "'\"":
            start_line = line
            buf: list[str] = []
            i += 1
            while True:
                if i >= n:
                    raise SxpError(start_line, "unterminated string")
                ch = text[i]
                if ch == c:
                    i += 1
                    break
                if ch == "\\" and i + 1 < n:
                    buf.append(_ESCAPES.get(text[i + 1], text[i + 1]))
                    i += 2
                    continue
                if ch == "\n":
                    line += 1
                buf.append(ch)
                i += 1
            out.append(("str", "".join(buf), start_line))
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "()'\"#":
                j += 1
            out.append(("atom", text[i:j], line))
            i = j
    return out


def parse(text: str) -> list[Option]:
    """Every top-level option in file order; repeats are kept with first=False."""
    stack: list[tuple[list[Value], int]] = []
    top: list[tuple[list[Value], int]] = []
    for kind, tok, line in _tokens(text):
        if kind == "(":
            stack.append(([], line))
        elif kind == ")":
            if not stack:
                raise SxpError(line, "unbalanced ')'")
            done, start = stack.pop()
            if stack:
                stack[-1][0].append(done)
            else:
                top.append((done, start))
        elif not stack:
            raise SxpError(line, f"{tok!r} outside any (option value) form")
        else:
            stack[-1][0].append(tok)
    if stack:
        raise SxpError(stack[-1][1], "unbalanced '(': the form is never closed")
    out: list[Option] = []
    seen: set[str] = set()
    for form, line in top:
        if not form or not isinstance(form[0], str):
            raise SxpError(line, "a form without an option name")
        name = form[0]
        value: Value = form[1] if len(form) == 2 else list(form[1:])
        out.append(Option(name, value, line, name not in seen))
        seen.add(name)
    return out
