from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import MINI, ROOT


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never read or write the developer's real ~/.cache from tests.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    for var in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def mini(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point xlref at the small fixed dataset, so goldens do not move when the real data grows."""
    from xlref.data.load import load_catalog, load_dataset

    monkeypatch.setenv("XLREF_DATA", str(MINI))
    load_catalog.cache_clear()
    load_dataset.cache_clear()
    yield MINI
    load_catalog.cache_clear()
    load_dataset.cache_clear()



@pytest.fixture(scope="session")
def xlu() -> object:
    """xl's own parser (libxlutil through ctypes)."""
    from tests.oracles import libxlutil, require_libxlutil

    require_libxlutil()
    return libxlutil


@pytest.fixture(scope="session")
def libvirt_oracle() -> object:
    """libvirt 11.3.0's domain.rng plus the test driver."""
    from tests.oracles import libvirt, require_schema, require_virsh

    require_schema()
    require_virsh()
    return libvirt


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m build --wheel` of this checkout, built once per session: the install test and the site's
    fresh-checkout test both install it (a wheel build is the slowest step of either)."""
    import subprocess
    import sys

    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    return next(dist.glob("xlref-*.whl"))
