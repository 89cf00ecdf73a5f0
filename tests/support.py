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


def lint_fix(folder: Path, calls: list[str], target: str, unsafe: bool, xen: str | None = None) -> list[str]:
    """`xlref lint --fix [--unsafe-fixes] --target T [--xen X]` over one script per call (one run for all of them);
    each script's line afterwards.  The caller points XLREF_DATA at the dataset it wants."""
    import io

    from xlref.lint.run import Options, run

    folder = folder / f"{target}-{'unsafe' if unsafe else 'safe'}-{xen or 'newest'}"
    folder.mkdir(parents=True)
    paths = []
    for i, call in enumerate(calls):
        path = folder / f"call{i:03}.sh"
        path.write_text(call + "\n", encoding="utf-8")
        paths.append(path)
    out, err = io.BytesIO(), io.StringIO()
    code = run(Options(paths=[str(p) for p in paths], fix=True, unsafe_fixes=unsafe, target=target, xen=xen,
                       fmt="json", exit_zero=True, use_config=False), stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    return [p.read_text(encoding="utf-8").rstrip("\n") for p in paths]
