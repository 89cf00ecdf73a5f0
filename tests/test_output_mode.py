"""Files xlref creates honour the umask like any other tool's (`export -o` once made 0600 files while
`config convert -o` made 0644 ones); a file that exists keeps its mode."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from xlref.__main__ import main
from xlref.atomic import write_atomic


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664), (0o027, 0o640)])
def test_new_file_gets_0666_minus_umask(tmp_path: Path, umask: None, mask: int, expected: int) -> None:
    os.umask(mask)
    target = tmp_path / "new.txt"
    write_atomic(target, b"x\n")
    assert _mode(target) == expected
    assert os.umask(mask) == mask  # reading the umask left it as it was


def test_existing_file_keeps_its_mode(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "old.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    os.umask(0o077)
    write_atomic(target, b"new\n")
    assert _mode(target) == 0o640 and target.read_text() == "new\n"


def test_export_output_honours_the_umask(mini: Path, tmp_path: Path, umask: None) -> None:
    os.umask(0o022)
    target = tmp_path / "dataset.json"
    assert main(["export", "-o", str(target)]) == 0
    assert _mode(target) == 0o644
