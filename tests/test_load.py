"""The loader: compiled form keyed on the YAML's hash, never stale, never an unsafe YAML load."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from tests.support import MINI, ROOT
from xlref.data.load import DataError, compiled_bytes, content_key, load_catalog_path, load_path
from xlref.data.paths import dataset_path


def test_first_load_writes_cache_and_second_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    data = load_path(MINI)
    cached = tmp_path / "xlref" / f"{content_key(MINI.read_bytes())}.compiled"
    assert cached.is_file()
    # Prove the second load comes from the cache: doctor the cached copy and see it returned.
    doc = marshal.loads(cached.read_bytes())
    first = marshal.loads(doc["commands"][0])
    first["summary"] = "from the cache"
    doc["commands"][0] = marshal.dumps(first)
    cached.write_bytes(marshal.dumps(doc))
    again = load_path(MINI)
    assert again["commands"][0]["summary"] == "from the cache"
    assert data["commands"][0]["summary"] != "from the cache"


def test_stale_compiled_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    src = tmp_path / "commands.yaml"
    src.write_bytes(MINI.read_bytes())
    # A compiled file beside the YAML, but for other content (as after editing the YAML).
    (tmp_path / "commands.compiled").write_bytes(compiled_bytes({"commands": []}, "0-00000000"))
    assert len(load_path(src)["commands"]) == 13


def test_shipped_compiled_file_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    src = tmp_path / "commands.yaml"
    src.write_bytes(MINI.read_bytes())
    marker = {"tool": "xm", "name": "marker"}
    (tmp_path / "commands.compiled").write_bytes(compiled_bytes({"commands": [marker]}, content_key(src.read_bytes())))
    assert load_path(src)["commands"] == [marker]


def test_invalid_dataset_raises_with_locations(tmp_path: Path) -> None:
    src = tmp_path / "commands.yaml"
    src.write_text(MINI.read_text().replace("  status: changed\n  usage: migrate", "  status: moved\n  usage: migrate"))
    with pytest.raises(DataError) as exc:
        load_path(src, use_cache=False)
    assert exc.value.problems[0].startswith(f"{src}:70: commands[0] (xm migrate).status:")


def test_missing_dataset_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"missing\.yaml:1: cannot read dataset"):
        load_path(tmp_path / "missing.yaml")


def test_dataset_path_prefers_env_then_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLREF_DATA", "/x/y.yaml")
    assert dataset_path() == "/x/y.yaml"
    monkeypatch.delenv("XLREF_DATA")
    found = Path(dataset_path())
    assert found.name == "commands.yaml"
    assert found.is_file()


def test_real_dataset_is_valid() -> None:
    from xlref.data.validate import main

    assert main([str(ROOT / "data" / "commands.yaml")]) == 0


def test_cache_write_failure_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file, so mkdir fails
    assert len(load_path(MINI)["commands"]) == 13
    assert not (blocker / "xlref").exists()


def test_compiled_file_from_another_python_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    src = tmp_path / "commands.yaml"
    src.write_bytes(MINI.read_bytes())
    marker = {"tool": "xm", "name": "marker"}
    doc = marshal.loads(compiled_bytes({"commands": [marker]}, content_key(src.read_bytes())))
    doc["python"] = "2.7.18"
    (tmp_path / "commands.compiled").write_bytes(marshal.dumps(doc))
    assert len(load_path(src)["commands"]) == 13


def test_corrupt_compiled_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    src = tmp_path / "commands.yaml"
    src.write_bytes(MINI.read_bytes())
    (tmp_path / "commands.compiled").write_bytes(b"\xff\x00garbage")
    assert len(load_path(src)["commands"]) == 13


def test_catalog_decodes_records_lazily(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_path(MINI)  # write the cache
    catalog = load_catalog_path(MINI)
    assert [row[:2] for row in catalog.rows][:2] == [("xm", "migrate"), ("xl", "migrate")]
    assert catalog._records == {}
    assert catalog.record(1)["name"] == "migrate"
    assert list(catalog._records) == [1]
    assert catalog.dataset() == load_path(MINI, use_cache=False)


def test_atomic_write_keeps_mode_and_goes_through_symlinks(tmp_path: Path) -> None:
    from xlref.atomic import write_atomic

    real = tmp_path / "real.sh"
    real.write_bytes(b"old\n")
    real.chmod(0o750)
    link = tmp_path / "link.sh"
    link.symlink_to(real)
    write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"
    assert real.stat().st_mode & 0o777 == 0o750
    assert [p.name for p in tmp_path.iterdir() if "xlref-tmp" in p.name] == []
