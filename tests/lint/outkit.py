"""The shipped dataset (data/commands.yaml) for the output-format tests: the formats live there, not in the
small fixture dataset the other lint tests use."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from xlref.data.load import Dataset, load_path
from xlref.findings import Finding
from xlref.lint.apply import fix_source
from xlref.lint.engine import Linter, Settings

DATA = Path(__file__).resolve().parents[2] / "data" / "commands.yaml"


@cache
def dataset() -> Dataset:
    return load_path(DATA, use_cache=False)


@cache
def linter(target: str, release: str | None = None) -> Linter:
    return Linter(dataset(), Settings(target=target, release=release))


def lint(src: str, target: str, release: str | None = None) -> list[Finding]:
    return linter(target, release).lint("t.sh", src.encode())


def outcome(findings: list[Finding]) -> str:
    """What the output records decided: ok (nothing the script reads changes), shown, differs, unknown."""
    found = [f.data["outcome"] for f in findings if f.code == "XL301" and "outcome" in f.data]
    return found[0] if found else "ok"


def fixed(src: str, target: str, unsafe: bool) -> str:
    lin = linter(target)
    return fix_source(src.encode(), lambda b: lin.lint("t.sh", b), unsafe).source.decode()
