"""Cross-record rules for the site's sections (examples, seed, features, links, xen2libvirt)."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import Any

from xlref.data.problem import Problem
from xlref.data.releases import key as release_key

Names = dict[tuple[str, str], int]


def _resolve_xm(data: Any, names: Names, word: str) -> dict[str, Any] | None:
    """What `xm WORD` runs: exact name or alias, else a unique prefix of two or more letters (as xm does)."""
    idx = names.get(("xm", word))
    if idx is not None:
        cmd: dict[str, Any] = data["commands"][idx]
        return cmd
    if len(word) < 2:
        return None
    found = [c for c in data["commands"] if c["tool"] == "xm" and c["name"].startswith(word)]
    return found[0] if len(found) == 1 else None


def _example_problems(data: Any, names: Names) -> Iterator[Problem]:
    for command, examples in data.get("examples", {}).items():
        idx = names.get(("xm", command))
        if idx is None or data["commands"][idx]["name"] != command:
            yield Problem(["examples", command], f"{command!r} is not the name of an xm command")
            continue
        seen: set[str] = set()
        for i, ex in enumerate(examples):
            path: list[str | int] = ["examples", command, i, "call"]
            try:
                words = shlex.split(ex["call"], comments=True)
            except ValueError as exc:
                yield Problem(path, f"not a valid shell line: {exc}")
                continue
            # The first `xm WORD` of the line (words may come before it: `x=$(xm ...`, `ssh host xm ...`).
            at = next((k for k, w in enumerate(words[:-1]) if w.rsplit("(", 1)[-1] == "xm"), None)
            word = words[at + 1].rstrip(");`&|") if at is not None else ""
            target = _resolve_xm(data, names, word) if word else None
            if target is None or target["name"] != command:
                got = target["name"] if target else "nothing"
                yield Problem(path, f"`xm {word}` runs {got}, not {command}")
            if ex["call"] in seen:
                yield Problem(path, "duplicate example")
            seen.add(ex["call"])


def _flag_known(cmd: dict[str, Any], flag: str) -> bool:
    return any(flag in opt["flags"] for opt in cmd.get("options", []))


def _seed_problems(data: Any, names: Names) -> Iterator[Problem]:
    rows: set[str] = set()
    for i, note in enumerate(data.get("seed", {}).get("notes", [])):
        path: list[str | int] = ["seed", "notes", i, "row"]
        tool, name, *flag = note["row"].split()
        idx = names.get((tool, name))
        if idx is None:
            yield Problem(path, f"no {tool} command {name!r}")
        elif flag and not _flag_known(data["commands"][idx], flag[0]):
            yield Problem(path, f"{tool} {name} has no option {flag[0]}")
        if note["row"] in rows:
            yield Problem(path, f"duplicate seed note for {note['row']!r}")
        rows.add(note["row"])


def _feature_problems(data: Any, names: Names) -> Iterator[Problem]:
    ids: set[str] = set()
    xl_releases = data["releases"]["xl"]
    for i, feat in enumerate(data.get("features", [])):
        if feat["id"] in ids:
            yield Problem(["features", i, "id"], f"duplicate feature id {feat['id']!r}")
        ids.add(feat["id"])
        for tool in ("xm", "xl", "libvirt"):
            cell = feat[tool]
            for key in ("since", "until"):
                if tool == "xl" and key in cell and cell[key] not in xl_releases:
                    yield Problem(["features", i, tool, key], f"unknown xl release {cell[key]!r}")
            if "since" in cell and "until" in cell and release_key(cell["since"]) > release_key(cell["until"]):
                yield Problem(["features", i, tool, "until"], "until is before since")
            if "before" in cell and "since" not in cell:
                yield Problem(["features", i, tool, "before"], "`before` needs `since`")
        for k, ref in enumerate(feat.get("see_also", [])):
            ref_tool, _, name = ref.partition(":")
            if (ref_tool, name) not in names:
                yield Problem(["features", i, "see_also", k], f"unknown command {ref!r}")


def _link_problems(data: Any) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, link in enumerate(data.get("links", [])):
        if link["url"] in seen:
            yield Problem(["links", i, "url"], f"duplicate link {link['url']}")
        seen.add(link["url"])


def site_problems(data: Any, names: Names) -> list[Problem]:
    return [*_example_problems(data, names), *_seed_problems(data, names), *_feature_problems(data, names),
            *_link_problems(data)]
