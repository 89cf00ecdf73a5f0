"""The configs the conversion tests run on: the real ones in ../shared/corpus/configs (read in place, never copied)
and this project's own fixtures for what the corpus lacks (tests/config/fixtures)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tests.support import SHARED

CORPUS = SHARED / "corpus" / "configs"
OWN = Path(__file__).resolve().parent / "fixtures"
HOST = OWN / "host"


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file()) if CORPUS.is_dir() else []


#: the domain configs of the fake host tree (the rest of it is what a directory conversion must skip)
HOST_DOMAINS = ("etc/xen/web01.cfg", "etc/xen/db01.cfg", "etc/xen/row.cfg",
                "var/lib/xend/domains/0b5d1e5e-8d6c-4f0b-9c57-3d2b0a6e7f11/config.sxp")


def own_files() -> list[Path]:
    return sorted(p for p in OWN.iterdir() if p.is_file()) + [HOST / name for name in HOST_DOMAINS]


def all_files() -> list[Path]:
    return corpus_files() + own_files()


def label(path: Path) -> str:
    return str(path.relative_to(CORPUS)) if path.is_relative_to(CORPUS) else "own:" + str(path.relative_to(OWN))


@dataclass
class Converted:
    code: int
    text: str
    messages: str
    warnings: list[str] = field(default_factory=list)


@cache
def convert(path: Path, to: str, sets: tuple[str, ...] = ()) -> Converted:
    """`xlref config convert PATH --to TO` in process, as a user runs it (auto detection, -v)."""
    from xlref.config.options import ConvertOptions
    from xlref.config.run import convert as run

    out, err = io.StringIO(), io.StringIO()
    code = run(str(path), to, opts=ConvertOptions(to=to, sets=list(sets), verbose=True), stdout=out, stderr=err)
    messages = err.getvalue()
    warnings = [m.split("warning: ", 1)[1] for m in messages.splitlines() if "warning: " in m]
    return Converted(code, out.getvalue(), messages, warnings)
