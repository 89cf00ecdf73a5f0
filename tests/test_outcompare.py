"""Output formats as data: picking the record of `TOOL CMD flags` at a release, printing it exactly as the
tool does, and comparing two formats part by part."""

from __future__ import annotations

from typing import Any

import pytest

from tests.lint.outkit import dataset
from xlref.data.outcompare import compare
from xlref.data.outhints import where
from xlref.data.outputs import Format, render, select

ROWS = [{"Name": "Domain-0", "ID": 0, "Mem": 1024, "VCPUs": 2, "State": "r-----", "Time(s)": 123.4},
        {"Name": "web01", "ID": 3, "Mem": 512, "VCPUs": 1, "State": "-b----", "Time(s)": 5.0}]


def fmt(tool: str, command: str, flags: tuple[str, ...] = (), release: str | None = None) -> Format:
    found = select(dataset()["outputs"], tool, command, flags, release)
    assert found is not None, (tool, command, flags, release)
    return found


@pytest.mark.parametrize(("tool", "command", "flags", "release", "variant", "kind"), [
    ("xm", "list", (), None, "default", "table"),
    ("xm", "list", ("-l",), None, "long", "sxp"),
    ("xm", "list", ("--long",), None, "long", "sxp"),
    ("xm", "list", ("-lv",), None, "long", "sxp"),  # bundled short flags: the first listed variant wins
    ("xl", "list", ("-l",), "4.1", "long-sxp", "sxp"),
    ("xl", "list", ("-l",), "4.2", "long", "json"),
    ("xl", "list", ("-l",), None, "long", "json"),
    ("virsh", "list", ("--all", "--name"), None, "names", "lines"),
    ("virsh", "list", ("--all",), None, "default", "table"),
    ("xl", "sched-credit", ("-d",), None, "domain", "table"),
    ("xl", "list-vm", (), "4.1", "default", "table"),
    ("xm", "uptime", ("-s",), None, "short", "lines"),
])
def test_select(tool: str, command: str, flags: tuple[str, ...], release: str | None, variant: str,
                kind: str) -> None:
    got = fmt(tool, command, flags, release)
    assert (got.variant, got.kind) == (variant, kind)


def test_commands_missing_at_a_release_have_no_format() -> None:
    assert select(dataset()["outputs"], "xl", "list-vm", (), "4.2") is None
    assert select(dataset()["outputs"], "xl", "vm-list", (), "4.1") is None


@pytest.mark.parametrize(("release", "names"), [
    ("4.1", ["UUID", "Reason-Code"]), ("4.2", ["UUID", "Reason-Code", "Security Label"]),
])
def test_columns_follow_flags_and_releases(release: str, names: list[str]) -> None:
    cols = [c["name"] for c in fmt("xl", "list", ("-v",), release).columns]
    assert cols[6:] == names and cols[:6] == ["Name", "ID", "Mem", "VCPUs", "State", "Time(s)"]
    assert [c["name"] for c in fmt("xl", "list", ("-Z",), "4.1").columns][-1] == "Time(s)"


@pytest.mark.parametrize(("release", "value"), [("4.10", "int"), ("4.11", "mhz-decimal"), (None, "mhz-decimal")])
def test_keys_follow_releases(release: str | None, value: str) -> None:
    key = fmt("xl", "info", (), release).key("cpu_mhz")
    assert key is not None and key["value"] == value
    assert (fmt("xl", "info", (), "4.3").key("xen_version") is None) and fmt("xl", "info", (), "4.4").key("xen_version")


def test_render_xm_list_is_xm_list() -> None:
    assert render(fmt("xm", "list"), ROWS) == (
        "Name                                        ID   Mem VCPUs      State   Time(s)\n"
        "Domain-0                                     0  1024     2     r-----    123.4\n"
        "web01                                        3   512     1     -b----      5.0\n")


def test_render_xl_list_has_tabs_in_its_header_and_one_more_space_before_the_time() -> None:
    text = render(fmt("xl", "list"), ROWS)
    assert text.splitlines()[0] == "Name                                        ID   Mem VCPUs\tState\tTime(s)"
    assert text.splitlines()[1] == "Domain-0                                     0  1024     2     r-----     123.4"


def test_render_virsh_table() -> None:
    rows = [{"Id": "0", "Name": "Domain-0", "State": "running"}, {"Id": "-", "Name": "web01", "State": "shut off"}]
    assert render(fmt("virsh", "list", ("--all",)), rows) == (
        " Id   Name       State\n"
        "---------------------------\n"
        " 0    Domain-0   running\n"
        " -    web01      shut off\n")
    assert fmt("virsh", "list").trailer == "\n" and fmt("virsh", "list", ("-q",)).trailer == ""


def test_render_key_value_and_multi_conversion_values() -> None:
    values: dict[str, Any] = {"host": "xen1", "cpu_mhz": (2400, 12), "free_memory": 9123}
    assert render(fmt("xl", "info"), values=values) == (
        "host                   : xen1\ncpu_mhz                : 2400.012\nfree_memory            : 9123\n")
    assert render(fmt("xm", "info"), values={"free_memory": 9123}) == "free_memory            : 9123\n"


def test_compare_xm_and_xl_list() -> None:
    cmp = compare(fmt("xm", "list"), fmt("xl", "list"))
    assert [m.same for m in cmp.columns] == [True, True, True, True, False, True]
    state = cmp.column(5)
    assert state.letters_same({0, 1, 2, 3, 5}) and not state.letters_same({4})
    assert cmp.same_header_words and not cmp.same_header_text and cmp.same_header_count
    assert not cmp.identical and not cmp.same_cells
    assert "the header line is spaced differently" in cmp.differences()


def test_compare_xm_list_and_virsh_list_by_position_and_meaning() -> None:
    cmp = compare(fmt("xm", "list"), fmt("virsh", "list", ("--all",)))
    assert not cmp.same_header_count
    assert cmp.position_in_b("domain-name") == 2 and cmp.position_in_b("domain-id") == 1
    assert "Name is field 2 there" in cmp.column_text(1)


def test_compare_keys() -> None:
    cmp = compare(fmt("xm", "info"), fmt("xl", "info"))
    assert cmp.keys["free_memory"].same and cmp.keys["total_memory"].same
    assert cmp.keys["system"].b is None and cmp.keys["xen_version"].a is None
    assert not cmp.keys["cpu_mhz"].same  # '%d' in xm, '%d.%03d' in xl 4.11+
    assert compare(fmt("xm", "info"), fmt("xl", "info", (), "4.10")).keys["cpu_mhz"].same
    assert cmp.same_line_format and not cmp.same_keys


@pytest.mark.parametrize(("a", "b", "identical"), [
    (("xm", "domid"), ("xl", "domid"), True),  # '%s' and '%u' print the same digits
    (("xm", "domname"), ("virsh", "domname"), True),
    (("xm", "domid"), ("virsh", "domid"), False),  # virsh prints '-' for a domain that is not running
    (("xm", "pause"), ("xl", "pause"), True),  # both print nothing
    (("xm", "create"), ("xl", "create"), False),  # 'Started domain ...' on stdout vs nothing
    (("xm", "dmesg"), ("xl", "dmesg"), True),  # the same console ring
    (("xm", "uptime"), ("xl", "uptime"), False),
])
def test_identical(a: tuple[str, str], b: tuple[str, str], identical: bool) -> None:
    cmp = compare(fmt(*a), fmt(*b))
    assert cmp.identical is identical
    assert (cmp.differences() == []) is identical


def test_document_kinds_differ() -> None:
    cmp = compare(fmt("xm", "list", ("-l",)), fmt("xl", "list", ("-l",)))
    assert not cmp.same_kind and cmp.differences() == ["xm list (long) prints sxp, xl list (long) prints json"]


@pytest.mark.parametrize(("tool", "meaning", "prefer", "hint"), [
    ("virsh", "domain-state", None, "`virsh domstate` (prints only that value)"),
    ("xl", "domain-state", "list", "field 5 (State) of `xl list`"),
    ("virsh", "domain-name", "list", "`virsh list --name` (one per line)"),
    ("xl", "host-memory-free", "info", "the 'free_memory' line of `xl info`"),
    ("xl", "backend-path", "network-list", "field 8 (BE-path) of `xl network-list`"),
    ("xl", "no-such-meaning", None, None),
])
def test_where(tool: str, meaning: str, prefer: str | None, hint: str | None) -> None:
    assert where(dataset()["outputs"], tool, meaning, None, prefer) == hint


def test_quiet_virsh_prints_no_confirmation() -> None:
    """`virsh -q suspend` prints nothing, like `xm pause`: a rewrite that adds -q keeps stdout empty."""
    assert not compare(fmt("xm", "pause"), fmt("virsh", "suspend")).identical
    assert compare(fmt("xm", "pause"), fmt("virsh", "suspend", ("-q",))).identical
