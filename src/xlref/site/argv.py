"""Show what a replacement's `args` template turns a call into, with the source's argument names."""

from __future__ import annotations

import re
from typing import Any

from xlref.data.load import Record

_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def positional_names(rec: Record) -> list[str]:
    """The source command's positional names: from `arguments`, else guessed from `usage`."""
    if rec.get("arguments"):
        return [str(a["name"]) for a in rec["arguments"]]
    if rec["tool"] == "virsh" and not rec.get("usage"):
        return [str(o["arg"]) for o in rec.get("options", []) if o.get("required") and o.get("arg")]
    names = []
    for token in usage_args(rec):
        word = token.strip("[]<>.,|")
        if token.startswith(("-", "[-")) or word.lower() in {"options", "option"} or not _WORD.match(word):
            continue
        if word.isupper():
            names.append(word)
    return names


def _positional(names: list[str], item: dict[str, Any]) -> str:
    index = int(item["pos"]) - 1
    name = names[index] if index < len(names) else f"ARG{index + 1}"
    unit = item.get("unit")
    if unit:
        if "suffix" in unit:
            name = "${" + name + "}" + str(unit["suffix"])
        elif "to" in unit:
            name = f"{name}_IN_{unit['to']}"
    return f"[{name}]" if item.get("optional") else name


def target_call(source: Record, tool: str, repl: dict[str, Any]) -> str:
    """`tool command args...` as it would be typed after the rewrite (names in capitals are variables)."""
    names = positional_names(source)
    words = [tool, str(repl["command"])]
    items = repl.get("args")
    if items is None:
        if source.get("options"):
            words.append("[OPTIONS]")
        words.extend(names)
        return " ".join(words)
    highest = max((int(i["pos"]) for i in items if "pos" in i), default=0)
    for item in items:
        if "pos" in item:
            words.append(_positional(names, item))
        elif item.get("rest"):
            rest = names[highest:]
            words.extend(rest if rest else ["[ARGS...]"])
        elif item.get("options"):
            words.append("[OPTIONS]")
        elif "literal" in item:
            words.append(str(item["literal"]))
        elif "placeholder" in item:
            words.append(str(item["placeholder"]))
    return " ".join(words)


def usage_args(rec: Record) -> list[str]:
    """The usage line's words after the tool and command names."""
    words = str(rec.get("usage", "")).split()
    if words and words[0] == rec["tool"]:
        words = words[1:]
    if words and words[0] == rec["name"]:
        words = words[1:]
    return words


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
    """virsh spelled with its required options named (always valid, unlike positional forms)."""
    words = [rec["tool"], rec["name"]]
    optional = False
    for opt in rec.get("options", []):
        if opt.get("required") and not opt.get("hidden_alias_of"):
            words.append(opt["flags"][-1] + (f" {opt['arg']}" if opt.get("arg") else ""))
        else:
            optional = True
    return " ".join([*words, "[OPTIONS]"] if optional else words)
