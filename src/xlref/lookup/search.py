"""Ranked search over commands, config keys, xend pieces and topics.

Ranking, best first: the query is a name (or alias, former name, topic id); every query word is a word of a
name (stemmed: "migration" is "migrate"); the query holds a topic's phrase (the synonyms kept in the dataset:
"live migration", "cd-rom", "add disk" ...), which brings the topic's commands in its order; the query starts
a name; some words are in a name and the rest in the text; every word is somewhere in the text (summaries
weigh most).  Ties go xm, xl, virsh, then config keys, xend and topics, current before retired, by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xlref.data.index import TOOLS
from xlref.data.load import Dataset

_WORD = re.compile(r"[a-z0-9][a-z0-9_.+/-]*[a-z0-9]|[a-z0-9]")
_NAME_SPLIT = re.compile(r"[-_./]+")
_SUFFIXES = ("ation", "ion", "ing", "ed", "es", "e", "s")
KINDS = (*TOOLS, "xm.cfg", "xl.cfg", "xend", "topic")

EXACT, ALL_NAME_WORDS, TOPIC, PREFIX, SOME_NAME_WORDS = 10_000, 5_000, 4_500, 3_000, 2_000


def stem(word: str) -> str:
    """A crude English stem, enough to meet "migration", "migrating", "migrates" at "migrat"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("at" if suffix == "ation" else "")
    return word


@dataclass
class Entry:
    kind: str
    name: str
    summary: str
    status: str | None
    spellings: list[str]
    #: (weight, text) of everything else worth matching, heaviest first
    texts: list[tuple[int, str]]
    retired: bool = False
    name_stems: list[list[str]] = field(default_factory=list)
    text_stems: list[tuple[int, set[str], str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.name_stems = [[stem(w) for w in _NAME_SPLIT.split(s.lower()) if w] for s in self.spellings]
        self.text_stems = [(w, {stem(x) for x in _WORD.findall(t.lower())}, t.lower()) for w, t in self.texts]

    def hit(self, score: int) -> dict[str, Any]:
        return {"kind": self.kind, "tool": self.kind.split(".")[0] if self.kind.endswith(".cfg") else self.kind,
                "name": self.name, "status": self.status, "summary": self.summary, "score": score}


def _command(rec: dict[str, Any]) -> Entry:
    texts = [(8, rec["summary"])]
    texts += [(4, " ".join(o["flags"]) + " " + o["summary"]) for o in rec.get("options", [])]
    texts += [(3, b["summary"]) for b in rec.get("behaviour_changes", [])]
    texts += [(2, n) for n in rec.get("notes", [])]
    for repl in rec.get("replacements", {}).values():
        texts.append((2, " ".join(filter(None, (repl.get("command"), repl.get("note"), repl.get("why"))))))
    spellings = [rec["name"], *rec.get("aliases", []), *rec.get("former_names", [])]
    return Entry(rec["tool"], rec["name"], rec["summary"], rec.get("status"), spellings, texts,
                 retired=bool(rec.get("last_release")))


def _key(rec: dict[str, Any]) -> Entry:
    texts = [(8, rec["summary"])] + [(2, str(rec[k])) for k in ("note", "libvirt") if rec.get(k)]
    texts += [(2, " ".join(rec.get("rename", [])))]
    return Entry(f"{rec['tool']}.cfg", rec["key"], rec["summary"], rec.get("status"), [rec["key"]], texts,
                 retired=bool(rec.get("last_release")))


def _xend(item: dict[str, Any]) -> Entry:
    """A piece of xend (the daemon, its config file, its state) or one xend-config.sxp option."""
    names = list(item.get("names") or [item["option"]])
    texts = [(8, item["summary"])]
    texts += [(2, " ".join(str(r.get(k) or "") for k in ("where", "with", "note")))
              for r in item["replacements"].values()]
    return Entry("xend", names[0], item["summary"], None, names, texts)


def _topic(topic: dict[str, Any]) -> Entry:
    texts = [(8, topic["summary"]), (8, topic["title"])] + [(2, d) for d in topic.get("details", [])]
    return Entry("topic", topic["id"], topic["summary"], None, [topic["id"]], texts)


_BUILT: list[tuple[Dataset, list[Entry]]] = []


def entries(data: Dataset) -> list[Entry]:
    """Every searchable record, stemmed once per dataset object (a run searches one dataset; tests search the same
    one hundreds of times)."""
    if _BUILT and _BUILT[0][0] is data:
        return _BUILT[0][1]
    out = _entries(data)
    _BUILT[:] = [(data, out)]
    return out


def _entries(data: Dataset) -> list[Entry]:
    out = [_command(r) for r in data["commands"]]
    out += [_key(k) for k in data.get("config_keys", [])]
    out += [_xend(x) for x in data.get("xend", [])]
    out += [_topic(t) for t in data.get("topics", [])]
    return out


def _text_score(entry: Entry, term_stems: list[str], terms: list[str]) -> int:
    """Sum over the words of the best text match; 0 unless every word matches somewhere."""
    total = 0
    for term, st in zip(terms, term_stems, strict=True):
        best = 0
        for weight, stems, text in entry.text_stems:
            if st in stems:
                best = max(best, weight * 2)
            elif term in text:
                best = max(best, weight)
        if not best:
            return 0
        total += best
    return total


def _name_score(entry: Entry, terms: list[str], term_stems: list[str]) -> tuple[int, set[int]]:
    """The best name tier, and which query words a name word matched."""
    whole, joined = " ".join(terms), "-".join(terms)
    for rank, spelling in enumerate(entry.spellings):
        if spelling.lower() in (whole, joined):  # the name itself before an alias or a former name
            return EXACT - min(rank, 1), set(range(len(terms)))
    best, covered = 0, set()
    for words in entry.name_stems:
        hits = {i for i, st in enumerate(term_stems) if st in words}
        if not hits:
            continue
        coverage = len({st for st in term_stems if st in words}) / len(words)
        tier = ALL_NAME_WORDS if len(hits) == len(terms) else SOME_NAME_WORDS
        score = tier + int(coverage * (1000 if tier == ALL_NAME_WORDS else 500))
        if score > best:
            best, covered = score, hits
    if best < PREFIX and any(s.lower().startswith(joined) for s in entry.spellings):
        return PREFIX, set(range(len(terms)))
    return best, covered


def _topic_boosts(data: Dataset, whole: str) -> dict[tuple[str, str], int]:
    """(kind, name) -> score for the topics whose phrase the query holds, and their commands in order."""
    boosts: dict[tuple[str, str], int] = {}
    padded = f" {whole} "
    for topic in data.get("topics", []):
        if not any(f" {w} " in padded for w in topic["words"]):
            continue
        refs = topic.get("commands", [])
        # A topic led by an xm command is another name for it (live migration: xm migrate), so the commands
        # come first; otherwise the topic is the answer and its commands follow.
        boosts[("topic", topic["id"])] = TOPIC - 100 if refs and refs[0].startswith("xm:") else TOPIC + 1
        for i, ref in enumerate(refs):
            tool, name = ref.split(":", 1)
            boosts[(tool, name)] = max(boosts.get((tool, name), 0), TOPIC - i)
    return boosts


def _names_a_tool_topic(data: Dataset, terms: list[str]) -> bool:
    """"xm vs xl" and "xm config to libvirt" are topic phrases, not a tool filter and a query."""
    padded = f" {' '.join(terms)} "
    return any(w.startswith(f"{terms[0]} ") and f" {w} " in padded for t in data.get("topics", []) for w in t["words"])


def search(data: Dataset, words: list[str], tool: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    terms = [w.lower() for w in " ".join(words).split()]
    if len(terms) > 1 and terms[0] in TOOLS and tool is None and not _names_a_tool_topic(data, terms):
        tool, terms = terms[0], terms[1:]
    if not terms:
        return []
    term_stems = [stem(t) for t in terms]
    boosts = _topic_boosts(data, " ".join(terms))
    ranked = []
    for entry in entries(data):
        if tool is not None and entry.kind not in (tool, f"{tool}.cfg"):
            continue
        name, covered = _name_score(entry, terms, term_stems)
        rest = [i for i in range(len(terms)) if i not in covered]
        text = _text_score(entry, [term_stems[i] for i in rest], [terms[i] for i in rest]) if rest else 0
        if name == SOME_NAME_WORDS and not text:
            name = 0  # a name word alone is not enough when the other words match nothing
        if not name and not rest:
            continue
        # Within a name tier the text only has to match: ties then go by tool, so `serial console` is xm's first.
        score = max(name, boosts.get((entry.kind, entry.name), 0))
        if not name:
            score = max(text if len(rest) == len(terms) else 0, boosts.get((entry.kind, entry.name), 0))
        if score:
            ranked.append((-score, KINDS.index(entry.kind), entry.retired, entry.name, entry))
    ranked.sort(key=lambda r: r[:4])
    return [r[4].hit(-r[0]) for r in ranked[:limit]]
