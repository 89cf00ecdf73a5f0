"""The JSON export: the whole dataset, an index, and one file per command (all static files)."""

from __future__ import annotations

import json
from typing import Any

from xlref.data.load import Dataset
from xlref.site.model import json_path

API_VERSION = 1


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def api_files(data: Dataset) -> dict[str, str]:
    """Path inside the generated folder -> file text."""
    files = {"api/commands.json": dump({"api_version": API_VERSION, **data})}
    index = []
    for rec in data["commands"]:
        path = json_path(rec["tool"], rec["name"])
        files[path] = dump(rec)
        index.append({
            "tool": rec["tool"],
            "name": rec["name"],
            "status": rec.get("status"),
            "category": rec["category"],
            "summary": rec["summary"],
            "json": path.removeprefix("api/"),
            "page": f"../{rec['tool']}/{rec['name']}/",
        })
    files["api/index.json"] = dump({"api_version": API_VERSION, "commands": index})
    return files
