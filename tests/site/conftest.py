from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from xlref.data.load import Dataset, load_path

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


@pytest.fixture(scope="session")
def mini_data() -> Dataset:
    return load_path(MINI, use_cache=False)


def build_site(dest: Path, data: Path | None = None) -> Path:
    """Generate the reference pages and run `mkdocs build --strict` on a copy of docs/; returns the site dir."""
    from xlref.site.build import main

    docs = dest / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("ref"))
    config = dest / "mkdocs.yml"
    shutil.copy(ROOT / "mkdocs.yml", config)
    assert main(["--out", str(docs / "ref"), *(["--data", str(data)] if data else [])]) == 0
    site = dest / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


@pytest.fixture(scope="session")
def site_builder() -> object:
    return build_site
