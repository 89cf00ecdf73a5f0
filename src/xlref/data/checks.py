"""Cross-record rules of the dataset that JSON Schema cannot state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xlref.data.callform import placeholder_problems, positional_names, render_call, template_problems
from xlref.data.claims import claim_problems
from xlref.data.problem import Problem
from xlref.data.releases import key as release_key
from xlref.data.site_checks import site_problems


def _names(data: Any) -> tuple[dict[tuple[str, str], int], list[Problem]]:
    """(tool, name-or-alias) -> command index, plus duplicate problems."""
    seen: dict[tuple[str, str], int] = {}
    problems = []
    for i, cmd in enumerate(data["commands"]):
        spellings = [("name", cmd["name"])] + [("aliases", a) for a in cmd.get("aliases", [])]
        for kind, word in spellings:
            other = seen.get((cmd["tool"], word))
            if other is not None:
                problems.append(Problem(["commands", i, kind], (
                    f"duplicate {cmd['tool']} command name or alias {word!r} "
                    f"(also commands[{other}] {data['commands'][other]['name']})")))
            else:
                seen[(cmd["tool"], word)] = i
    return seen, problems


def _release_problems(data: Any, tool: str, item: dict[str, Any], path: list[str | int]) -> Iterator[Problem]:
    known = data["releases"][tool]
    for k in ("first_release", "last_release"):
        if k in item and item[k] not in known:
            yield Problem([*path, k], f"unknown {tool} release {item[k]!r} (known: {', '.join(known)})")
    first, last = item.get("first_release"), item.get("last_release")
    if first in known and last in known and release_key(str(first)) > release_key(str(last)):
        yield Problem([*path, "last_release"], f"last_release {last} is before first_release {first}")


def _target(data: Any, names: dict[tuple[str, str], int], tool: str, name: str) -> dict[str, Any] | None:
    idx = names.get((tool, name))
    if idx is None:
        return None
    cmd: dict[str, Any] = data["commands"][idx]
    return cmd


def _flags_of(cmd: dict[str, Any]) -> set[str]:
    return {f for opt in cmd.get("options", []) for f in opt["flags"]}


def _known_flag(flag: str, flags: set[str]) -> bool:
    """`-ww` is getopt's spelling of `-w -w`: known when every bundled letter is."""
    if flag in flags:
        return True
    letters = flag[1:]
    return not flag.startswith("--") and len(letters) > 1 and all(f"-{c}" in flags for c in letters)


def _replacement_problems(
    data: Any, names: dict[tuple[str, str], int], cmd: dict[str, Any], path: list[str | int]
) -> Iterator[Problem]:
    for target_tool, repl in cmd.get("replacements", {}).items():
        if target_tool == cmd["tool"]:
            yield Problem([*path, "replacements", target_tool], "a command cannot be replaced by its own tool")
            continue
        if repl["command"] is None:
            continue
        target = _target(data, names, target_tool, repl["command"])
        where = [*path, "replacements", target_tool, "command"]
        if target is None:
            yield Problem(where, f"dangling replacement: no {target_tool} command {repl['command']!r}")
            continue
        if target["name"] != repl["command"]:
            yield Problem(where, f"replacement names alias {repl['command']!r}; use {target['name']!r}")
        if target.get("last_release") and not repl.get("since"):
            yield Problem(where, f"replacement {target_tool} {target['name']} was removed after "
                                 f"{target['last_release']}; name a current command")
        target_flags = _flags_of(target)
        if not target.get("options"):
            continue
        for j, opt in enumerate(cmd.get("options", [])):
            orepl = opt.get("replacements", {}).get(target_tool)
            if orepl is None:
                continue
            wanted = orepl.get("flags") if orepl["action"] == "rename" else (
                opt["flags"] if orepl["action"] == "keep" else [])
            missing = [f for f in wanted if not _known_flag(f, target_flags)]
            if missing:
                yield Problem([*path, "options", j, "replacements", target_tool], (
                    f"{orepl['action']} to {' '.join(missing)}: {target_tool} {target['name']} has no such option"))


def _callform_problems(cmd: dict[str, Any], path: list[str | int]) -> Iterator[Problem]:
    """Every value a replacement asks for has a `<NAME>`: placeholders are spelled so, positions are named."""
    names = positional_names(cmd)
    for target_tool, repl in cmd.get("replacements", {}).items():
        found = False
        for k, item in enumerate(repl.get("args") or []):
            where = [*path, "replacements", target_tool, "args", k]
            if "placeholder" in item:
                for message in placeholder_problems(item["placeholder"]):
                    found = True
                    yield Problem([*where, "placeholder"], f"placeholder {item['placeholder']!r}: {message}")
            if "pos" in item and item["pos"] > len(names):
                found = True
                yield Problem([*where, "pos"], f"argument {item['pos']} has no name in the usage synopsis "
                                               f"(add `arguments` or fix `usage`)")
        if found:
            continue
        # What lookup, the site and JSON print: one spelling, whatever the names in the usage synopsis.
        call = render_call(target_tool, repl, cmd)
        for message in template_problems(call):
            yield Problem([*path, "replacements", target_tool], f"call {call!r}: {message}")


def _ref_problems(names: dict[tuple[str, str], int], cmd: dict[str, Any], path: list[str | int]) -> Iterator[Problem]:
    for k, ref in enumerate(cmd.get("see_also", [])):
        tool, name = ref.split(":", 1)
        if (tool, name) not in names:
            yield Problem([*path, "see_also", k], f"see_also names unknown command {ref}")
    for target_tool, repl in cmd.get("replacements", {}).items():
        for k, ref in enumerate(repl.get("alternatives", [])):
            tool, name = ref.split(":", 1)
            if (tool, name) not in names:
                yield Problem([*path, "replacements", target_tool, "alternatives", k], f"unknown command {ref}")


def _command_problems(data: Any, names: dict[tuple[str, str], int], i: int, cmd: dict[str, Any]) -> Iterator[Problem]:
    path: list[str | int] = ["commands", i]
    if cmd["category"] not in data["categories"]:
        yield Problem([*path, "category"], f"unknown category {cmd['category']!r}")
    yield from _release_problems(data, cmd["tool"], cmd, path)
    seen_flags: dict[str, int] = {}
    for j, opt in enumerate(cmd.get("options", [])):
        yield from _release_problems(data, cmd["tool"], opt, [*path, "options", j])
        for flag in opt["flags"]:
            if flag in seen_flags:
                yield Problem([*path, "options", j, "flags"], f"flag {flag} also in options[{seen_flags[flag]}]")
            seen_flags[flag] = j
    ids = [b["id"] for b in cmd.get("behaviour_changes", [])]
    for j, bid in enumerate(ids):
        if bid in ids[:j]:
            yield Problem([*path, "behaviour_changes", j, "id"], f"duplicate behaviour change id {bid!r}")
    if cmd["tool"] == "xl" and cmd.get("status") == "new" and ("xm", cmd["name"]) in names:
        yield Problem([*path, "status"], "status 'new' but xm has a command of this name")
    yield from _replacement_problems(data, names, cmd, path)
    yield from _ref_problems(names, cmd, path)
    yield from _rewrite_rule_problems(cmd, path)
    yield from _callform_problems(cmd, path)


def _regex_problem(pattern: str, path: list[str | int]) -> Iterator[Problem]:
    import re

    try:
        re.compile(pattern)
    except re.error as exc:
        yield Problem(path, f"bad regex {pattern!r}: {exc}")


def _rewrite_rule_problems(cmd: dict[str, Any], path: list[str | int]) -> Iterator[Problem]:
    """The linter's argument rules: regexes compile, `older` goes with `since`, `repeat` writes a flag."""
    for target, repl in cmd.get("replacements", {}).items():
        for k, item in enumerate(repl.get("args") or []):
            for r, rule in enumerate(item.get("checks", [])):
                yield from _regex_problem(rule["match"], [*path, "replacements", target, "args", k, "checks", r])
    for j, opt in enumerate(cmd.get("options", [])):
        for target, orepl in opt.get("replacements", {}).items():
            where: list[str | int] = [*path, "options", j, "replacements", target]
            if "older" in orepl and "since" not in orepl:
                yield Problem(where, "`older` only applies with `since`")
            if "repeat" in orepl and orepl["action"] not in ("keep", "rename"):
                yield Problem(where, "`repeat` needs action keep or rename")
    for j, bc in enumerate(cmd.get("behaviour_changes", [])):
        for k, cond in enumerate(bc.get("when_args", [])):
            yield from _regex_problem(cond["match"], [*path, "behaviour_changes", j, "when_args", k])
        if bc.get("instead") and bc.get("fix_impact") != "broken":
            yield Problem([*path, "behaviour_changes", j, "instead"], "`instead` goes with fix_impact broken")


def _assumption_problems(data: Any) -> Iterator[Problem]:
    """Every behaviour change an assumption neutralises exists, and ids are unique."""
    changes = {(c["name"], b["id"]) for c in data["commands"] if c["tool"] == "xm"
               for b in c.get("behaviour_changes", [])}
    seen: set[str] = set()
    for i, item in enumerate(data.get("assumptions", [])):
        if item["id"] in seen:
            yield Problem(["assumptions", i, "id"], f"duplicate assumption {item['id']!r}")
        seen.add(item["id"])
        for k, ref in enumerate(item["neutralises"]):
            if ref.startswith("wrapper:"):
                continue  # what running xm through a wrapper risks: the linter knows the wrappers
            name, _, bid = ref.removeprefix("xm:").partition("/")
            if (name, bid) not in changes:
                yield Problem(["assumptions", i, "neutralises", k], f"no behaviour change {bid!r} on xm {name}")


def _former_name_problems(data: Any, names: dict[tuple[str, str], int], cmd: dict[str, Any],
                          path: list[str | int]) -> Iterator[Problem]:
    """A former name is a retired record of the same tool, retired before this one starts, and both names
    describe one command: each other tool replaces them with the same command."""
    for k, old in enumerate(cmd.get("former_names", [])):
        where = [*path, "former_names", k]
        prev = _target(data, names, cmd["tool"], old)
        if prev is None:
            yield Problem(where, f"former name {old!r} has no {cmd['tool']} record")
            continue
        if not prev.get("last_release"):
            yield Problem(where, f"former name {old!r} is still current (no last_release)")
        elif cmd.get("first_release") and release_key(prev["last_release"]) >= release_key(cmd["first_release"]):
            yield Problem(where, f"{old} lasts until {prev['last_release']}, after {cmd['name']} begins")
        for tool, repl in prev.get("replacements", {}).items():
            mine = cmd.get("replacements", {}).get(tool, {}).get("command")
            if mine != repl["command"]:
                yield Problem(where, f"{tool} replaces {old} by {repl['command']} but {cmd['name']} by {mine}")


def _topic_problems(data: Any, names: dict[tuple[str, str], int]) -> Iterator[Problem]:
    """Topics point at records that exist, and a phrase means one topic only."""
    keys = {f"{k['tool']}:{k['key']}" for k in data.get("config_keys", [])}
    xend = {item["id"] for item in data.get("xend", [])}
    owner: dict[str, str] = {}
    ids: set[str] = set()
    for i, topic in enumerate(data.get("topics", [])):
        path: list[str | int] = ["topics", i]
        if topic["id"] in ids:
            yield Problem([*path, "id"], f"duplicate topic id {topic['id']!r}")
        ids.add(topic["id"])
        for k, ref in enumerate(topic.get("commands", [])):
            tool, name = ref.split(":", 1)
            if (tool, name) not in names:
                yield Problem([*path, "commands", k], f"unknown command {ref}")
        for k, ref in enumerate(topic.get("config_keys", [])):
            if ref not in keys:
                yield Problem([*path, "config_keys", k], f"unknown config key {ref}")
        for k, ref in enumerate(topic.get("xend", [])):
            if ref not in xend:
                yield Problem([*path, "xend", k], f"unknown xend item {ref!r}")
        for k, word in enumerate(topic["words"]):
            if word in owner:
                yield Problem([*path, "words", k], f"{word!r} already means topic {owner[word]}")
            owner.setdefault(word, topic["id"])


def _duplicates(items: list[dict[str, Any]], key: str, section: str) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = item.get(key)
        if value is None:
            continue
        if value in seen:
            yield Problem([section, i, key], f"duplicate {key} {value!r} (also {section}[{seen[value]}])")
        else:
            seen[value] = i


def _host_problems(data: Any) -> Iterator[Problem]:
    """The xend section (daemon parts and xend-config.sxp options) and the checklist."""
    xend = data.get("xend", [])
    yield from _duplicates(xend, "id", "xend")
    yield from _duplicates(xend, "option", "xend")
    yield from _duplicates(data.get("checklist", []), "id", "checklist")
    # An option that moves into the domain config names an xl.cfg key: it must be one config_keys knows.
    xl_keys = {k["key"] for k in data.get("config_keys", []) if k["tool"] == "xl"}
    for i, item in enumerate(xend):
        for target, repl in item["replacements"].items():
            if repl.get("where") == "xl.cfg" and xl_keys and repl["with"] not in xl_keys:
                yield Problem(["xend", i, "replacements", target, "with"],
                              f"xl.cfg has no key {repl['with']!r} in config_keys")


def semantic_problems(data: Any) -> list[Problem]:
    names, problems = _names(data)
    problems.extend(_assumption_problems(data))
    for i, cmd in enumerate(data["commands"]):
        problems.extend(_command_problems(data, names, i, cmd))
        problems.extend(_former_name_problems(data, names, cmd, ["commands", i]))
    problems.extend(Problem(path, message) for path, message in claim_problems(data))
    problems.extend(_topic_problems(data, names))
    for i, opt in enumerate(data.get("global_options", [])):
        path: list[str | int] = ["global_options", i]
        problems.extend(_release_problems(data, opt["tool"], opt, path))
        for k, name in enumerate(opt.get("honoured_by", [])):
            if (opt["tool"], name) not in names:
                problems.append(Problem([*path, "honoured_by", k], f"unknown {opt['tool']} command {name!r}"))
    problems.extend(site_problems(data, names))
    problems.extend(_host_problems(data))
    return problems
