"""File discovery: extensions, shebangs, init/cron directories, binaries, excluded and VCS directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlref.lint.discover import discover, looks_like_shell


@pytest.mark.parametrize(("name", "head", "expected"), [
    ("a.sh", b"xm list\n", True),
    ("a.bash", b"", True),
    ("a.ksh", b"", True),
    ("run.sh.in", b"", True),
    ("tool", b"#!/bin/sh\n", True),
    ("tool", b"#!/usr/bin/env bash\n", True),
    ("tool", b"#! /bin/dash -e\n", True),
    ("tool", b"#!/usr/bin/env -S ksh\n", True),
    ("tool", b"#!/bin/busybox sh\n", True),
    ("configure.in", b"#!/bin/sh\n", True),
    ("tool", b"#!/usr/bin/python3\n", False),
    ("tool", b"#!/usr/bin/perl\n", False),
    ("tool", b"#!/bin/zshx\n", False),
    ("README", b"xm list\n", False),
    ("a.py", b"import os\n", False),
    ("a.sh", b"\x7fELF\0\0", False),
])
def test_looks_like_shell(name: str, head: bytes, expected: bool) -> None:
    assert looks_like_shell(Path("/x") / name, head) is expected


def test_init_and_cron_dirs_without_shebang() -> None:
    assert looks_like_shell(Path("/etc/init.d/xendomains"), b"# no shebang\nxm list\n")
    assert looks_like_shell(Path("/etc/cron.daily/backup"), b"xm save a /b\n")


def test_walk(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "hook.sh").write_text("xm list\n")
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "x.sh").write_text("xm list\n")
    (tmp_path / "a.sh").write_text("xm list\n")
    (tmp_path / "tool").write_text("#!/bin/bash\nxm list\n")
    (tmp_path / "notes.md").write_text("xm list\n")
    (tmp_path / "blob.sh").write_bytes(b"\0\0\0")
    files, skipped = discover([tmp_path], exclude=["vendor"])
    assert sorted(p.name for p in files) == ["a.sh", "tool"]
    assert sorted((p.name, why) for p, why in skipped) == [("blob.sh", "not a shell script"),
                                                          ("notes.md", "not a shell script")]
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "missing"], [])
