"""The Examples section of xm command pages: each example call (data `examples`) rewritten for xl and virsh by
the lint engine, exactly as `xlref lint --fix` (safe) or `--fix --unsafe-fixes` (unsafe) would rewrite it.

The engine runs on the example as a one-line script, so the page, `xlref lookup` and `xlref lint` can never
disagree about a rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlref.data.load import Dataset

TARGETS = ("xl", "virsh")


@dataclass(frozen=True)
class Rewrite:
    """What one example becomes on one target."""

    target: str
    line: str | None  # the rewritten line; None when no fix applies
    fix: str  # safe | unsafe | none
    findings: tuple[str, ...] = ()  # "CODE: message" of what the linter still reports after the fix


@dataclass(frozen=True)
class Example:
    call: str
    note: str
    rewrites: dict[str, Rewrite] = field(default_factory=dict)


class ExampleEngine:
    """One linter per target, reused for every example (building a Linter indexes the whole dataset)."""

    def __init__(self, data: Dataset) -> None:
        from xlref.lint.api import Linter, Settings

        self.data = data
        self.linters = {t: Linter(data, Settings(target=t)) for t in TARGETS}

    def rewrite(self, text: str, target: str) -> Rewrite:
        from xlref.lint.api import fix_source

        linter = self.linters[target]

        def lint(src: bytes) -> list[Any]:
            return linter.lint("example.sh", src)

        source = (text.rstrip("\n") + "\n").encode()
        safe = fix_source(source, lint, unsafe=False)
        unsafe = fix_source(source, lint, unsafe=True)
        if safe.source != source:
            chosen, fix = safe, "safe"
        elif unsafe.source != source:
            chosen, fix = unsafe, "unsafe"
        else:
            chosen, fix = safe, "none"
        # What stays reported after the fix: the text that explains an unsafe or missing rewrite.
        notes = tuple(dict.fromkeys(f"{f.code}: {f.message}" for f in chosen.remaining))
        if fix == "unsafe":
            notes = tuple(dict.fromkeys(
                [f"{f.code}: {f.message}" for f in lint(source) if f.fix is not None and f.fix.applicability != "safe"]
                + list(notes)))
        line = chosen.source.decode().rstrip("\n") if fix != "none" else None
        return Rewrite(target, line, fix, notes)

    def examples(self, command: str) -> list[Example]:
        out = []
        for ex in self.data.get("examples", {}).get(command, []):
            rewrites = {t: self.rewrite(ex["call"], t) for t in TARGETS}
            out.append(Example(ex["call"], ex.get("note", ""), rewrites))
        return out
