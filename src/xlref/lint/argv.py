"""Split an xm call's words into options and positionals using the xm record, and render values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from xlref.data.callform import with_unit as unit_value
from xlref.data.index import option_by_flag
from xlref.lint.model import Arg, Plan

_NUMBER = re.compile(r"^[0-9]+$")


@dataclass
class Opt:
    flag: str
    record: Any
    first: int  # index into call.args
    last: int
    inline: str | None  # value given as --flag=value


def split(args: list[Arg], record: Any) -> tuple[list[Opt], list[int], list[int]]:
    """Options (with the record each matches), positional indexes, and indexes of unknown flags."""
    opts: list[Opt] = []
    pos: list[int] = []
    unknown: list[int] = []
    i, n, ended = 1, len(args), False
    while i < n:
        v = args[i].value
        if ended or v is None or not v.startswith("-") or v == "-":
            pos.append(i)
            i += 1
            continue
        if v == "--":
            ended = True
            i += 1
            continue
        flag, _, inline = v.partition("=")
        opt = option_by_flag(record, flag)
        if opt is None and not v.startswith("--") and len(v) > 2:
            opt = option_by_flag(record, v[:2])  # -p8002
            if opt is not None and opt.get("arg"):
                flag, inline = v[:2], v[2:]
            else:
                opt = None
        if opt is None:
            unknown.append(i)
            i += 1
            continue
        takes = bool(opt.get("arg")) and not opt.get("arg_optional") and not inline
        last = min(i + 1, n - 1) if takes else i
        opts.append(Opt(flag, opt, i, last, inline or None))
        i = last + 1
    return opts, pos, unknown


def with_unit(raw: str, value: str | None, unit: dict[str, Any], plan: Plan) -> str:
    if value is not None and _NUMBER.match(value):
        return raw + str(unit["suffix"]) if unit.get("suffix") else unit_value(value, unit)
    if value is not None:
        return raw  # already carries a unit suffix: passed as is
    plan.worsen("unsafe")  # an expansion: cannot check it holds a bare number in the source unit
    return raw + str(unit.get("suffix", ""))


def pick_flag(flags: list[str], source: str) -> str:
    long_src = source.startswith("--")
    for f in flags:
        if f.startswith("--") == long_src:
            return f
    return flags[0]


def txt(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")
