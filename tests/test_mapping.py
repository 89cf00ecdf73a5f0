"""Invariants of the xm → xl/virsh mapping, checked on the real dataset against the derived inventory."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_inventory import dataset, inventory, records
from xlref.data.releases import available


def xm_names() -> list[str]:
    """xm commands of the code inventory (docs-only records have no code to compare with)."""
    return sorted(n for n, r in records("xm").items() if "docs_only" not in r)


def test_every_xm_command_has_both_replacements_decided() -> None:
    for rec in records("xm").values():
        for target in ("xl", "virsh"):
            repl = rec["replacements"][target]
            assert repl["command"] is not None or repl.get("why"), f"xm {rec['name']} -> {target}: null without why"


def test_every_xl_command_has_a_virsh_answer() -> None:
    for rec in records("xl").values():
        repl = rec["replacements"]["virsh"]
        assert repl["command"] is not None or repl.get("why"), f"xl {rec['name']}: virsh null without why"


def test_every_xm_option_has_status_and_both_answers() -> None:
    missing = [
        f"{rec['name']} {opt['flags'][0]}: {what}"
        for rec in records("xm").values() for opt in rec.get("options", [])
        for what in ("status", "xl", "virsh")
        if (what == "status" and "status" not in opt) or (what != "status" and what not in opt.get("replacements", {}))
    ]
    assert not missing, missing


def test_replacements_exist_for_their_release() -> None:
    """A replacement must name a command the target tool has (xl: in the newest release, or since `since`)."""
    bad = []
    for rec in dataset()["commands"]:
        for target, repl in rec.get("replacements", {}).items():
            name = repl.get("command")
            if name is None:
                continue
            target_rec = records(target).get(name)
            if target_rec is None:
                bad.append(f"{rec['tool']} {rec['name']} -> {target} {name}: no such command")
            elif target == "xl" and not available(target_rec, repl.get("since")):
                bad.append(f"{rec['tool']} {rec['name']} -> xl {name}: not in xl {repl.get('since') or 'latest'}")
    assert not bad, bad


def _xl_latest() -> dict[str, Any]:
    rels = inventory("xl")["releases"]
    return rels[list(rels)[-1]]["commands"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", xm_names())
def test_xm_status_agrees_with_the_code(name: str) -> None:
    rec = records("xm")[name]
    xl = _xl_latest()
    xm_opts = set(inventory("xm")["releases"]["4.4"]["commands"][name]["options"])
    if name not in xl:
        assert rec["status"] == "removed", f"xl has no {name}, so xm {name} is removed"
        return
    assert rec["status"] != "removed", f"xl has {name}; status cannot be removed"
    same_options = xm_opts == set(xl[name]["options"])
    # a change that only occurs in a host state an assumption names (a stopped xend-managed domain: xl has no
    # such domains at all) is the toolstack's, recorded per command for the linter, not the command's own
    host_state = {ref for a in dataset().get("assumptions", []) for ref in a.get("neutralises", [])}
    differs = [b for b in rec.get("behaviour_changes", []) if "xl" in b.get("targets", ["xl"])
               and f"xm:{name}/{b['id']}" not in host_state]
    if rec["status"] == "unchanged":
        assert same_options, f"unchanged, but options differ: xm {sorted(xm_opts)} vs xl {sorted(xl[name]['options'])}"
        assert not differs, f"unchanged, but records xl behaviour changes {[b['id'] for b in differs]}"


@pytest.mark.parametrize("name", sorted(records("xl")) if (inventory("xl")) else [])
def test_xl_status_follows_xm(name: str) -> None:
    rec = records("xl")[name]
    xm = records("xm").get(name)
    if xm is None:
        assert rec["status"] == "new", f"xl {name} has no xm ancestor, so it is new"
    else:
        assert rec["status"] == xm["status"], f"xl {name} should carry xm's status {xm['status']}"


def test_name_traps_are_encoded() -> None:
    xm = records("xm")
    assert xm["pause"]["replacements"]["virsh"]["command"] == "suspend"
    assert xm["unpause"]["replacements"]["virsh"]["command"] == "resume"
    assert xm["suspend"]["replacements"]["xl"]["command"] != "suspend"
    assert xm["resume"]["replacements"]["xl"]["command"] != "resume"
    assert xm["suspend"]["replacements"]["xl"]["fix"] == "none"
    setmem = xm["mem-set"]["replacements"]["virsh"]
    assert setmem["command"] == "setmem"
    unit_items = [a for a in setmem.get("args", []) if "unit" in a]
    assert unit_items and unit_items[0]["unit"]["from"] == "MiB", "a bare size must get a unit for virsh setmem"
    for name, target in (("new", "define"), ("start", "start"), ("delete", "undefine")):
        assert xm[name]["replacements"]["virsh"]["command"] == target
        assert xm[name]["replacements"]["xl"]["command"] is None
