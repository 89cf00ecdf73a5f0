"""The dataset's `outputs` section: complete (every command of every tool), sourced (every record cites a
release tag of the code it was read from), and held together by the cross-record checks."""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any

import pytest

from tests.lint.outkit import dataset
from xlref.data.outchecks import output_problems
from xlref.data.outputs import select
from xlref.data.releases import key as rkey

TAG = re.compile(r"^(RELEASE-(\d+\.\d+)\.\d+|v11\.3\.0)$")


def _messages(data: Any) -> list[str]:
    return [p.message for p in output_problems(data)]


def test_clean() -> None:
    assert _messages(dataset()) == []


@pytest.mark.parametrize("tool", ["xm", "xl", "virsh"])
def test_every_command_has_a_record(tool: str) -> None:
    data = dataset()
    names = {c["name"] for c in data["commands"] if c["tool"] == tool}
    covered = {r["command"] for r in data["outputs"]["formats"] if r["tool"] == tool}
    assert names == covered


def test_a_missing_record_is_reported() -> None:
    data = copy.deepcopy(dataset())
    data["outputs"]["formats"] = [r for r in data["outputs"]["formats"]
                                  if (r["tool"], r["command"]) != ("virsh", "domstate")]
    assert any("virsh domstate has no output record" in m for m in _messages(data))


def test_every_source_cites_a_tag() -> None:
    data = dataset()
    for rec in [*data["outputs"]["formats"], *data["outputs"]["errors"], *data["outputs"]["tools"]]:
        assert rec["sources"], rec
        for src in rec["sources"]:
            assert TAG.match(src["ref"]), src
            assert src["path"].startswith(("tools/", "src/")), src


def test_xl_records_cite_a_tag_inside_their_release_range() -> None:
    data = dataset()
    for rec in data["outputs"]["formats"]:
        if rec["tool"] != "xl":
            continue
        first, last = rec.get("first_release", "4.1"), rec.get("last_release", "4.22")
        tags = [m.group(2) for s in rec["sources"] if (m := TAG.match(s["ref"])) and m.group(2)]
        assert any(rkey(first) <= rkey(t) <= rkey(last) for t in tags), (rec["command"], rec["variant"], tags)


def test_commands_that_print_nothing_say_why() -> None:
    for rec in dataset()["outputs"]["formats"]:
        if rec["kind"] in ("none", "interactive"):
            assert len(rec["why"]) > 10


def test_counts() -> None:
    """The size of the section (reported to the lead; a floor so an accidental truncation fails)."""
    formats = dataset()["outputs"]["formats"]
    per_tool = Counter(r["tool"] for r in formats)
    readable = Counter(r["tool"] for r in formats if r["kind"] not in ("none", "interactive", "message"))
    ranged = sum(1 for r in formats for part in [r, *r.get("columns", []), *r.get("keys", []), *r.get("messages", [])]
                 if "first_release" in part or "last_release" in part)
    assert per_tool["xm"] >= 105 and per_tool["xl"] >= 112 and per_tool["virsh"] >= 285
    assert readable["xm"] >= 40 and readable["xl"] >= 45 and readable["virsh"] >= 120
    assert ranged >= 60


@pytest.mark.parametrize(("mutate", "needle"), [
    (lambda d: d["outputs"]["formats"].append(dict(_rec(d, "xl", "list"))), "overlaps"),
    (lambda d: _rec(d, "xm", "list").update(options=["--nope"]), "has no option --nope"),
    (lambda d: _rec(d, "virsh", "list").update(first_release="4.2"), "single release"),
    (lambda d: _rec(d, "xl", "uptime").update(errors=[{"id": "no-such-thing"}]), "no xl error 'no-such-thing'"),
    (lambda d: _rec(d, "xl", "list", "long").update(first_release="9.9"), "unknown xl release"),
])
def test_broken_records_are_reported(mutate: Any, needle: str) -> None:
    data = copy.deepcopy(dataset())
    mutate(data)
    assert any(needle in m for m in _messages(data)), _messages(data)[:5]


def _rec(data: Any, tool: str, command: str, variant: str = "default") -> dict[str, Any]:
    return next(r for r in data["outputs"]["formats"]
                if (r["tool"], r["command"], r["variant"]) == (tool, command, variant))


def test_behaviour_changes_must_agree_with_the_records() -> None:
    """xm uptime says xl prints something else; make xl's record a copy of xm's and the check objects."""
    data = copy.deepcopy(dataset())
    xl_uptime = _rec(data, "xl", "uptime")
    xm_uptime = _rec(data, "xm", "uptime")
    xl_uptime.update(columns=copy.deepcopy(xm_uptime["columns"]))
    messages = _messages(data)
    assert any("output records of xm uptime and xl uptime are identical" in m for m in messages), messages


@pytest.mark.parametrize(("release", "code"), [("4.1", 2), ("4.6", 2), ("4.7", 1), ("4.22", 1)])
def test_xl_unknown_domain_exit_status_by_release(release: str, code: int) -> None:
    fmt = select(dataset()["outputs"], "xl", "list", [], release)
    assert fmt is not None
    err = next(e for e in fmt.errors() if e["id"] == "no-such-domain")
    assert err["exit"] == code and "invalid domain identifier" in err["text"]


def test_unknown_domain_per_tool() -> None:
    out = dataset()["outputs"]
    for tool, text, code in (("xm", "Error: Domain '%s' does not exist.", 3),
                             ("virsh", "error: failed to get domain '%s'", 1)):
        fmt = select(out, tool, "domid" if tool == "xm" else "dominfo")
        assert fmt is not None
        err = next(e for e in fmt.errors() if e["id"] == "no-such-domain")
        assert (err["text"].strip(), err["exit"], err["stream"]) == (text, code, "stderr")


@pytest.mark.parametrize(("tool", "command", "flags", "variant", "kind"), [
    # setting values prints nothing in xm and xl (the table is printed only when nothing is set)
    ("xm", "sched-credit", ["-d", "-w"], "set", "none"),
    ("xm", "sched-credit", ["-d", "--cap"], "set", "none"),
    ("xm", "sched-credit", ["-d"], "default", "table"),
    ("xl", "sched-credit", ["-d", "-w", "-c"], "set", "none"),
    ("xl", "sched-credit", ["-d"], "domain", "table"),
    ("xl", "sched-credit", [], "default", "table"),
    ("virsh", "schedinfo", ["--weight"], "default", "key_value"),  # virsh prints the values after setting them
])
def test_the_variant_a_call_prints(tool: str, command: str, flags: list[str], variant: str, kind: str) -> None:
    fmt = select(dataset()["outputs"], tool, command, flags)
    assert fmt is not None and (fmt.variant, fmt.record["kind"]) == (variant, kind)
