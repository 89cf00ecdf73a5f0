"""Settings from `[tool.xlref.lint]` (or `[tool.xlref]`) in pyproject.toml, or `.xlref.toml`, found upward."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KEYS = ("select", "ignore", "extend-ignore", "target", "xen", "exclude", "per-file-ignores", "assume", "source-path")


class ConfigError(Exception):
    pass


@dataclass
class FileConfig:
    path: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    target: str | None = None
    xen: str | None = None
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    assume: list[str] = field(default_factory=list)
    source_path: list[str] = field(default_factory=list)  # relative entries are relative to the config file


def _section(doc: dict[str, Any], pyproject: bool) -> dict[str, Any] | None:
    if pyproject:
        tool = doc.get("tool", {}).get("xlref")
        if not isinstance(tool, dict):
            return None
        lint = tool.get("lint")
        return lint if isinstance(lint, dict) else {k: v for k, v in tool.items() if k in KEYS}
    lint = doc.get("lint")
    if isinstance(lint, dict):
        return lint
    # Top-level keys of .xlref.toml; tables other than ours belong to other xlref commands.
    return {k: v for k, v in doc.items() if k in KEYS or not isinstance(v, dict)}


def _strings(value: Any, key: str, where: Path) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{where}: {key} must be a string or a list of strings")


def parse_config(doc: dict[str, Any], where: Path, pyproject: bool) -> FileConfig | None:
    sec = _section(doc, pyproject)
    if sec is None:
        return None
    cfg = FileConfig(path=where)
    for key, value in sec.items():
        if key == "select":
            cfg.select = _strings(value, key, where)
        elif key in ("ignore", "extend-ignore"):
            cfg.ignore.extend(_strings(value, key, where))
        elif key == "target":
            if value not in ("xl", "virsh"):
                raise ConfigError(f"{where}: target must be xl or virsh")
            cfg.target = value
        elif key == "xen":
            cfg.xen = str(value)
        elif key == "assume":
            cfg.assume = _strings(value, key, where)
        elif key == "source-path":
            cfg.source_path = [str((where.parent / p).resolve()) for p in _strings(value, key, where)]
        elif key == "exclude":
            cfg.exclude = _strings(value, key, where)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: per-file-ignores must be a table")
            cfg.per_file_ignores = {k: _strings(v, key, where) for k, v in value.items()}
        elif key != "lint":
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(KEYS)})")
    return cfg


def find_config(start: Path) -> FileConfig:
    """The nearest `.xlref.toml` or pyproject.toml with an xlref section, from `start` upward."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for d in (here, *here.parents):
        for name, pyproject in ((".xlref.toml", False), ("pyproject.toml", True)):
            f = d / name
            if not f.is_file():
                continue
            try:
                doc = tomllib.loads(f.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{f}: {exc}") from exc
            cfg = parse_config(doc, f, pyproject)
            if cfg is not None:
                return cfg
    return FileConfig()
