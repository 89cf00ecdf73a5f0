"""The lookup answer as plain data: the record, what a call becomes on each target, and what changed.

`--json` prints exactly this; the text renderer only lays it out.  Calls are spelled by xlref.data.callform
(`<NAME>` for a value the user did not give).
"""

from __future__ import annotations

from xlref.data.callform import missing_words, render_call
from xlref.data.index import Index, Resolution, option_by_flag
from xlref.data.load import Record
from xlref.data.releases import available, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TARGETS = {"xm": ("xl", "virsh"), "xl": ("virsh",), "virsh": ("xl",)}
#: how each option action reads in a one-word column
ACTION_WORD = {"keep": "same", "rename": "renamed", "drop": "dropped", "none": "no equivalent",
               "config": "in the domain config"}


def _split_flags(arg: str, record: Record) -> list[str]:
    """`-lc` is `-l -c` when the record knows both letters (getopt bundling)."""
    if option_by_flag(record, arg) or not arg.startswith("-") or arg.startswith("--") or len(arg) <= 2:
        return [arg]
    letters = [f"-{c}" for c in arg[1:]]
    return letters if all(option_by_flag(record, f) for f in letters) else [arg]


def spellings(flags: list[str]) -> str:
    """Alternative spellings of one option read as alternatives: `-l|--long`, never `-l --long`."""
    return "|".join(flags)


def renamed_flag(repl: Record, typed: str | None) -> str:
    """The target spelling of a renamed option: the one as long as the user's, else all of them."""
    flags = repl.get("flags", [])
    if typed:
        pick = next((f for f in flags if f.startswith("--") == typed.startswith("--")), None)
        if pick:
            return str(pick)
    return spellings(flags)


def option_becomes(opt: Record, target: str, typed: str | None = None) -> str:
    """One line saying what an option turns into on `target` (`typed`: the spelling the user gave)."""
    repl = opt.get("replacements", {}).get(target)
    if repl is None:
        return "not recorded"
    action = repl["action"]
    if action == "keep":
        text = typed or spellings(opt["flags"])
    elif action == "rename":
        text = renamed_flag(repl, typed)
    else:
        text = ACTION_WORD[action]
    extra = repl.get("why") or repl.get("note")
    return f"{text} ({extra})" if extra else text


def option_groups(rec: Record, target: str) -> list[dict[str, Any]]:
    """The record's options by what they become on `target`: one group per (outcome, reason), in order of
    first appearance, so ten options that share one reason show it once."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for opt in rec.get("options", []):
        repl = opt.get("replacements", {}).get(target)
        if repl is None:
            continue
        action = repl["action"]
        reason = repl.get("why") or repl.get("note") or ""
        if action == "rename":
            outcome = f"{opt['flags'][0]} → {spellings(repl.get('flags', []))}"
            key = (f"rename {opt['flags'][0]}", reason)
        else:
            outcome = ACTION_WORD[action]
            key = (action, reason)
        group = groups.setdefault(key, {"action": action, "outcome": outcome, "flags": [], "reason": reason})
        group["flags"].append(opt["flags"][0] + (f"|{opt['flags'][1]}" if len(opt["flags"]) > 1 else ""))
    return list(groups.values())


def _typed_call(index: Index, rec: Record, target: str, repl: Record, args: list[str]) -> dict[str, Any]:
    """An xl or virsh call rewritten for the other tool from the dataset alone (xm calls go through the
    linter, see `lookup`)."""
    notes: list[str] = []
    options: list[str] = []
    positionals: list[str] = []
    target_rec = index.get(target, repl["command"])
    words = [w for arg in args for w in _split_flags(arg, rec)]
    i = 0
    while i < len(words):
        word = words[i]
        opt = option_by_flag(rec, word) if word.startswith("-") else None
        if opt is None:
            if word.startswith("-") and word != "-":
                notes.append(f"{word}: not an option of {rec['tool']} {rec['name']}")
            else:
                positionals.append(word)
            i += 1
            continue
        value = []
        if opt.get("arg") and "=" not in word and i + 1 < len(words):
            value = [words[i + 1]]
            i += 1
        i += 1
        orepl = opt.get("replacements", {}).get(target)
        if orepl is None and target_rec is not None and option_by_flag(target_rec, word):
            orepl = {"action": "keep"}
        action = orepl["action"] if orepl else None
        if action == "keep":
            options += [word, *value]
        elif action == "rename":
            options += [renamed_flag(orepl, word.split("=", 1)[0]), *value]
        elif action == "drop":
            notes.append(f"{word}: dropped ({orepl.get('note') or orepl.get('why') or 'not needed'})")
        else:
            why = (orepl or {}).get("why") or (orepl or {}).get("note") or "no mapping recorded"
            notes.append(f"{word}: {ACTION_WORD.get(action or '', 'no equivalent')} ({why})")
    fix = repl.get("fix", "none") if not notes else "none"
    return {"line": None, "call": render_call(target, repl, rec, positionals, options), "fix": fix,
            "notes": [{"code": "", "message": n} for n in notes]}


def _retired(index: Index, rec: Record) -> dict[str, Any] | None:
    if rec["tool"] != "xl" or not rec.get("last_release"):
        return None
    info: dict[str, Any] = {"releases": span(rec), "last_release": rec["last_release"]}
    successor = index.successor("xl", rec["name"])
    if successor is not None:
        info["successor"] = successor["name"]
        info["successor_since"] = successor.get("first_release")
    return info


def lookup(index: Index, res: Resolution, args: list[str], release: str | None) -> dict[str, Any]:
    """Everything the renderers show, as JSON-able data (`--json` prints this)."""
    rec = res.record
    assert rec is not None
    tool = rec["tool"]
    targets = TARGETS[tool]
    matched = []
    for arg in args:
        for flag in _split_flags(arg, rec):
            if not flag.startswith("-") or flag == "-":
                continue
            opt = option_by_flag(rec, flag)
            entry: dict[str, Any] = {"arg": flag, "known": opt is not None}
            if opt is not None:
                entry["option"] = opt
                entry["becomes"] = {t: option_becomes(opt, t, flag.split("=", 1)[0]) for t in targets}
                if tool == "xl" and release is not None and not available(opt, release, rec):
                    entry["unavailable_in"] = release
            matched.append(entry)
    replacements = {}
    for target, repl in rec.get("replacements", {}).items():
        view = dict(repl)
        view["call"] = render_call(target, repl, rec) or None
        target_rec = index.get(target, repl["command"]) if repl.get("command") else None
        if target_rec is not None and target == "xl":
            view["releases"] = span(target_rec)
            if release is not None:
                view["available"] = available(target_rec, release)
        view["options"] = option_groups(rec, target)
        replacements[target] = view
    answer: dict[str, Any] = {
        "query": {"tool": res.tool, "word": res.word, "resolved_by": res.how, "args": args, "xen": release},
        "record": rec,
        "replacements": replacements,
        "matched_options": matched,
    }
    retired = _retired(index, rec)
    if retired is not None:
        answer["retired"] = retired
    if args or (tool == "xm" and not missing_words(rec, 0)):
        # An xm command that runs without arguments (`xm info`) is a call as typed: the linter's verdict on it
        # (output that prints differently makes `xl info` an unsafe fix) is the answer, not the record's.
        answer["your_call"] = _your_call(index, rec, res.word, args, release, targets)
    return answer


def _your_call(index: Index, rec: Record, word: str, args: list[str], release: str | None,
               targets: tuple[str, ...]) -> dict[str, Any]:
    if rec["tool"] == "xm":
        # The linter's own rewrite, so lookup and lint never disagree; loaded only when there are arguments
        # (tree-sitter stays off the plain lookup's start-up path).
        from xlref.data.load import load_dataset
        from xlref.lint.api import rewrite_call

        data = load_dataset()
        return {t: rewrite_call(data, word, args, t, release) for t in targets}
    calls = {}
    for target in targets:
        repl = rec.get("replacements", {}).get(target)
        if repl is not None and repl.get("command"):
            calls[target] = _typed_call(index, rec, target, repl, args)
    return calls
