"""Write config values in the literal syntax both xm (Python) and xl accept."""

from __future__ import annotations

from xlref.config.model import Value


class FormatError(ValueError):
    pass


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_value(value: Value) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list):
        return "[ " + ", ".join(render_value(v) for v in value) + " ]" if value else "[ ]"
    raise FormatError("an unresolved value cannot be written")


def render(entries: list[tuple[str, Value]]) -> str:
    return "".join(f"{key} = {render_value(value)}\n" for key, value in entries)


def xl_literal(value: Value) -> Value:
    """xl's lexer has no signed or fractional numbers: write those as strings (xl converts them back)."""
    if isinstance(value, bool):
        return int(value)
    if (isinstance(value, int) and value < 0) or isinstance(value, float):
        return str(value)
    if isinstance(value, list):
        return [xl_literal(v) for v in value]
    return value


def xl_line(key: str, value: Value) -> str:
    return f"{key} = {render_value(xl_literal(value))}"
