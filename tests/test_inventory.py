"""The dataset covers the derived name inventory exactly: every command, alias and option of every tool and
release, and nothing that the code does not have unless the record says it comes from the docs only."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT
from xlref.data.load import load_path
from xlref.data.releases import available

INVENTORY = ROOT / "tests" / "inventory"
# XLREF_TEST_DATA checks another dataset file (e.g. a merge in progress) against the inventory.
DATA_PATH = Path(os.environ.get("XLREF_TEST_DATA") or ROOT / "data" / "commands.yaml")


@cache
def dataset() -> dict[str, Any]:
    return load_path(DATA_PATH, use_cache=False)


@cache
def inventory(tool: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((INVENTORY / f"{tool}.json").read_text(encoding="utf-8"))
    return doc


def records(tool: str) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in dataset()["commands"] if r["tool"] == tool}


def release_cases() -> list[tuple[str, str]]:
    return [(tool, rel) for tool in ("xm", "xl", "virsh") for rel in inventory(tool)["releases"]]


def _in_release(tool: str, item: dict[str, Any], release: str, parent: dict[str, Any] | None = None) -> bool:
    # xm and virsh are recorded at one release each; only xl carries a release history.
    return tool != "xl" or available(item, release, parent)


@pytest.mark.parametrize(("tool", "release"), release_cases())
def test_commands_match_inventory(tool: str, release: str) -> None:
    inv = inventory(tool)["releases"][release]["commands"]
    recs = records(tool)
    present = {n for n, r in recs.items() if _in_release(tool, r, release) and "docs_only" not in r}
    missing = sorted(set(inv) - present)
    extra = sorted(present - set(inv))
    assert not missing, f"{tool} {release}: commands in the code but not in the dataset (or not in range): {missing}"
    assert not extra, f"{tool} {release}: dataset commands the code does not have at this release: {extra}"


@pytest.mark.parametrize(("tool", "release"), release_cases())
def test_aliases_match_inventory(tool: str, release: str) -> None:
    inv = inventory(tool)["releases"][release]["commands"]
    recs = records(tool)
    wrong = {name: (sorted(entry.get("aliases", [])), sorted(recs[name].get("aliases", [])))
             for name, entry in inv.items()
             if name in recs and sorted(entry.get("aliases", [])) != sorted(recs[name].get("aliases", []))}
    assert not wrong, f"{tool} {release}: aliases differ (inventory, dataset): {wrong}"


@pytest.mark.parametrize(("tool", "release"), release_cases())
def test_options_match_inventory(tool: str, release: str) -> None:
    inv = inventory(tool)["releases"][release]["commands"]
    recs = records(tool)
    problems = []
    for name, entry in sorted(inv.items()):
        rec = recs.get(name)
        if rec is None:
            continue
        have = {f for o in rec.get("options", []) if _in_release(tool, o, release, rec) and "docs_only" not in o
                for f in o["flags"]}
        want = set(entry["options"])
        if want - have:
            problems.append(f"{name}: missing {sorted(want - have)}")
        if have - want:
            problems.append(f"{name}: not in the code {sorted(have - want)}")
    assert not problems, f"{tool} {release} options: " + "; ".join(problems)


@pytest.mark.parametrize(("tool", "release"), release_cases())
def test_global_options_match_inventory(tool: str, release: str) -> None:
    want = set(inventory(tool)["releases"][release].get("global_options", []))
    have = {f for g in dataset().get("global_options", []) if g["tool"] == tool and _in_release(tool, g, release)
            for f in g["flags"]}
    assert have == want


def test_docs_only_entries_say_why() -> None:
    for rec in dataset()["commands"]:
        for item in [rec, *rec.get("options", [])]:
            if "docs_only" in item:
                assert len(item["docs_only"]) > 15, f"{rec['tool']} {rec['name']}: docs_only needs a reason"


def test_inventory_counts_are_plausible() -> None:
    """Guards against a derivation script that silently finds nothing."""
    xm = inventory("xm")["releases"]["4.4"]["commands"]
    assert len(xm) >= 95
    assert sum(len(c["aliases"]) for c in xm.values()) == 15
    xl = inventory("xl")["releases"]
    assert len(xl) == 22
    assert len(xl["4.22"]["commands"]) >= 90
    assert "suspend" in xl["4.20"]["commands"] and "suspend" not in xl["4.19"]["commands"]
    assert len(inventory("virsh")["releases"]["11.3"]["commands"]) >= 280


def test_xl_config_keys_match_parser() -> None:
    """First and last release of every xl config key, as derived from parse_config_data at each tag
    (tests/inventory/derive_xl_config.py): e.g. xl 4.1 never read `cpus` for a domain."""
    derived: dict[str, list[str | None]] = json.loads(
        (INVENTORY / "xl_config.json").read_text(encoding="utf-8"))["keys"]
    have = {k["key"]: k for k in dataset()["config_keys"] if k["tool"] == "xl"}
    assert sorted(set(derived) - set(have)) == [], "keys xl's parser reads that the dataset lacks"
    assert sorted(set(have) - set(derived)) == [], "dataset xl keys no parser release reads"
    wrong = {key: ((rec.get("first_release"), rec.get("last_release")), tuple(derived[key]))
             for key, rec in have.items() if (rec.get("first_release"), rec.get("last_release")) != tuple(derived[key])}
    assert not wrong, f"xl config key releases (dataset, parser): {wrong}"
    assert have["cpus"]["first_release"] == "4.2"


def test_xl_config_inventory_is_plausible() -> None:
    doc = json.loads((INVENTORY / "xl_config.json").read_text(encoding="utf-8"))
    assert len(doc["releases"]) == 22
    assert len(doc["releases"]["4.1"]) >= 50 and len(doc["releases"]["4.22"]) >= 160
    assert "cpus" not in doc["releases"]["4.1"] and "cpus" in doc["releases"]["4.2"]


def test_silent_flags_are_described_as_doing_nothing() -> None:
    """xm setpolicy/getenforce/setenforce `-?` call a help() that returns its text unprinted (derive_xm.py
    finds them): the records must not say the flag prints help."""
    inv = inventory("xm")["releases"]["4.4"]["commands"]
    recs = records("xm")
    silent = {(name, flag) for name, entry in inv.items() for flag in entry.get("silent", [])}
    assert silent == {("setpolicy", "-?"), ("getenforce", "-?"), ("setenforce", "-?")}
    for name, flag in sorted(silent):
        opt = next(o for o in recs[name]["options"] if flag in o["flags"])
        text = opt["summary"].lower()
        assert "nothing" in text and "exit status is 0" in text and not text.startswith("print"), (name, text)
