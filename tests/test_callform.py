"""How a replacement is typed (xlref.data.callform): one `<NAME>` spelling in every template of the real dataset,
`[options]` only where an option carries over, virsh's flag-or-positional words left out of other tools' calls,
and the dataset check that stops a template from breaking the spelling again."""

from __future__ import annotations

import re
from functools import cache

import pytest

from tests.support import MINI
from xlref.data.callform import is_placeholder_name, render_call, template_problems
from xlref.data.load import Dataset, load_dataset
from xlref.data.validate import validate_text

ANGLE = re.compile(r"<([^<>]*)>")


@cache
def real() -> Dataset:
    return load_dataset()


def _template(tool: str, name: str, target: str) -> str:
    rec = next(r for r in real()["commands"] if (r["tool"], r["name"]) == (tool, name))
    return render_call(target, rec["replacements"][target], rec)


def test_every_template_spells_values_as_upper_case_names() -> None:
    """The audit found <DOM.xml> next to <DOMAIN_XML>, and virsh's lower-case <cell>, <virttype>."""
    wrong = []
    for rec in real()["commands"]:
        for target, repl in rec.get("replacements", {}).items():
            call = render_call(target, repl, rec)
            bad = [n for n in ANGLE.findall(call) if not re.fullmatch(r"[A-Z][A-Z0-9_]*", n)]
            if bad or re.search(r"<VALUE\d+>", call) or "[options] [options]" in call:
                wrong.append(f"{rec['tool']} {rec['name']} -> {call}")
    assert wrong == []


@pytest.mark.parametrize(("tool", "name", "target", "expected"), [
    # xm's only getenforce option (-?) has no xl equivalent: no "[options]" to promise
    ("xm", "getenforce", "xl", "xl getenforce"),
    ("xm", "info", "virsh", "virsh nodeinfo"),
    # --live is kept: the options stay
    ("xm", "migrate", "xl", "xl migrate [options] <DOMAIN> <HOST>"),
    # xl's usage "[OPTIONS]" is the options, not a value called OPTIONS
    ("xl", "info", "virsh", "virsh nodeinfo"),
    # virsh's [[--mode] <string>] is an option that may go without its flag; xl reboot has no mode
    ("virsh", "reboot", "xl", "xl reboot <DOMAIN>"),
    ("virsh", "console", "xl", "xl console <DOMAIN>"),
    ("virsh", "nodememstats", "xl", "xl info"),
    # ... unless the replacement lays the words out itself (xl vcpu-pin needs both)
    ("virsh", "vcpupin", "xl", "xl vcpu-pin <DOMAIN> <VCPU> <CPULIST>"),
    ("xm", "create", "virsh", "virsh create [options] <DOMAIN_XML>"),
    ("xm", "pci-attach", "virsh", "virsh attach-device <DOMAIN> <HOSTDEV_XML>"),
    # `[-d DOMAIN [-w WEIGHT] [-c CAP]]`: values of options, not positionals (lint said "use `xl sched-credit
    # -d web -w 512 <DOMAIN> <WEIGHT> <CAP>`")
    ("xm", "sched-credit", "xl", "xl sched-credit [options]"),
])


def test_templates(tool: str, name: str, target: str, expected: str) -> None:
    assert _template(tool, name, target) == expected


def test_no_option_value_is_taken_for_a_positional() -> None:
    from xlref.data.callform import positional_names

    clash = []
    for rec in real()["commands"]:
        values = {o["arg"] for o in rec.get("options", []) if o.get("arg")}
        if not rec.get("arguments") and values & set(positional_names(rec)):
            clash.append(f"{rec['tool']} {rec['name']}: {rec.get('usage')}")
    assert clash == []


@pytest.mark.parametrize(("name", "ok"), [("DOMAIN", True), ("DOMAIN_XML", True), ("CPU2", True),
                                          ("DOM.xml", False), ("cell", False), ("", False), ("2ND", False)])
def test_placeholder_names(name: str, ok: bool) -> None:
    assert is_placeholder_name(name) is ok
    assert (template_problems(f"virsh x <{name}>") == []) is ok


def test_the_check_catches_a_dotted_placeholder() -> None:
    text = MINI.read_text(encoding="utf-8").replace("{placeholder: <CHECKPOINTFILE>}", "{placeholder: <DOM.xml>}", 1)
    _, problems = validate_text(text, "mini.yaml")
    assert any("<DOM.xml> is not a NAME" in p for p in problems), problems


def test_the_check_catches_a_lower_case_template() -> None:
    """A name only the rendered call shows (here a literal) is checked too."""
    text = MINI.read_text(encoding="utf-8").replace("{placeholder: <CHECKPOINTFILE>}", "{literal: <file>}", 1)
    _, problems = validate_text(text, "mini.yaml")
    assert any("<file> is not a NAME" in p for p in problems), problems
