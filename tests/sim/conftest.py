"""Fixtures for the simulator's tests: the dataset extract, in-process calls of a fake, and the jail runner."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.oracles import require_libxlutil, unavailable
from tests.sim import ops, simdata
from tests.sim.runner import Simulator
from xlref.data.load import Dataset, load_dataset


@pytest.fixture(scope="session")
def data() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def simdata_path(tmp_path_factory: pytest.TempPathFactory, data: Dataset) -> Path:
    return simdata.write(data, tmp_path_factory.mktemp("simdata") / "simdata.json")


@dataclass
class Result:
    stdout: str
    stderr: str
    status: int
    ops: list[dict[str, Any]] = field(default_factory=list)

    def actions(self) -> list[dict[str, Any]]:
        return [o for o in self.ops if o["kind"] == ops.ACTION]


class Host:
    """One simulated host, driven call by call in this process (no jail: fast, for the fidelity tests)."""

    def __init__(self, workdir: Path, data_path: Path, release: str | None = None) -> None:
        self.workdir, self.data_path, self.release = workdir, data_path, release
        self.state = workdir / "state.json"
        self.log = workdir / "ops.jsonl"

    def __call__(self, tool: str, *argv: str, host: str | None = None) -> Result:
        from tests.sim.dispatch import run_tool

        env = {"XLREF_SIM_DATA": str(self.data_path), "XLREF_SIM_STATE": str(self.state),
               "XLREF_SIM_OPS": str(self.log), "XLREF_SIM_XEN": self.release or "", "XLREF_SIM_HOST": host or ""}
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        before = len(ops.read(str(self.log)))
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = run_tool(tool, list(argv))
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return Result(out.getvalue(), err.getvalue(), code & 0xFF, ops.read(str(self.log))[before:])


@pytest.fixture
def host(tmp_path: Path, simdata_path: Path) -> Host:
    return Host(tmp_path, simdata_path)


@pytest.fixture
def host_at(tmp_path: Path, simdata_path: Path) -> Any:
    def make(release: str) -> Host:
        (tmp_path / release).mkdir(exist_ok=True)
        return Host(tmp_path / release, simdata_path, release)

    return make


def require_jail() -> None:
    """The runner needs root and unshare (mount, pid and network namespaces, overlayfs)."""
    import subprocess

    how = "run the tests as root (with CAP_SYS_ADMIN) on Linux with util-linux and overlayfs"
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        unavailable("the simulator's jail (root and unshare)", how)
    probe = subprocess.run(["unshare", "--mount", "--net", "--pid", "--fork", "true"], capture_output=True,
                           check=False)
    if probe.returncode != 0:
        unavailable(f"namespaces for the simulator's jail ({probe.stderr.decode(errors='replace').strip()})", how)


@pytest.fixture(scope="session")
def sim(tmp_path_factory: pytest.TempPathFactory, data: Dataset) -> Iterator[Simulator]:
    require_jail()
    require_libxlutil()
    yield Simulator(tmp_path_factory.mktemp("sim"), data)
