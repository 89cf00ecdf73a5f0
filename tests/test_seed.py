"""The seed document (the classic xm/xl/libvirt comparison appendix) is covered by the dataset.

tests/inventory/seed.json holds the seed's table rows as names (see the "seed" section of
tests/inventory/README.md).  Two promises are checked:

(a) every tool/command/option the seed names is a record (or an option flag of one) in the dataset;
(b) every seed section can be generated from the dataset with `xlref.data.sections.sections()`, except rows
    whose key is in seed.json's `stale` map; for those the dataset must disagree with the seed in the way
    the map's reason says (each key has a machine check below).

XLREF_TEST_DATA points this (like tests/test_inventory.py, whose loader it shares) at another dataset file.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from tests.support import ROOT
from tests.test_inventory import DATA_PATH, dataset, records
from xlref.data.index import option_by_flag
from xlref.data.sections import Sections, names, sections

SEED = ROOT / "tests" / "inventory" / "seed.json"

Row = dict[str, Any]


@cache
def seed() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
    return doc


def lookup(tool: str, name: str) -> dict[str, Any] | None:
    """A record by exact name or alias (no prefix matching: seed rows name commands in full)."""
    by_name = records(tool)
    if name in by_name:
        return by_name[name]
    return next((r for r in by_name.values() if name in r.get("aliases", [])), None)


def option(rec: dict[str, Any] | None, flag: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = option_by_flag(rec, flag) if rec else None
    return found


@cache
def secs() -> Sections:
    return sections(dataset())


@cache
def sec_names() -> dict[str, set[str]]:
    out = names(secs())
    # Options the xl side adds: to changed commands, or (status new) to commands that stay unchanged.
    out["added"] = out["changed_added_options"] | out["new_options"]
    out["changed_changed_options"] = {f"{c['xm']['name']} {f}" for c in secs()["changed"]
                                      for o in c["changed_options"] for f in o["flags"]}
    out["xl_adds_options"] = {rec["name"] for rec, _ in secs()["new_options"]}
    return out


def row_key(row: Row) -> str:
    parts = [row["tool"], row["command"] or "", row["option"] or ""]
    return " ".join(p for p in parts if p)


def all_rows() -> list[tuple[str, Row]]:
    return [(sid, row) for sid, sec in seed()["sections"].items() for row in sec["rows"]]


def is_stale(row: Row) -> bool:
    stale = seed()["stale"]
    return row_key(row) in stale or (row["command"] is not None and f"xm {row['command']}" in stale)


# --- seed.json itself ---------------------------------------------------------------------------------------

def test_seed_rows_are_well_formed() -> None:
    seen: set[tuple[str, str]] = set()
    problems = []
    for sid, row in all_rows():
        if set(row) != {"tool", "command", "option", "seed_status", "recovered"}:
            problems.append(f"{sid}: fields {sorted(row)}")
        if row["tool"] not in ("xm", "xl") or row["seed_status"] not in ("unchanged", "removed", "changed", "new"):
            problems.append(f"{sid}: {row}")
        if row["option"] is not None and not row["option"].startswith("-"):
            problems.append(f"{sid}: option is not a flag: {row}")
        if (sid, row_key(row)) in seen:
            problems.append(f"{sid}: duplicate {row_key(row)}")
        seen.add((sid, row_key(row)))
    assert not problems, "\n".join(problems)


def test_stale_keys_match_rows_and_checks() -> None:
    stale = set(seed()["stale"])
    keys = {row_key(r) for _, r in all_rows()} | {f"xm {r['command']}" for _, r in all_rows() if r["command"]}
    assert not stale - keys, f"stale keys that name no seed row: {sorted(stale - keys)}"
    assert stale == set(STALE_CHECKS), (f"stale keys without a check: {sorted(stale - set(STALE_CHECKS))}; "
                                        f"checks without a stale key: {sorted(set(STALE_CHECKS) - stale)}")
    long = {k: v for k, v in seed()["stale"].items() if len(v) > 110}
    assert not long, f"stale reasons should be short: {long}"


# --- (a) every name the seed uses exists ------------------------------------------------------------------

def test_seed_names_exist_in_dataset() -> None:
    missing = []
    for sid, row in all_rows():
        if row["command"] is None:
            flags = {f for g in dataset().get("global_options", []) if g["tool"] == row["tool"] for f in g["flags"]}
            if row["option"] not in flags:
                missing.append(f"{sid}: {row['tool']} global option {row['option']}")
            continue
        rec = lookup(row["tool"], row["command"])
        if rec is None:
            missing.append(f"{sid}: {row['tool']} {row['command']} (command)")
        elif row["option"] is not None and option(rec, row["option"]) is None:
            missing.append(f"{sid}: {row['tool']} {row['command']} {row['option']} (option)")
    assert not missing, f"{len(missing)} seed names missing from {DATA_PATH}:\n" + "\n".join(missing)


def test_seed_virsh_equivalents_exist() -> None:
    missing = []
    for row in seed()["virsh"]:
        rec = lookup("virsh", row["command"])
        if rec is None:
            missing.append(f"virsh {row['command']}")
        elif row["option"] is not None and option(rec, row["option"]) is None:
            missing.append(f"virsh {row['command']} {row['option']}")
        if row["for_xm"] is None:
            continue
        xm = lookup("xm", row["for_xm"])
        target = ((xm or {}).get("replacements", {}).get("virsh") or {}).get("command")
        if target != row["command"]:
            missing.append(f"xm {row['for_xm']}: virsh replacement is {target!r}, the seed says {row['command']!r}")
    assert not missing, "virsh names from the seed missing in the dataset:\n" + "\n".join(missing)


# --- (b) every section can be generated from the dataset --------------------------------------------------

def _row_problem(sid: str, row: Row) -> str | None:
    """Why the dataset-derived sections do not reproduce this seed row (None: they do)."""
    n = sec_names()
    cmd, opt, status = row["command"], row["option"], row["seed_status"]
    pair = f"{cmd} {opt}"
    if cmd is None:
        return None if opt in n["new_global_options"] else f"{opt} not among the new global options"
    if sid.startswith("C.3.5") and opt is None:
        ok = cmd in n["changed"] or cmd in n["xl_adds_options"]
        return None if ok else f"xm {cmd} is neither changed nor given new xl options"
    if opt is None:
        want = {"unchanged": "unchanged", "removed": "removed", "new": "new_commands"}[status]
        if cmd not in n[want]:
            return f"{row['tool']} {cmd} not in the {want} section"
        if status == "unchanged" and lookup("xl", cmd) is None:
            return f"xm {cmd} is unchanged but there is no xl {cmd}"
        return None
    if status == "removed":
        return None if pair in n["changed_removed_options"] else f"xm {pair} not a removed option of a changed command"
    if status == "new":
        return None if pair in n["added"] else f"xl {pair} not an added option (changed command or status new)"
    if status == "changed":
        return None if pair in n["changed_changed_options"] else f"xm {pair} not a changed option"
    xm_opt = option(lookup("xm", cmd), opt)
    if xm_opt is None or xm_opt.get("status") != "unchanged":
        return f"xm {pair} is not an unchanged option (status {(xm_opt or {}).get('status')})"
    return None if option(lookup("xl", cmd), opt) else f"xl {cmd} lacks {opt}"


@pytest.mark.parametrize("sid", list(seed()["sections"]))
def test_section_generated_from_dataset(sid: str) -> None:
    problems = []
    for row in seed()["sections"][sid]["rows"]:
        if is_stale(row):
            continue
        why = _row_problem(sid, row)
        if why:
            problems.append(f"{row_key(row)} [{row['seed_status']}]: {why}")
    assert not problems, f"{sid} {seed()['sections'][sid]['title']}: {len(problems)} rows not generated:\n" + \
        "\n".join(problems)


# --- stale rows: the dataset must disagree with the seed the way the reason says ---------------------------

def _xm_status(cmd: str) -> str | None:
    rec = lookup("xm", cmd)
    return None if rec is None else rec.get("status")


def _check_xl_name_exists(cmd: str, _opt: str | None) -> str | None:
    if lookup("xl", cmd) is None:
        return f"no xl {cmd}"
    if cmd in sec_names()["removed"] or _xm_status(cmd) == "removed":
        return f"xm {cmd} still listed as removed"
    return None


def _check_xl_replacement(cmd: str, _opt: str | None) -> str | None:
    rec = lookup("xm", cmd)
    target = ((rec or {}).get("replacements", {}).get("xl") or {}).get("command")
    if target is None or lookup("xl", target) is None:
        return f"xm {cmd} has no xl replacement command (got {target!r})"
    return None


def _check_dropped_later(cmd: str, _opt: str | None) -> str | None:
    xl = lookup("xl", cmd)
    if _xm_status(cmd) != "removed" or xl is None or "last_release" not in xl:
        return f"expected xm {cmd} removed and xl {cmd} with a last_release"
    return None


def _check_status(want: str) -> Any:
    def check(cmd: str, _opt: str | None) -> str | None:
        got = _xm_status(cmd)
        return None if got == want else f"xm {cmd} status is {got}, expected {want}"
    return check


def _check_opt_kept(cmd: str, opt: str | None) -> str | None:
    assert opt is not None
    xm_opt = option(lookup("xm", cmd), opt)
    if xm_opt is None or xm_opt.get("status") == "removed" or f"{cmd} {opt}" in sec_names()["changed_removed_options"]:
        return f"xm {cmd} {opt} missing or still removed"
    return None if option(lookup("xl", cmd), opt) else f"xl {cmd} lacks {opt}"


def _check_opt_not_new(cmd: str, opt: str | None) -> str | None:
    assert opt is not None
    xl_opt = option(lookup("xl", cmd), opt)
    xm_flags = {f for o in (lookup("xm", cmd) or {}).get("options", []) for f in o["flags"]}
    if xl_opt is None or not set(xl_opt["flags"]) & xm_flags:
        return f"xl {cmd} {opt} should share a flag with an xm {cmd} option"
    if f"{cmd} {opt}" in sec_names()["added"]:
        return f"xl {cmd} {opt} still listed as added"
    return None


STALE_CHECKS: dict[str, Any] = {
    **dict.fromkeys(("xm suspend", "xm resume", "xm usb-list", "xm vtpm-list"), _check_xl_name_exists),
    **dict.fromkeys(("xm usb-add", "xm usb-del", "xm usb-attach", "xm usb-detach", "xm usb-hc-create",
                     "xm usb-hc-destroy"), _check_xl_replacement),
    "xm sched-sedf": _check_dropped_later,
    **dict.fromkeys(("xm mem-max", "xm mem-set", "xm trigger", "xm cpupool-cpu-add", "xm cpupool-cpu-remove"),
                    _check_status("unchanged")),
    **dict.fromkeys(("xm uptime", "xm block-detach", "xm pci-attach", "xm pci-list", "xm destroy", "xm vncviewer",
                     "xm vcpu-set", "xm vcpu-list", "xm vcpu-pin", "xm getenforce", "xm setenforce", "xm domid",
                     "xm domname"),
                    _check_status("changed")),
    **dict.fromkeys(("xm create -n", "xm create -c", "xm create -q", "xm create -p", "xm info -n", "xm list -l",
                     "xm reboot -a", "xm reboot -w", "xm shutdown -a", "xm shutdown -w",
                     "xm cpupool-create -f", "xm cpupool-create -n"), _check_opt_kept),
    **dict.fromkeys(("xl create -V", "xl create -A", "xl list -v", "xl migrate -s", "xl save -c", "xl restore -p"),
                    _check_opt_not_new),
}


@pytest.mark.parametrize("key", sorted(seed()["stale"]))
def test_stale_row_disagrees_as_stated(key: str) -> None:
    check = STALE_CHECKS.get(key)
    assert check is not None, f"no check for stale key {key!r}"
    _tool, cmd, *rest = key.split(" ")
    why = check(cmd, rest[0] if rest else None)
    assert why is None, f"{key} ({seed()['stale'][key]}): {why}"
