"""`pip install .` (not editable) into a fresh venv gives a working xlref that ships its dataset."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest


@pytest.mark.slow
def test_wheel_installs_into_fresh_venv(tmp_path: Path, wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "xlref/data/commands.yaml" in names
    assert "xlref/data/commands.compiled" in names
    assert "xlref/data/schema/commands.schema.json" in names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # the test's own pip installs into it (--python): no ensurepip run
    bin_dir = env_dir / "bin"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "-q", str(wheel)],
                   check=True, capture_output=True)
    # Run from a directory with no checkout, so only the installed copy can answer.
    proc = subprocess.run([str(bin_dir / "xlref"), "lookup", "xm", "mem-set"], capture_output=True, text=True,
                          cwd=tmp_path, env={"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("xm mem-set: ")
    assert "virsh setmem" in proc.stdout
    # The shipped compiled form is used: no cache had to be written.
    assert not (tmp_path / ".cache" / "xlref").exists()
