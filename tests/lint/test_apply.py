"""Applying fixes: byte preservation, overlaps, broken files, abandonment, atomic writes."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.lint.kit import codes, fix, lint
from xlref.atomic import write_atomic
from xlref.findings import Applicability, Edit, Finding, Fix, Severity
from xlref.lint.apply import apply_once, fix_source


def _finding(start: int, end: int, text: bytes, app: Applicability = Applicability.SAFE) -> Finding:
    return Finding("t.sh", "XL101", Severity.WARNING, "m", 1, 1, 1, 1, start, end,
                   Fix(app, (Edit(start, end, text),)))


def test_crlf_trailing_whitespace_and_non_utf8_are_kept() -> None:
    src = b"#!/bin/sh\r\n# caf\xe9 \xff\r\nxm list   \r\necho '\xfe'\t\r\nxm pause a\r\n"
    assert fix(src) == src.replace(b"xm list", b"xl list").replace(b"xm pause", b"xl pause")


def test_no_trailing_newline() -> None:
    assert fix(b"xm list") == b"xl list"


def test_overlapping_fixes_are_not_both_applied() -> None:
    src = b"abcdef"
    out, n = apply_once(src, [_finding(0, 3, b"X"), _finding(2, 5, b"Y"), _finding(5, 6, b"Z")], unsafe=False)
    assert (out, n) == (b"XdeZ", 2)


def test_unsafe_needs_opt_in() -> None:
    f = _finding(0, 1, b"Q", Applicability.UNSAFE)
    assert apply_once(b"ab", [f], unsafe=False) == (b"ab", 0)
    assert apply_once(b"ab", [f], unsafe=True) == (b"Qb", 1)


def test_identical_edits_shared_by_fixes_apply_once() -> None:
    src = b"XM=/usr/sbin/xm\n$XM list\n$XM pause a\n"
    out = fix(src)
    assert out == b"XM=/usr/sbin/xl\n$XM list\n$XM pause a\n"


def test_fix_that_breaks_parsing_is_abandoned() -> None:
    src = b"xm list\n"
    bad = Finding("t.sh", "XL101", Severity.WARNING, "m", 1, 1, 1, 1, 0, 2,
                  Fix(Applicability.SAFE, (Edit(0, 2, b"if"),)))
    res = fix_source(src, lambda b: [bad] if b == src else [], unsafe=False)
    assert res.abandoned and res.source == src and res.applied == 0


def test_broken_region_is_not_fixed_but_the_rest_is() -> None:
    src = b"xm pause a\nif xm list; then\n  echo x\n"  # missing fi
    out = fix(src)
    assert out == b"xl pause a\nif xm list; then\n  echo x\n"
    assert "XL904" in codes(src)
    assert fix(b"xm pause a\nxm list )\nxm info\n") == b"xl pause a\nxm list )\nxl info\n"
    whole = b"xm pause a\nif xm list; then\n  echo 'x\n"  # the error swallows the file: no fix at all
    assert fix(whole) == whole


def test_fix_converges_and_second_run_is_noop() -> None:
    src = b"xm cr -c a.cfg && xm balloon a 128\n"
    once = fix(src)
    assert once == b"xl create -c a.cfg && xl mem-set a 128\n"
    assert fix(once) == once
    assert [f.code for f in lint(once)] == []


def test_write_atomic_keeps_mode(tmp_path: Path) -> None:
    p = tmp_path / "s.sh"
    p.write_bytes(b"xm list\n")
    p.chmod(0o750)
    write_atomic(p, b"xl list\n")
    assert p.read_bytes() == b"xl list\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o750
    assert [x.name for x in tmp_path.iterdir()] == ["s.sh"]


def test_fixes_sharing_an_edit_apply_together_or_not_at_all() -> None:
    shared = Edit(0, 1, b"S")
    a = Finding("t.sh", "XL101", Severity.WARNING, "m", 1, 1, 1, 1, 0, 1,
                Fix(Applicability.SAFE, (shared, Edit(2, 3, b"A"))))
    b = Finding("t.sh", "XL101", Severity.WARNING, "m", 1, 1, 1, 1, 4, 5,
                Fix(Applicability.SAFE, (shared, Edit(4, 6, b"B"))))
    blocker = Finding("t.sh", "XL001", Severity.WARNING, "m", 1, 1, 1, 1, 0, 0,
                      Fix(Applicability.SAFE, (Edit(3, 5, b"X"),)))  # sorts first, overlaps b's own edit
    out, n = apply_once(b"0123456", [blocker, a, b], unsafe=False)
    assert (out, n) == (b"012X56", 1)  # neither a nor b: the shared edit would strand b
    out, n = apply_once(b"0123456", [a, b], unsafe=False)
    assert (out, n) == (b"S1A3B6", 2)


def test_nested_call_inside_variable_call_converges() -> None:
    src = b"XM=/usr/sbin/xm\n$XM pause \"$(xm domid a)\"\n"
    once = fix(src, "virsh")
    assert once == b"XM=/usr/bin/virsh\n$XM suspend \"$(virsh domid a)\"\n"
