"""Resolve what a user or a script typed to a dataset record, the way each tool itself resolves it.

xm: exact name, then a deprecated alias, then a unique prefix of two or more letters (xm_lookup_cmd).
xl: exact name, then a unique prefix (cmdtable_lookup).  virsh: exact name or alias only.

The index is built from name rows only, so resolving a word decodes no record (see load.Catalog).
"""

from __future__ import annotations

from xlref.data.load import Catalog, Dataset, Record, _row
from xlref.data.releases import in_range

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from xlref.data.load import Row

#: The three tools of the dataset, in the order every listing uses.
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
        #: name | alias | prefix | retired (an xl command of an older release) | none | ambiguous (several
        #: commands start with the word) | short (shorter than the tool accepts; candidates lists them)
        self.how = "none"
        self.candidates: list[str] = []


class Index:
    def __init__(self, data: Dataset) -> None:
        commands = data["commands"]
        self._setup([_row(rec) for rec in commands], commands.__getitem__)

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> Index:
        index = cls.__new__(cls)
        index._setup(catalog.rows, catalog.record)
        return index

    def _setup(self, rows: list[Row], fetch: Callable[[int], Record]) -> None:
        self._rows = rows
        self._fetch = fetch
        self._by_name: dict[tuple[str, str], int] = {}
        self._by_alias: dict[tuple[str, str], int] = {}
        self._successor: dict[tuple[str, str], int] = {}
        for pos, (tool, name, aliases, _first, _last, former) in enumerate(rows):
            self._by_name[(tool, name)] = pos
            for alias in aliases:
                self._by_alias[(tool, alias)] = pos
            for old in former:
                self._successor[(tool, old)] = pos

    def _usable(self, pos: int | None, tool: str, release: str | None) -> bool:
        if pos is None:
            return False
        _, _, _, first, last, _ = self._rows[pos]
        return tool != "xl" or in_range(first, last, release)

    def get(self, tool: str, name: str) -> Record | None:
        pos = self._by_name.get((tool, name))
        return None if pos is None else self._fetch(pos)

    def successor(self, tool: str, name: str) -> Record | None:
        """The command that took over a retired `name` (its `former_names` list it)."""
        pos = self._successor.get((tool, name))
        return None if pos is None else self._fetch(pos)

    def commands(self, tool: str | None = None, release: str | None = None) -> list[Record]:
        return [self._fetch(pos) for pos, row in enumerate(self._rows)
                if (tool is None or row[0] == tool) and self._usable(pos, row[0], release)]

    def spellings(self, tool: str) -> list[str]:
        """Every name and alias of `tool`, sorted (for completion and suggestions)."""
        return sorted(word for (t, word) in [*self._by_name, *self._by_alias] if t == tool)

    def _prefixed(self, tool: str, word: str, usable: Callable[[int], bool]) -> list[tuple[str, int]]:
        # Prefix matching only considers canonical names, as both xm and xl do.
        return sorted((row[1], pos) for pos, row in enumerate(self._rows)
                      if row[0] == tool and row[1].startswith(word) and usable(pos))

    def resolve(self, tool: str, word: str, release: str | None = None) -> Resolution:
        """Find the record `tool word` runs; `release` limits xl to commands of that release.

        Without a release, an xl word that no current command answers falls back to the xl commands of older
        releases (how == "retired"), so `xl sched-sedf` explains itself instead of failing.
        """
        res = Resolution(tool, word)
        for how, pos in (("name", self._by_name.get((tool, word))), ("alias", self._by_alias.get((tool, word)))):
            if self._usable(pos, tool, release):
                assert pos is not None
                res.record, res.how = self._fetch(pos), how
                return res
        min_len = PREFIX_MIN.get(tool)
        if min_len is not None and len(word) >= min_len:
            matches = self._prefixed(tool, word, lambda pos: self._usable(pos, tool, release))
            if len(matches) == 1:
                res.record, res.how = self._fetch(matches[0][1]), "prefix"
                return res
            if matches:
                res.how, res.candidates = "ambiguous", [name for name, _ in matches]
                return res
        if tool == "xl" and release is None:
            pos = self._by_name.get((tool, word))
            old = self._prefixed(tool, word, lambda p: self._rows[p][4] is not None) if pos is None else []
            if pos is None and len(old) == 1 and min_len is not None and len(word) >= min_len:
                pos = old[0][1]
            if pos is not None:
                res.record, res.how = self._fetch(pos), "retired"
                return res
        if min_len is not None and 0 < len(word) < min_len:
            res.how = "short"
            res.candidates = [name for name, _ in self._prefixed(tool, word, lambda p: self._usable(p, tool, release))]
        return res

    def suggest(self, tool: str, word: str, limit: int = 5) -> list[str]:
        """Did-you-mean: prefix matches first, then aliases/names by edit distance."""
        import difflib

        spellings = self.spellings(tool)
        prefixed = [s for s in spellings if s.startswith(word) or word.startswith(s)]
        close = difflib.get_close_matches(word, spellings, n=limit, cutoff=0.6)
        return list(dict.fromkeys([*prefixed, *close]))[:limit]


def option_by_flag(record: Record, flag: str) -> Any:
    """The option dict of `record` spelled `flag` (`--opt=value` accepted), or None."""
    bare = flag.split("=", 1)[0]
    for opt in record.get("options", []):
        if bare in opt["flags"]:
            return opt
    return None
