"""`mkdocs build --strict` and `mkdocs serve` generate the reference pages through the hook in mkdocs.yml, from the
project's own data/commands.yaml (mini dataset here: fast, independent of the real data)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.site.conftest import MINI, ROOT, mkdocs_env, project_copy

MINI_SUMMARY = "Move a running domain to another host through xend's relocation service."  # tests/fixtures/mini.yaml


@pytest.mark.slow
def test_strict_build_with_mini_dataset(tmp_path: Path, site_builder: Callable[[Path, Path], Path]) -> None:
    site = site_builder(tmp_path, MINI)
    assert (site / "ref" / "xm" / "migrate" / "index.html").is_file()
    assert (site / "ref" / "xm" / "balloon" / "index.html").is_file()
    assert (site / "ref" / "compare" / "changed" / "index.html").is_file()
    # The mini dataset's 13 commands, not the ~500 of the installed copy: the hook read the project's file.
    api = json.loads((site / "ref" / "api" / "commands.json").read_text(encoding="utf-8"))
    assert len(api["commands"]) == 13
    assert json.loads((site / "ref" / "api" / "commands" / "xm" / "migrate.json").read_text())["name"] == "migrate"
    lookup = json.loads((site / "ref" / "api" / "lookup.json").read_text(encoding="utf-8"))
    assert lookup["tools"]["xm"]["aliases"] == {"balloon": "mem-set"}
    html = (site / "ref" / "xm" / "migrate" / "index.html").read_text(encoding="utf-8")
    assert "tabbed-set" in html and "xlref-status-changed" in html
    assert "fonts.googleapis.com" not in html  # works offline
    assert not (tmp_path / "docs" / "ref").exists()  # generated in memory, nothing written into docs/
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    boosts = {d["location"]: d.get("boost") for d in index["docs"]}
    assert boosts["ref/xm/mem-set/"] == 3


def fake_config(tmp_path: Path) -> SimpleNamespace:
    return SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))


def test_hook_prefers_the_checkout_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xlref.data.paths import dataset_path
    from xlref.site import mkdocs_hooks

    monkeypatch.delenv("XLREF_DATA", raising=False)
    config = fake_config(tmp_path)
    # No data/ beside mkdocs.yml: the installed copy.
    assert mkdocs_hooks.data_path(config) == Path(dataset_path())  # type: ignore[arg-type]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "commands.yaml").write_text("x", encoding="utf-8")
    assert mkdocs_hooks.data_path(config) == tmp_path / "data" / "commands.yaml"  # type: ignore[arg-type]
    monkeypatch.setenv("XLREF_DATA", str(MINI))
    assert mkdocs_hooks.data_path(config) == MINI  # type: ignore[arg-type]


def test_invalid_data_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("name: migrate", "name: Migrate!", 1), encoding="utf-8")
    project_copy(tmp_path / "p", bad)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=tmp_path / "p",
                          capture_output=True, text=True, env=mkdocs_env(), check=False)
    assert proc.returncode != 0
    assert re.search(r"xlref: the dataset is invalid:\n.*commands\.yaml:\d+: ", proc.stderr + proc.stdout)
    assert "Traceback" not in proc.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return str(resp.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.slow
def test_serve_rebuilds_when_the_data_changes(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "p", MINI)
    port = free_port()
    url = f"http://127.0.0.1:{port}/ref/xm/migrate/"
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=mkdocs_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: "relocation service" in fetch(url), 60), "mkdocs serve did not come up"
        data = project / "data" / "commands.yaml"
        text = data.read_text(encoding="utf-8")
        assert MINI_SUMMARY in text
        data.write_text(text.replace(MINI_SUMMARY, "Move a running domain to a host named in the edit test.", 1),
                        encoding="utf-8")
        assert wait_for(lambda: "named in the edit test" in fetch(url), 60), "the page did not pick up the edit"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_fresh_checkout_with_a_non_editable_install(tmp_path: Path, wheel: Path) -> None:
    """`pip install .` (not -e) then `mkdocs build --strict` in the checkout: the pages show the checkout's data
    even after it is edited, not the copy the wheel installed (the real dataset; the checkout holds the mini one,
    which keeps the build fast; CI's site step builds the real one the same way)."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    clone = tmp_path / "clone"
    for rel in files:
        if (ROOT / rel).is_file():
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, clone / rel)
    shutil.copy(MINI, clone / "data" / "commands.yaml")
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    data = clone / "data" / "commands.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(MINI_SUMMARY, "Edited after the install.", 1),
                    encoding="utf-8")
    env = mkdocs_env() | {"PYTHONPATH": str(target)}  # the installed copy of xlref comes first
    probe = subprocess.run([sys.executable, "-c", "import xlref; print(xlref.__file__)"], env=env,
                           capture_output=True, text=True, check=True)
    assert probe.stdout.startswith(str(target))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=clone, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (clone / "site" / "ref" / "xm" / "migrate" / "index.html").read_text(encoding="utf-8")
    assert "Edited after the install." in html
    # the checkout's 13 mini records, not the ~500 of the real dataset the wheel carries
    api = json.loads((clone / "site" / "ref" / "api" / "commands.json").read_text(encoding="utf-8"))
    assert len(api["commands"]) == 13
    assert (clone / "site" / "search" / "search_index.json").stat().st_size > 10_000
