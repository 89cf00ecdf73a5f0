"""Cross-record rules of the `outputs` section: every command covered, names and flags real, release
ranges known and disjoint, error ids defined, and the commands' `output_format` behaviour changes in
agreement with what the format records say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xlref.data.outcompare import compare
from xlref.data.outputs import replacement_flags, select
from xlref.data.problem import Problem
from xlref.data.releases import in_range
from xlref.data.releases import key as release_key

Path = list[str | int]


def _flags_of(cmd: dict[str, Any]) -> set[str]:
    return {f for opt in cmd.get("options", []) for f in opt["flags"]}


def _range(item: dict[str, Any], known: list[str]) -> list[str]:
    return [r for r in known if in_range(item.get("first_release"), item.get("last_release"), r)]


def _release_problems(data: Any, tool: str, item: dict[str, Any], path: Path) -> Iterator[Problem]:
    for k in ("first_release", "last_release"):
        if k not in item:
            continue
        if tool != "xl":
            yield Problem([*path, k], f"{tool} has a single release; release ranges are for xl only")
        elif item[k] not in data["releases"]["xl"]:
            yield Problem([*path, k], f"unknown xl release {item[k]!r}")
    first, last = item.get("first_release"), item.get("last_release")
    if first and last and release_key(first) > release_key(last):
        yield Problem([*path, "last_release"], f"last_release {last} is before first_release {first}")


def _flag_problems(flags: list[str], known: set[str], where: str, path: Path) -> Iterator[Problem]:
    for flag in flags:
        if flag not in known:
            yield Problem(path, f"{where} has no option {flag}")


def _format_problems(data: Any, cmds: dict[tuple[str, str], dict[str, Any]], errors: set[tuple[str, str]],
                     i: int, rec: dict[str, Any]) -> Iterator[Problem]:
    path: Path = ["outputs", "formats", i]
    tool, name = rec["tool"], rec["command"]
    cmd = cmds.get((tool, name))
    if cmd is None:
        yield Problem([*path, "command"], f"no {tool} command {name!r}")
        return
    where = f"{tool} {name}"
    known = _flags_of(cmd)
    yield from _release_problems(data, tool, rec, path)
    yield from _flag_problems(rec.get("options", []), known, where, [*path, "options"])
    if rec["variant"] != "default" and not rec.get("options") and not rec.get("when"):
        yield Problem([*path, "variant"], "a variant other than 'default' needs options or when")
    for part in ("columns", "keys", "messages"):
        for j, item in enumerate(rec.get(part, [])):
            yield from _flag_problems(item.get("options", []), known, where, [*path, part, j, "options"])
            yield from _release_problems(data, tool, item, [*path, part, j])
    if rec.get("layout") == "printf" and rec.get("kind") == "table":
        for j, col in enumerate(rec.get("columns", [])):
            if "cell" not in col:
                yield Problem([*path, "columns", j], "printf columns need their cell")
            if "head" not in col and rec.get("header") is None:
                yield Problem([*path, "columns", j], "printf columns need a head (or the record a header)")
    for j, use in enumerate(rec.get("errors", [])):
        if "text" not in use and (tool, use["id"]) not in errors:
            yield Problem([*path, "errors", j, "id"], f"no {tool} error {use['id']!r} in outputs.errors")


def _overlaps(items: list[tuple[int, dict[str, Any]]], known: list[str], what: str, base: Path) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in items:
        for rel in _range(item, known) if known else ["-"]:
            if rel in seen:
                yield Problem([*base, i], f"{what} overlaps entry {seen[rel]} at release {rel}")
                break
            seen[rel] = i


def _coverage(data: Any, formats: list[dict[str, Any]]) -> Iterator[Problem]:
    by: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for rec in formats:
        by.setdefault((rec["tool"], rec["command"]), []).append(rec)
    for i, cmd in enumerate(data["commands"]):
        recs = by.get((cmd["tool"], cmd["name"]))
        if not recs:
            yield Problem(["commands", i], f"{cmd['tool']} {cmd['name']} has no output record (add one to "
                                           "outputs.formats, of kind none when it prints nothing a script reads)")
            continue
        if cmd["tool"] != "xl":
            continue
        for rel in _range(cmd, data["releases"]["xl"]):
            if not any(in_range(r.get("first_release"), r.get("last_release"), rel) for r in recs):
                yield Problem(["commands", i], f"xl {cmd['name']} has no output record for Xen {rel}")
                break


def _agreement(data: Any, cmds: dict[tuple[str, str], dict[str, Any]]) -> Iterator[Problem]:
    """An output_format behaviour change says the target prints something else: the records must differ.
    Changes that only occur in a host state an assumption names (a stopped xend-managed domain: an error
    path) are not about the records, which describe the normal output; nor are on_failure changes."""
    outputs = data["outputs"]
    host_state = {ref for a in data.get("assumptions", []) for ref in a.get("neutralises", [])}
    for i, cmd in enumerate(data["commands"]):
        for j, bc in enumerate(cmd.get("behaviour_changes", [])):
            if bc["kind"] != "output_format" or bc.get("on_failure") or \
                    f"{cmd['tool']}:{cmd['name']}/{bc['id']}" in host_state:
                continue
            for target in bc.get("targets") or list(cmd.get("replacements", {})):
                repl = cmd.get("replacements", {}).get(target) or {}
                tname = repl.get("command")
                if tname is None or (target, tname) not in cmds:
                    continue
                flags = list(bc.get("when_options") or [])
                a = select(outputs, cmd["tool"], cmd["name"], flags)
                b = select(outputs, target, tname, replacement_flags(cmd, target, flags))
                if a is None or b is None or not a.readable:
                    continue
                if compare(a, b).identical:
                    yield Problem(["commands", i, "behaviour_changes", j],
                                  f"says the output differs on {target}, but the output records of {a.label} and "
                                  f"{b.label} are identical")


def output_problems(data: Any) -> list[Problem]:
    outputs = data.get("outputs")
    if outputs is None:
        return []
    cmds = {(c["tool"], c["name"]): c for c in data["commands"]}
    errors = {(e["tool"], e["id"]) for e in outputs["errors"]}
    problems: list[Problem] = []
    for i, err in enumerate(outputs["errors"]):
        problems.extend(_release_problems(data, err["tool"], err, ["outputs", "errors", i]))
    keyed: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
    for i, err in enumerate(outputs["errors"]):
        keyed.setdefault((err["tool"], err["id"]), []).append((i, err))
    for (tool, _), items in keyed.items():
        problems.extend(_overlaps(items, data["releases"]["xl"] if tool == "xl" else [], "error",
                                  ["outputs", "errors"]))
    variants: dict[tuple[str, str, str], list[tuple[int, dict[str, Any]]]] = {}
    for i, rec in enumerate(outputs["formats"]):
        problems.extend(_format_problems(data, cmds, errors, i, rec))
        variants.setdefault((rec["tool"], rec["command"], rec["variant"]), []).append((i, rec))
    for (tool, _, _), items in variants.items():
        problems.extend(_overlaps(items, data["releases"]["xl"] if tool == "xl" else [], "variant",
                                  ["outputs", "formats"]))
    problems.extend(_coverage(data, outputs["formats"]))
    if not problems:
        problems.extend(_agreement(data, cmds))
    return problems
