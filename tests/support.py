"""Helpers shared by the test modules (import as `from tests.support import ...`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
SHARED = ROOT.parent / "shared"
UPDATE_GOLDEN = bool(os.environ.get("XLREF_UPDATE_GOLDEN"))


def check_golden(path: Path, actual: str) -> None:
    """Compare with a golden file; XLREF_UPDATE_GOLDEN=1 rewrites it (review the diff before committing)."""
    if UPDATE_GOLDEN or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not UPDATE_GOLDEN:
            pytest.fail(f"golden file {path.name} was missing and has been written; check it and re-run")
    assert actual == path.read_text(encoding="utf-8")
