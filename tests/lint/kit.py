"""Helpers shared by the lint tests: a stable fixture dataset and one-call lint/fix functions."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from xlref.data.load import Dataset, load_path
from xlref.findings import Finding
from xlref.lint.apply import fix_source
from xlref.lint.engine import Linter, Settings
from xlref.lint.verdict import Judge

HERE = Path(__file__).resolve().parent
DATA = HERE / "data.yaml"
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"


@cache
def dataset() -> Dataset:
    return load_path(DATA, use_cache=False)


@cache
def linter(target: str = "xl", release: str | None = None) -> Linter:
    return Linter(dataset(), Settings(target=target, release=release))


def _b(src: str | bytes) -> bytes:
    return src.encode() if isinstance(src, str) else src


def lint(src: str | bytes, target: str = "xl", release: str | None = None, path: str = "t.sh") -> list[Finding]:
    return linter(target, release).lint(path, _b(src))


def codes(src: str | bytes, target: str = "xl", release: str | None = None) -> list[str]:
    return [f.code for f in lint(src, target, release)]


def fix(src: str | bytes, target: str = "xl", unsafe: bool = False, release: str | None = None,
        judged: bool = False) -> bytes:
    """Fixed bytes; `judged`: with bash -n as the judge, as `xlref lint --fix` runs."""
    lin = linter(target, release)
    judge = Judge("t.sh") if judged else None
    return fix_source(_b(src), lambda b: lin.lint("t.sh", b), unsafe, judge).source


def fix_text(src: str, target: str = "xl", unsafe: bool = False, release: str | None = None) -> str:
    return fix(src, target, unsafe, release).decode()
