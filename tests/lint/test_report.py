"""Output formats as pure functions over findings and bytes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.lint.kit import fix, lint
from xlref.report import render
from xlref.report.diff import unified_bytes


def test_tty_caret_keeps_tabs_and_counts_characters() -> None:
    src = b"\tcaf\xc3\xa9=1; xm pause a\n"
    findings = lint(src)
    out = render(findings, "tty", {"t.sh": src})
    lines = out.splitlines()
    assert lines[0].startswith("t.sh:1:10: XL101 [warning]")
    assert lines[2] == "      | \t" + " " * 8 + "^" * 10
    assert lines[-1] == "Found 1 finding (1 fixable with --fix)."


def test_empty_outputs() -> None:
    assert render([], "tty", {}) == ""
    assert render([], "gcc", {}) == ""
    assert json.loads(render([], "json", {}))["findings"] == []
    assert json.loads(render([], "sarif", {}))["runs"][0]["results"] == []
    assert "<checkstyle" in render([], "checkstyle", {})
    assert render([], "diff", {}, fixed={}) == ""
    with pytest.raises(ValueError):
        render([], "yaml", {})


def test_checkstyle_escapes() -> None:
    src = b'xm list "<&>"\n'
    out = render(lint(src), "checkstyle", {"a&b.sh": src})
    assert "&lt;&amp;&gt;" in out or "&amp;" in out


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
@pytest.mark.parametrize("src", [
    b"xm list",  # no newline at the end
    b"echo \xff\r\nxm list\r\n",  # CRLF and a non-UTF-8 byte
    b"a\n" * 10 + b"xm pause a\n" + b"b\n" * 10 + b"xm info\n",  # two hunks
])
def test_diff_applies_byte_exact(tmp_path: Path, src: bytes) -> None:
    (tmp_path / "s.sh").write_bytes(src)
    fixed = fix(src)
    patch = unified_bytes({"s.sh": src}, {"s.sh": fixed})
    (tmp_path / "p.diff").write_bytes(patch)
    subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True)
    assert (tmp_path / "s.sh").read_bytes() == fixed
    assert render([], "diff", {"s.sh": src}, fixed={"s.sh": fixed}).encode("utf-8", "surrogateescape") == patch
