"""Resolve what a user or a script typed to a dataset record, the way each tool itself resolves it.

xm: exact name, then a deprecated alias, then a unique prefix of two or more letters (xm_lookup_cmd).
xl: exact name, then a unique prefix (cmdtable_lookup).  virsh: exact name or alias only.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from xlref.load import Dataset, Record
from xlref.releases import available

TOOLS = ("xm", "xl", "virsh")
#: Shortest prefix each tool accepts; None: the tool does no prefix matching.
PREFIX_MIN = {"xm": 2, "xl": 1, "virsh": None}


class Resolution:
    """What `tool word` resolves to.  A plain class: dataclasses would import inspect on the hot path."""

    __slots__ = ("candidates", "how", "record", "tool", "word")

    def __init__(self, tool: str, word: str) -> None:
        self.tool = tool
        self.word = word
        self.record: Record | None = None
        self.how = "none"  # name | alias | prefix | none | ambiguous
        self.candidates: list[str] = []


class Index:
    def __init__(self, data: Dataset) -> None:
        self.data = data
        self._by_name: dict[tuple[str, str], Record] = {}
        self._by_alias: dict[tuple[str, str], Record] = {}
        for rec in data["commands"]:
            self._by_name[(rec["tool"], rec["name"])] = rec
            for alias in rec.get("aliases", []):
                self._by_alias[(rec["tool"], alias)] = rec

    def get(self, tool: str, name: str) -> Record | None:
        return self._by_name.get((tool, name))

    def commands(self, tool: str | None = None, release: str | None = None) -> list[Record]:
        return [
            rec for rec in self.data["commands"]
            if (tool is None or rec["tool"] == tool) and (tool != "xl" or release is None or available(rec, release))
        ]

    @cached_property
    def all_spellings(self) -> dict[str, list[str]]:
        """tool -> every name and alias, sorted (for completion and suggestions)."""
        out: dict[str, list[str]] = {t: [] for t in TOOLS}
        for tool, word in [*self._by_name, *self._by_alias]:
            out[tool].append(word)
        return {t: sorted(v) for t, v in out.items()}

    def resolve(self, tool: str, word: str, release: str | None = None) -> Resolution:
        """Find the record `tool word` runs; `release` limits xl to commands of that release."""
        res = Resolution(tool, word)

        def usable(rec: Record | None) -> bool:
            return rec is not None and (tool != "xl" or release is None or available(rec, release))

        for how, rec in (("name", self.get(tool, word)), ("alias", self._by_alias.get((tool, word)))):
            if usable(rec):
                res.record, res.how = rec, how
                return res
        min_len = PREFIX_MIN.get(tool)
        if min_len is None or len(word) < min_len:
            return res
        # Prefix matching only considers canonical names, as both xm and xl do.
        matches = sorted(
            rec["name"] for rec in self.commands(tool, release) if rec["name"].startswith(word)
        )
        if len(matches) == 1:
            res.record, res.how = self.get(tool, matches[0]), "prefix"
        elif matches:
            res.how, res.candidates = "ambiguous", matches
        return res

    def suggest(self, tool: str, word: str, limit: int = 5) -> list[str]:
        """Did-you-mean: prefix matches first, then aliases/names by edit distance."""
        import difflib

        spellings = self.all_spellings.get(tool, [])
        prefixed = [s for s in spellings if s.startswith(word) or word.startswith(s)]
        close = difflib.get_close_matches(word, spellings, n=limit, cutoff=0.6)
        seen: dict[str, None] = {}
        for s in [*prefixed, *close]:
            seen.setdefault(s, None)
        return list(seen)[:limit]


def option_by_flag(record: Record, flag: str) -> Any:
    """The option dict of `record` spelled `flag` (`--opt=value` accepted), or None."""
    bare = flag.split("=", 1)[0]
    for opt in record.get("options", []):
        if bare in opt["flags"]:
            return opt
    return None
