"""Argument values written for the target: unit suffixes, prefixes, xl config lines, and the data's checks
of what the target accepts.  Everything here is driven by the dataset's `args` items and option records."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from xlref.lint.model import Arg, Plan

_NUMBER = re.compile(r"^[0-9]+$")
_FACTOR = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}
#: `$NAME` at the end of a word: a suffix glued to it would extend the name ($MEM + M is $MEMM)
_TRAILING_VAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)$")
_CONFIG_WORD = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=")


def txt(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


def glue(raw: str, suffix: str) -> str:
    """`raw` followed by `suffix` without changing which variable `raw` expands: `$MEM` + `M` -> `${MEM}M`."""
    if suffix[:1].isalnum() or suffix[:1] == "_":
        m = _TRAILING_VAR.search(raw)
        if m is not None and not raw[:m.start()].endswith("\\"):
            raw = f"{raw[:m.start()]}${{{m.group(1)}}}"
    return raw + suffix


def with_unit(raw: str, value: str | None, unit: dict[str, Any], plan: Plan) -> str:
    """Write a number given in `unit['from']` for a target that reads another unit."""
    if value is not None and _NUMBER.match(value):
        if unit.get("suffix"):
            return raw + str(unit["suffix"])
        if unit.get("to"):
            return str(int(value) * _FACTOR[unit["from"]] // _FACTOR[unit["to"]])
        return raw
    if value is not None:
        return raw  # already carries a unit suffix: passed as is
    if not unit.get("suffix"):
        plan.block("unit", f"the value {raw} is computed at run time and must be converted from "
                           f"{unit['from']} to {unit.get('to')}; convert it by hand")
        return raw
    plan.worsen("unsafe", "unit", f"cannot check that {raw} holds a bare number of {unit['from']} "
                                  f"(a value with its own suffix would get a second one)")
    return glue(raw, str(unit["suffix"]))


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def check(arg: Arg, rules: list[dict[str, Any]], what: str, plan: Plan) -> None:
    """Apply the first of the data's value rules whose `match` fits the word's shape (expansions as `$`)."""
    shp = arg.shape
    for rule in rules:
        if _regex(rule["match"]).search(shp):
            why = f"{what} {txt(arg.raw)}: {rule['why']}"
            if rule["fix"] == "none":
                plan.block("value", why)
            elif rule["fix"] == "unsafe":
                plan.worsen("unsafe", "value", why)
            return


def transform(arg: Arg, item: dict[str, Any], plan: Plan, config: ConfigKeys | None) -> str:
    """The word written for the target for one `args` item (pos or rest)."""
    raw = txt(arg.raw)
    if item.get("unit"):
        raw = with_unit(raw, arg.value, item["unit"], plan)
    for prefix in item.get("strip_prefix", []):
        value = arg.value
        if value is not None and value.startswith(prefix):
            raw = _drop_prefix(raw, prefix)
            break
        if value is None and arg.shape.startswith(prefix) and (dropped := _drop_prefix(raw, prefix)) != raw:
            raw = dropped  # "tap:aio:$IMG" -> "$IMG": the literal prefix inside the quotes goes too
            break
    if item.get("prefix"):
        raw = item["prefix"] + raw
    if item.get("config_line") and config is not None:
        raw = config.line(arg, raw, plan)
    return raw


def _drop_prefix(raw: str, prefix: str) -> str:
    for q in ("", '"', "'"):
        if raw.startswith(q + prefix):
            return q + raw[len(q) + len(prefix):]
    return raw


class ConfigKeys:
    """`xm create CFG KEY=VALUE`: xm set the config variable KEY; xl appends the word to the config file as
    a line, so the value must be written in xl's syntax (strings quoted, lists bracketed)."""

    def __init__(self, data: Any) -> None:
        self.xm: dict[str, Any] = {}
        self.xl: dict[str, Any] = {}
        for rec in data.get("config_keys", []):
            (self.xm if rec["tool"] == "xm" else self.xl)[rec["key"]] = rec

    def line(self, arg: Arg, raw: str, plan: Plan) -> str:
        m = _CONFIG_WORD.match(arg.shape)
        if m is None:
            return raw  # the config file name, or another positional
        key = m.group(1)
        xm, xl = self.xm.get(key), self.xl.get(key)
        if xm is None:
            plan.block("config-var", f"{key}= is not an xm config setting: xm handed it to the config script as a "
                                     "variable, and xl has no config scripts; write the value into the config file")
            return raw
        if xl is None or xm.get("status") == "removed":
            plan.block("config-key", f"{key}= has no xl config key of that name; see `xlref lookup {key}`")
            return raw
        head = raw.find("=")
        if head < 0 or not raw[:head].strip("\"'").endswith(key):
            plan.block("config-line", f"cannot split {raw} into KEY=VALUE; quote the value for xl by hand")
            return raw
        value = arg.shape[m.end():]
        if '"' in value or "\\" in value:
            plan.block("config-quote", f"the value of {key}= contains a quote or backslash; write it for xl by hand")
            return raw
        if _NUMBER.match(value) and xl.get("value_type") in ("integer", "boolean", "integer_or_enum"):
            return raw  # numbers are written bare in both
        body = raw[head + 1:]
        opened = raw[:head + 1]
        if opened[:1] in ('"', "'"):  # "name=value": the quote opened before the key
            body = opened[0] + body
            opened = opened[1:]
        if xl.get("value_type") in ("spec_list", "list", "nested_list"):
            return f'{opened}\\[\\"{body}\\"\\]'  # brackets escaped: unquoted they would be a glob
        return f'{opened}\\"{body}\\"'

    def repeated(self, args: list[Arg]) -> list[str]:
        """List keys given more than once: xm appended each word, xl keeps only the last line."""
        seen: dict[str, int] = {}
        for a in args:
            m = _CONFIG_WORD.match(a.shape)
            if m is not None:
                seen[m.group(1)] = seen.get(m.group(1), 0) + 1
        return [k for k, n in seen.items() if n > 1]
