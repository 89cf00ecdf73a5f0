"""Facts several records restate are checked against the verified statement (xlref.data.claims), and a
retired name and its successor agree (former_names).  Each wording below was in the dataset once."""

from __future__ import annotations

from typing import Any

import pytest

from xlref.data.checks import semantic_problems
from xlref.data.claims import claim_problems


def _cmd(tool: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"tool": tool, "name": name, "summary": "s", "category": "info", **fields}


WRONG = [
    pytest.param(_cmd("virsh", "list", behaviour_changes=[{
        "id": "list-output", "kind": "output_format", "targets": ["xl"],
        "summary": "xl list includes Domain-0; virsh prints Id/Name/State and hides the host."}]),
        "virsh-list-shows-dom0", id="virsh-hides-the-host"),
    pytest.param(_cmd("xl", "vm-list", replacements={"virsh": {"command": "list", "fix": "unsafe",
                                                               "note": "virsh list shows no dom0."}}),
                 "virsh-list-shows-dom0", id="replacement-note"),
    pytest.param(_cmd("xm", "labels", replacements={"xl": {"command": None, "fix": "none", "why": (
        "The ACM security module and its labels were removed from Xen (4.3 tree cleanup); XSM/FLASK replaces it.")}}),
        "acm-removed-in-2011", id="acm-4.3"),
    pytest.param(_cmd("xm", "log", replacements={"xl": {"command": None, "fix": "none", "why": "x"}},
                      behaviour_changes=[{"id": "no-daemon-log", "kind": "removed_feature", "targets": ["xl", "virsh"],
                                          "summary": "No single toolstack log exists any more."}]),
                 "libvirt-libxl-driver-log", id="no-log-for-virsh"),
    pytest.param(_cmd("xm", "new", options=[{"flags": ["-F"], "summary": "s", "replacements": {"virsh": {
        "action": "none", "fix": "none", "why": "Convert the SXP with 'virsh domxml-from-native xen-sxpr FILE'."}}}]),
        "libvirt-refuses-sxpr", id="sxpr-conversion"),
]


@pytest.mark.parametrize(("record", "claim"), WRONG)
def test_contradicting_wording_is_caught(record: dict[str, Any], claim: str) -> None:
    found = [message for _, message in claim_problems({"commands": [record]})]
    assert len(found) == 1 and f"claim {claim}:" in found[0]


RIGHT = [
    _cmd("virsh", "list", notes=["Both include Domain-0 (libvirt's libxl driver adds it as domain 0)."]),
    _cmd("xm", "shutdown", options=[{"flags": ["-a"], "summary": "Act on every domain except dom0.", "replacements": {
        "virsh": {"action": "none", "fix": "none", "why": "Loop over 'virsh list --name', skipping Domain-0."}}}],
         replacements={"virsh": {"command": "shutdown", "fix": "safe"}}),
    _cmd("xm", "labels", replacements={"xl": {"command": None, "fix": "none", "why": (
        "The hypervisor's ACM module was removed in 2011 (last in Xen 4.1), so xend's tools, shipped up to 4.4, "
        "have nothing to talk to.")}}),
    _cmd("xm", "log", behaviour_changes=[{"id": "no-daemon-log", "kind": "removed_feature", "targets": ["xl"],
                                          "summary": "xl has no toolstack log: only per-domain logs."}]),
]


@pytest.mark.parametrize("record", RIGHT, ids=[r["name"] for r in RIGHT])
def test_right_wording_passes(record: dict[str, Any]) -> None:
    assert list(claim_problems({"commands": [record]})) == []


def _renamed(**old: Any) -> dict[str, Any]:
    retired = _cmd("xl", "list-vm", first_release="4.1", last_release="4.1",
                   replacements={"virsh": {"command": "list", "fix": "unsafe"}}, **old)
    current = _cmd("xl", "vm-list", first_release="4.2", former_names=["list-vm"],
                   replacements={"virsh": {"command": "list", "fix": "unsafe"}})
    return {"releases": {"xl": ["4.1", "4.2"], "virsh": ["11.3"]}, "categories": {"info": "Info"},
            "commands": [retired, current, _cmd("virsh", "list"), _cmd("virsh", "dominfo")]}


@pytest.mark.parametrize(("change", "message"), [
    ({}, None),
    ({"last_release": "4.2"}, "list-vm lasts until 4.2, after vm-list begins"),
    ({"replacements": {"virsh": {"command": "dominfo", "fix": "none"}}},
     "virsh replaces list-vm by dominfo but vm-list by list"),
])
def test_former_names_agree_with_the_retired_record(change: dict[str, Any], message: str | None) -> None:
    data = _renamed()
    data["commands"][0].update(change)
    found = [p.message for p in semantic_problems(data) if "former_names" in p.path]
    assert found == ([message] if message else [])
