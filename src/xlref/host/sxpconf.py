"""Read xend-config.sxp: a sequence of `(option value ...)` s-expressions.

The reading itself is the config wing's SXP reader (xend's own grammar, RELEASE-4.4.4
tools/python/xen/xend/sxp.py, with the line of every problem), reached through host.engines.  xend looked
options up with `sxp.child_value`, which takes the first occurrence: a later repeat of an option is ignored,
and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlref.host import engines

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


def parse(text: str) -> list[Option]:
    """Every top-level option in file order; repeats are kept with first=False."""
    try:
        forms = engines.sxp_forms(text)
    except engines.SxpSyntaxError as exc:
        raise SxpError(exc.line, exc.detail) from exc
    out: list[Option] = []
    seen: set[str] = set()
    for line, form in forms:
        if not isinstance(form, list):
            raise SxpError(line, f"{form!r} outside any (option value) form")
        if not form or not isinstance(form[0], str):
            raise SxpError(line, "a form without an option name")
        name = form[0]
        value: Value = form[1] if len(form) == 2 else list(form[1:])
        out.append(Option(name, value, line, name not in seen))
        seen.add(name)
    return out
