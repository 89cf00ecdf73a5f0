"""Hatch build hook: ship a compiled, validated form of data/commands.yaml inside the wheel.

The build must run with the interpreter that will run xlref (pip does this); another Python simply
ignores the shipped file and compiles its own cache on first use."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileDataset(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        from xlref.data.load import compile_yaml, compiled_bytes, content_key

        source = root / "data" / "commands.yaml"
        raw = source.read_bytes()
        data = compile_yaml(raw, source)
        out = Path(self.directory) / "xlref-compiled" / "commands.compiled"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(compiled_bytes(data, content_key(raw)))
        build_data["force_include"][str(out)] = "xlref/data/commands.compiled"
