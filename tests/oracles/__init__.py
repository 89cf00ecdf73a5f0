"""The real tools as test oracles: xl's own config parser (libxlutil through ctypes), libvirt 11.3.0's domain
schema, and libvirt's test driver (`virsh -c test:///default`).

Each is needed, not optional: under CI (the `CI` variable set) a missing oracle fails the test that asked for
it; elsewhere it skips with the command that installs it.  `.ci/run` installs all of them.
"""

from __future__ import annotations

import os

import pytest


def unavailable(what: str, how: str) -> None:
    """Fail under CI, skip elsewhere: a test that skips in CI proves nothing."""
    message = f"{what} is not available; {how}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_libxlutil() -> None:
    from tests.oracles import libxlutil

    if libxlutil.library() is None:
        unavailable(f"xl's parser ({libxlutil.LIBRARY})", libxlutil.INSTALL)


def require_schema() -> None:
    from tests.oracles.fetch_libvirt_schemas import fetch

    try:
        fetch()
    except (OSError, RuntimeError) as exc:
        unavailable("libvirt 11.3.0's domain.rng", f"run python -m tests.oracles.fetch_libvirt_schemas ({exc})")


def require_virsh() -> None:
    from tests.oracles import libvirt

    if libvirt.virsh() is None:
        unavailable("virsh (libvirt's test driver)", libvirt.INSTALL_VIRSH)
