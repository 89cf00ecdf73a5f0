"""The lookup answer as plain data: the record, the release view, and what each given argument becomes."""

from __future__ import annotations

from xlref.data.index import Index, Resolution, option_by_flag
from xlref.data.load import Record
from xlref.data.releases import available, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TARGETS = {"xm": ("xl", "virsh"), "xl": ("virsh",), "virsh": ("xl",)}


def _split_flags(arg: str, record: Record) -> list[str]:
    """`-lc` is `-l -c` when the record knows both letters (getopt bundling)."""
    if option_by_flag(record, arg) or not arg.startswith("-") or arg.startswith("--") or len(arg) <= 2:
        return [arg]
    letters = [f"-{c}" for c in arg[1:]]
    return letters if all(option_by_flag(record, f) for f in letters) else [arg]


def option_becomes(opt: Record, target: str) -> str:
    """One line saying what an option turns into on `target`."""
    repl = opt.get("replacements", {}).get(target)
    if repl is None:
        return "not recorded"
    action = repl["action"]
    text = {
        "keep": " ".join(opt["flags"]),
        "rename": " ".join(repl.get("flags", [])),
        "drop": "drop it",
        "none": "no equivalent",
        "config": "set it in the domain config",
    }[action]
    extra = repl.get("why") or repl.get("note")
    return f"{text} ({extra})" if extra else text


def command_line(tool: str, repl: Record, arguments: list[Record] | None = None) -> str:
    """Render a replacement as a synopsis such as `virsh setmem DOMAIN MEMORYM`.

    Source positionals take their names from the source record's `arguments` ({N} when unnamed);
    <PLACEHOLDER> marks a value the user has to supply.
    """
    if repl.get("command") is None:
        return "none"
    names = [a["name"] for a in arguments or []]
    words = [tool, repl["command"]]
    for item in repl.get("args", []):
        if "pos" in item:
            unit = item.get("unit")
            pos = item["pos"]
            name = names[pos - 1] if pos <= len(names) else f"{{{pos}}}"
            words.append(f"{name}{unit.get('suffix', '') if unit else ''}")
        elif item.get("rest"):
            words.append("...")
        elif item.get("options"):
            words.append("[options]")
        elif "literal" in item:
            words.append(item["literal"])
        elif "placeholder" in item:
            words.append(f"<{item['placeholder']}>")
    return " ".join(words)


def lookup(index: Index, res: Resolution, args: list[str], release: str | None) -> dict[str, Any]:
    """Everything the renderers show, as JSON-able data (`--json` prints this)."""
    rec = res.record
    assert rec is not None
    tool = rec["tool"]
    targets = TARGETS[tool]
    matched = []
    for arg in args:
        for flag in _split_flags(arg, rec):
            if not flag.startswith("-"):
                continue
            opt = option_by_flag(rec, flag)
            entry: dict[str, Any] = {"arg": flag, "known": opt is not None}
            if opt is not None:
                entry["option"] = opt
                entry["becomes"] = {t: option_becomes(opt, t) for t in targets}
                if tool == "xl" and release is not None and not available(opt, release, rec):
                    entry["unavailable_in"] = release
            matched.append(entry)
    replacements = {}
    for target, repl in rec.get("replacements", {}).items():
        view = dict(repl)
        view["synopsis"] = command_line(target, repl, rec.get("arguments"))
        target_rec = index.get(target, repl["command"]) if repl.get("command") else None
        if target_rec is not None and target == "xl":
            view["releases"] = span(target_rec)
            if release is not None:
                view["available"] = available(target_rec, release)
        replacements[target] = view
    answer = {
        "query": {"tool": res.tool, "word": res.word, "resolved_by": res.how, "args": args, "xen": release},
        "record": rec,
        "replacements": replacements,
        "matched_options": matched,
    }
    if tool == "xm" and args:
        # Only with arguments: the linter (tree-sitter) stays off the plain lookup's start-up path.
        from xlref.data.load import load_dataset
        from xlref.lint.oneline import rewrite_call

        data = load_dataset()
        answer["your_call"] = {t: rewrite_call(data, res.word, args, t, release) for t in targets}
    return answer
