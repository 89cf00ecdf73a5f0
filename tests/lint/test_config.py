"""Config files: .xlref.toml and [tool.xlref] / [tool.xlref.lint] in pyproject.toml, found upward."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlref.lint.config import ConfigError, find_config


def test_nearest_wins_and_walks_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.xlref]\ntarget = "virsh"\nother = 1\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    cfg = find_config(deep)
    assert cfg.target == "virsh" and cfg.path == tmp_path / "pyproject.toml"
    (tmp_path / "a" / ".xlref.toml").write_text('[lint]\nignore = "XL4"\nxen = 4.11\n')
    cfg = find_config(deep / "x.sh")
    assert cfg.ignore == ["XL4"] and cfg.xen == "4.11" and cfg.target is None


def test_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.black]\nline-length = 100\n')
    assert find_config(tmp_path).path is None


def test_other_commands_tables_are_ignored(tmp_path: Path) -> None:
    (tmp_path / ".xlref.toml").write_text('select = ["XL1"]\n[config]\nstrict = true\n')
    assert find_config(tmp_path).select == ["XL1"]


@pytest.mark.parametrize("text", [
    'target = "xend"\n', "select = 3\n", "bogus = 1\n", "[lint]\nbogus = 1\n", "not toml [\n",
    "per-file-ignores = 1\n",
])
def test_bad_config(tmp_path: Path, text: str) -> None:
    (tmp_path / ".xlref.toml").write_text(text)
    with pytest.raises(ConfigError):
        find_config(tmp_path)
