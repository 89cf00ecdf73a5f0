"""What the site knows about the dataset: page paths, relative links and who maps to whom."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from xlref.data.index import TOOLS
from xlref.data.load import Dataset, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from xlref.site.examples import ExampleEngine

GITHUB = "https://github.com"
#: The comparison pages (compare/SLUG.md) and their titles, in reading order.
COMPARE_PAGES = {
    "global-options": "New global options",
    "unchanged": "Unchanged commands",
    "removed": "Removed commands",
    "changed": "Changed commands",
    "changed-options": "Changed options",
    "new": "New in xl",
    "xend": "xend on the host",
}


def page_path(tool: str, name: str) -> str:
    """Path of a command page inside the generated folder."""
    return f"{tool}/{name}.md"


def json_path(tool: str, name: str) -> str:
    return f"api/commands/{tool}/{name}.json"


def rel(from_page: str, to_page: str) -> str:
    """Relative link from one generated file to another (both relative to the generated folder)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def source_url(src: dict[str, Any]) -> str:
    return f"{GITHUB}/{src['repo']}/blob/{src['ref']}/{src['path']}"


@dataclass(frozen=True)
class Mapping:
    """`source` (a record) maps to `target_tool target_name` through `replacement`."""

    source: Record
    replacement: dict[str, Any]


@dataclass
class Stub:
    """An alias, a former name or a name the hand pages link to that has no record of its own."""

    tool: str
    name: str
    kind: str  # alias | former | missing
    target: Record | None = None


@dataclass
class Site:
    data: Dataset
    by_key: dict[tuple[str, str], Record] = field(default_factory=dict)
    mapped_from: dict[tuple[str, str], list[Mapping]] = field(default_factory=lambda: defaultdict(list))
    stubs: dict[tuple[str, str], Stub] = field(default_factory=dict)
    examples: ExampleEngine | None = None
    seed_notes: dict[str, dict[str, Any]] = field(default_factory=dict)
    features: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, data: Dataset, extra_names: list[tuple[str, str]] | None = None,
              examples: ExampleEngine | None = None) -> Site:
        site = cls(data, examples=examples)
        site.seed_notes = {n["row"]: n for n in data.get("seed", {}).get("notes", [])}
        for feat in data.get("features", []):
            for ref in feat.get("see_also", []):
                tool, _, name = ref.partition(":")
                site.features[(tool, name)].append(feat)
        for rec in data["commands"]:
            site.by_key[(rec["tool"], rec["name"])] = rec
        for rec in data["commands"]:
            for tool, repl in sorted(rec.get("replacements", {}).items()):
                if repl.get("command"):
                    site.mapped_from[(tool, repl["command"])].append(Mapping(rec, repl))
            for kind, names in (("alias", rec.get("aliases", [])), ("former", rec.get("former_names", []))):
                for name in names:
                    key = (rec["tool"], name)
                    if key not in site.by_key and key not in site.stubs:
                        site.stubs[key] = Stub(rec["tool"], name, kind, rec)
        for tool, name in extra_names or []:
            key = (tool, name)
            if key not in site.by_key and key not in site.stubs:
                site.stubs[key] = Stub(tool, name, "missing")
        return site

    def records(self, tool: str | None = None) -> list[Record]:
        recs = [r for r in self.data["commands"] if tool is None or r["tool"] == tool]
        return sorted(recs, key=lambda r: (TOOLS.index(r["tool"]), r["name"]))

    def get(self, tool: str, name: str) -> Record | None:
        return self.by_key.get((tool, name))

    def has_page(self, tool: str, name: str) -> bool:
        return (tool, name) in self.by_key or (tool, name) in self.stubs

    def category_title(self, cat: str) -> str:
        title: str = self.data["categories"].get(cat, cat)
        return title

    def categories_in_order(self) -> list[str]:
        return list(self.data["categories"])

    def global_options(self, tool: str | None = None) -> list[dict[str, Any]]:
        return [g for g in self.data.get("global_options", []) if tool is None or g["tool"] == tool]

    def counterparts(self, rec: Record, other: str) -> list[Mapping]:
        """Records of tool `other` that map to `rec` (the reverse of their replacements)."""
        found = [m for m in self.mapped_from.get((rec["tool"], rec["name"]), []) if m.source["tool"] == other]
        return sorted(found, key=lambda m: str(m.source["name"]))

    def sources_of(self, rec: Record, other: str) -> list[Record]:
        """Records of tool `other` that `rec` stands in for (their replacement names `rec`), plus the record of the
        same name unless that one is replaced by a different command.  This fills the xm column of the xl and
        virsh command lists."""
        found = [m.source for m in self.counterparts(rec, other)]
        same = self.same_name(rec, other)
        target = (same or {}).get("replacements", {}).get(rec["tool"], {}).get("command")
        if same is not None and same not in found and target in (None, rec["name"]):
            found.insert(0, same)
        return found

    def seed_notes_for(self, tool: str, name: str) -> list[dict[str, Any]]:
        """Seed notes on a command row or on one of its option rows."""
        prefix = f"{tool} {name}"
        return [n for key, n in self.seed_notes.items() if key == prefix or key.startswith(prefix + " ")]

    def same_name(self, rec: Record, other: str) -> Record | None:
        """xm and xl share names: the record of the same name in the other of the two."""
        if {rec["tool"], other} == {"xm", "xl"}:
            return self.get(other, rec["name"])
        return None
