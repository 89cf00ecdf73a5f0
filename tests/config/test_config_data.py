"""The dataset's config_keys/config_syntax: schema-valid, complete, and consistent with the checker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from xlref.config.keytable import key_table
from xlref.data.load import load_path

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "src" / "xlref" / "data" / "schema"


@pytest.fixture(scope="module")
def part() -> dict[str, Any]:
    data = load_path(ROOT / "data" / "commands.yaml", use_cache=False)
    return {"config_keys": data["config_keys"], "config_syntax": data["config_syntax"]}


def test_schema_valid(part: dict[str, Any]) -> None:
    main = json.loads((SCHEMAS / "commands.schema.json").read_text())
    mine = json.loads((SCHEMAS / "config_keys.schema.json").read_text())
    registry: Registry[Any] = Registry().with_resources(
        [(s["$id"], Resource.from_contents(s)) for s in (main, mine)])
    wrapper = {"type": "object", "additionalProperties": False, "required": ["config_keys", "config_syntax"],
               "properties": {"config_keys": {"type": "array",
                                              "items": {"$ref": mine["$id"] + "#/$defs/config_key"}},
                              "config_syntax": {"$ref": mine["$id"] + "#/$defs/config_syntax"}}}
    errors = list(jsonschema.Draft202012Validator(wrapper, registry=registry).iter_errors(part))
    assert errors == []


def test_counts_and_uniqueness(part: dict[str, Any]) -> None:
    keys = [(r["tool"], r["key"]) for r in part["config_keys"]]
    assert len(keys) == len(set(keys))
    assert sum(t == "xm" for t, _ in keys) == 105
    assert sum(t == "xl" for t, _ in keys) == 173


def test_xl_status_mirrors_xm(part: dict[str, Any]) -> None:
    xm = {r["key"]: r for r in part["config_keys"] if r["tool"] == "xm"}
    for rec in part["config_keys"]:
        if rec["tool"] == "xl":
            assert rec["status"] == (xm[rec["key"]]["status"] if rec["key"] in xm else "new"), rec["key"]


def test_checker_renames_match_data(part: dict[str, Any]) -> None:
    xm = {r["key"]: r for r in part["config_keys"] if r["tool"] == "xm"}
    xl = {r["key"] for r in part["config_keys"] if r["tool"] == "xl" and r["status"] != "removed"}
    renames = key_table().safe_renames()
    assert renames == {"cpu_cap": "cap", "device_model": "device_model_override", "bootargs": "bootloader_args",
                       "irq": "irqs"}
    for old, new in renames.items():
        assert xm[old]["status"] == "removed" and new in xm[old]["rename"] and new in xl


def test_required_renames_present(part: dict[str, Any]) -> None:
    xm = {r["key"]: r for r in part["config_keys"] if r["tool"] == "xm"}
    assert xm["cpu_cap"]["rename"] == ["cap"]
    assert xm["builder"]["rename"] == ["type"]
    assert xm["device_model"]["rename"] == ["device_model_override"]
    assert xm["restart"]["rename"] == ["on_poweroff", "on_reboot", "on_crash"]
    assert xm["tsc_mode"]["value_change"]["mapping"]["2"] == "native"
