"""The slice of the dataset the fake tools read, written once per test session as compact JSON.

A fake tool starts once per call in a script: loading the 1 MB YAML dataset each time would dominate the run
time, so the runner extracts the command/option records of xm, xl and virsh and the `outputs` section into one
JSON file, and the fakes read that.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TOOLS = ("xm", "xl", "virsh")


def _option(rec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"flags": list(rec["flags"]), "arg": rec.get("arg") or None}
    if rec.get("required"):
        out["required"] = True
    for k in ("first_release", "last_release"):
        if rec.get(k):
            out[k] = rec[k]
    return out


def extract(data: dict[str, Any]) -> dict[str, Any]:
    commands: dict[str, dict[str, Any]] = {t: {} for t in TOOLS}
    for rec in data["commands"]:
        if rec["tool"] not in commands or rec.get("docs_only"):
            continue
        entry: dict[str, Any] = {
            "usage": rec.get("usage", ""),
            "aliases": list(rec.get("aliases", [])),
            "arguments": [{"name": a["name"], "required": a.get("required", True), "repeat": a.get("repeat", False)}
                          for a in rec.get("arguments", [])],
            "options": [_option(o) for o in rec.get("options", []) if not o.get("docs_only")],
        }
        for k in ("first_release", "last_release"):
            if rec.get(k):
                entry[k] = rec[k]
        commands[rec["tool"]][rec["name"]] = entry
    return {"releases": data["releases"], "commands": commands, "outputs": data.get("outputs")}


def write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(extract(data), separators=(",", ":")), encoding="utf-8")
    return path


def load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        result: dict[str, Any] = json.load(fh)
    return result
