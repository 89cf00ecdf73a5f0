"""The calls a command page shows: the source's usage line and what a replacement turns a call into.

The target call is spelled by xlref.data.callform, like the terminal lookup and the linter's messages:
`virsh setmem <DOMAIN> <MEMORY>M`.
"""

from __future__ import annotations

from typing import Any

from xlref.data.callform import OPTIONS, placeholder, positional_names, render_call, usage_args
from xlref.data.load import Record

__all__ = ["positional_names", "short_call", "source_call", "target_call", "usage_args"]


def target_call(source: Record, tool: str, repl: dict[str, Any]) -> str:
    """`tool command args...` as it would be typed after the rewrite (`<NAME>` marks a value to supply)."""
    return render_call(tool, repl, source)


def source_call(rec: Record) -> str:
    if rec.get("usage"):
        return " ".join([rec["tool"], rec["name"], *usage_args(rec)])
    if rec["tool"] == "virsh":
        return _virsh_call(rec)
    return " ".join([rec["tool"], rec["name"], *positional_names(rec)])


def short_call(rec: Record, limit: int = 100) -> str:
    """The usage line, shortened for the page header when it is long."""
    full = source_call(rec)
    if len(full) <= limit:
        return full
    if rec["tool"] == "virsh":
        return _virsh_call(rec)
    head = full[:limit].rsplit(" ", 1)[0]
    return f"{head} …"


def _virsh_call(rec: Record) -> str:
    """virsh spelled with its required options named (always valid, unlike positional forms), each value a
    `<NAME>` after its flag: `virsh attach-device --domain <DOMAIN> --file <FILE> [options]`."""
    words = [rec["tool"], rec["name"]]
    optional = False
    for opt in rec.get("options", []):
        if opt.get("required") and not opt.get("hidden_alias_of"):
            flag = opt["flags"][-1]
            value = placeholder(flag.lstrip("-").replace("-", "_").upper()) if opt.get("arg") else ""
            words.append(f"{flag} {value}".strip())
        else:
            optional = True
    return " ".join([*words, OPTIONS] if optional else words)
