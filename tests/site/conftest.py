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
HOOK = Path("src") / "xlref" / "site" / "mkdocs_hooks.py"


@pytest.fixture(scope="session")
def mini_data() -> Dataset:
    return load_path(MINI, use_cache=False)


def project_copy(dest: Path, data: Path | None = None) -> Path:
    """What a checkout needs for `mkdocs build`: mkdocs.yml, docs/, the hook file and data/commands.yaml."""
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("ref"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / HOOK).parent.mkdir(parents=True)
    shutil.copy(ROOT / HOOK, dest / HOOK)
    (dest / "data").mkdir()
    shutil.copy(data or ROOT / "data" / "commands.yaml", dest / "data" / "commands.yaml")
    return dest


def mkdocs_env() -> dict[str, str]:
    """The environment for a mkdocs subprocess: Material's documented switch for its notice, no XLREF_DATA (the hook
    must find the project's own data file)."""
    env = {k: v for k, v in os.environ.items() if k != "XLREF_DATA"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def build_site(dest: Path, data: Path | None = None) -> Path:
    """`mkdocs build --strict` in a copy of the project (the hook generates the reference pages); the site dir."""
    project_copy(dest, data)
    site = dest / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        capture_output=True, text=True, env=mkdocs_env(), cwd=dest, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


@pytest.fixture(scope="session")
def site_builder() -> object:
    return build_site


SRC = {"repo": "xen-project/xen", "ref": "RELEASE-4.22.0", "path": "tools/xl/xl_cmdtable.c"}


@pytest.fixture(scope="session")
def site_data(mini_data: Dataset) -> Dataset:
    """The mini dataset plus the site's own sections (examples, seed notes, a feature, a link, xen2libvirt)."""
    import copy

    data = copy.deepcopy(mini_data)
    data["examples"] = {
        "migrate": [{"call": "xm migrate --live web01 host2", "note": "Live."},
                    {"call": "xm migrate web01 host2 -p 8002", "note": "Port."}],
        "mem-set": [{"call": "xm mem-set web01 1024"}, {"call": "xm balloon web01 512", "note": "Alias."}],
    }
    data["seed"] = {"title": "T", "describes": "D", "notes": [
        {"row": "xm mem-set", "seed_status": "changed", "note": "xm already took suffixes.", "sources": [SRC]},
        {"row": "xm migrate -l", "seed_status": "removed", "note": "xl keeps -l.", "sources": [SRC]},
    ]}
    cell = {"support": "yes", "note": "N.", "sources": [SRC]}
    data["features"] = [{"id": "pvusb", "feature": "USB passthrough", "area": "Devices", "summary": "S.",
                         "xm": cell, "xl": {**cell, "since": "4.7"}, "libvirt": {**cell, "support": "partial"},
                         "see_also": ["xm:migrate"]}]
    data["links"] = [{"title": "xl(1)", "url": "https://example.invalid/xl.1.html", "about": "A.", "group": "xen"}]
    data["topics"] = [{"id": "migration", "title": "Live migration", "words": ["live migration", "relocation"],
                       "summary": "S.", "details": ["D."], "commands": ["xm:migrate", "xl:migrate"],
                       "sources": [SRC]},
                      {"id": "memory", "title": "Memory", "words": ["balloon"], "summary": "M.",
                       "commands": ["virsh:setmem", "xm:mem-set"], "sources": [SRC]}]
    data["xen2libvirt"] = {"summary": "S.", "behaviour": ["B."], "sources": [SRC],
                           "options": [{"flags": ["-c", "--convert-only"], "summary": "C.",
                                        "xlref": "xlref config convert PATH --to libvirt"}]}
    return data
