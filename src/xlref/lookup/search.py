"""Ranked full-text search over names, aliases, summaries, options and notes."""

from __future__ import annotations

import re
from typing import Any

from xlref.data.index import TOOLS
from xlref.data.load import Dataset, Record

_WORD = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _fields(rec: Record) -> list[tuple[int, str]]:
    """(weight, lowercased text) of everything searchable in a record, heaviest first."""
    out = [(8, rec["summary"].lower())]
    out += [(4, " ".join(o["flags"]).lower() + " " + o["summary"].lower()) for o in rec.get("options", [])]
    out += [(3, b["summary"].lower()) for b in rec.get("behaviour_changes", [])]
    out += [(2, n.lower()) for n in rec.get("notes", [])]
    for repl in rec.get("replacements", {}).values():
        out.append((2, " ".join(filter(None, (repl.get("command"), repl.get("note"), repl.get("why")))).lower()))
    return out


def score(rec: Record, terms: list[str]) -> int:
    """0 unless every term matches somewhere; name hits dominate text hits."""
    total = 0
    names = [rec["name"], *rec.get("aliases", [])]
    fields = _fields(rec)
    for term in terms:
        best = 0
        for name in names:
            if name == term:
                best = max(best, 100)
            elif name.startswith(term):
                best = max(best, 50)
            elif term in name:
                best = max(best, 30)
        for weight, text in fields:
            if term in _WORD.findall(text):
                best = max(best, weight * 2)
            elif term in text:
                best = max(best, weight)
        if best == 0:
            return 0
        total += best
    return total


def search(data: Dataset, words: list[str], tool: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    terms = [w.lower() for w in " ".join(words).split()]
    if terms and terms[0] in TOOLS and tool is None and len(terms) > 1:
        tool, terms = terms[0], terms[1:]
    ranked = []
    for rec in data["commands"]:
        if tool is not None and rec["tool"] != tool:
            continue
        s = score(rec, terms)
        if s:
            ranked.append((-s, rec["tool"], rec["name"], rec))
    ranked.sort(key=lambda r: r[:3])
    return [{"score": -s, "tool": t, "name": n, "summary": r["summary"], "status": r.get("status")}
            for s, t, n, r in ranked[:limit]]
