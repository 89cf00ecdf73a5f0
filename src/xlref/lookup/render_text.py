"""Plain-text rendering of a lookup answer: a pure function, checked against golden files."""

from __future__ import annotations

from xlref.data.releases import available, span
from xlref.lookup.query import option_becomes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

WIDTH = 100


def _wrap(text: str, indent: str, hang: int = 2) -> list[str]:
    """Greedy word wrap; textwrap would pull `re` into every lookup's start-up."""
    lines: list[str] = []
    current = indent
    for word in text.split(" "):
        if current.strip() and len(current) + 1 + len(word) > WIDTH:
            lines.append(current)
            current = " " * (len(indent) + hang) + word
        else:
            current = current + (" " if current.strip() else "") + word
    lines.append(current)
    return lines


def releases_line(rec: dict[str, Any], release: str | None) -> str:
    if rec["tool"] != "xl":
        return ""
    text = f"xl {span(rec)}"
    if release is not None:
        text += f" (in {release}: {'yes' if available(rec, release) else 'no'})"
    return text


def _replacement_lines(answer: dict[str, Any]) -> list[str]:
    lines = []
    for target, view in answer["replacements"].items():
        head = f"  {target:<6} {view['synopsis']}"
        tags = [f"fix: {view['fix']}"]
        if "releases" in view:
            tags.append(f"xl {view['releases']}")
        if "available" in view:
            tags.append(f"{'in' if view['available'] else 'NOT in'} xl {answer['query']['xen']}")
        lines.append(f"{head}  [{', '.join(tags)}]")
        for key in ("why", "note"):
            if view.get(key):
                lines.extend(_wrap(view[key], "         "))
    return lines


def _option_lines(rec: dict[str, Any], targets: list[str], release: str | None) -> list[str]:
    lines = []
    for opt in rec.get("options", []):
        flags = ", ".join(opt["flags"]) + (f" {opt['arg']}" if opt.get("arg") else "")
        status = opt.get("status", "")
        when = span(opt) if rec["tool"] == "xl" and ("first_release" in opt or "last_release" in opt) else ""
        if release is not None and rec["tool"] == "xl" and not available(opt, release, rec):
            when = f"{when} not in {release}".strip()
        head = f"{flags:<24} {status:<9} "
        lines.extend(_wrap(head + opt["summary"] + (f" [{when}]" if when else ""), "  ", len(head)))
        for target in targets:
            if opt.get("replacements", {}).get(target):
                lines.extend(_wrap(f"-> {target}: {option_becomes(opt, target)}", "      "))
    return lines


def render(answer: dict[str, Any]) -> str:
    rec = answer["record"]
    q = answer["query"]
    lines = [f"{rec['tool']} {rec['name']}: {rec['summary']}"]
    if q["resolved_by"] in ("alias", "prefix"):
        lines.append(f"  ('{q['word']}' is {'an alias' if q['resolved_by'] == 'alias' else 'a unique prefix'} "
                     f"of {rec['name']})")
    facts = [f"status: {rec['status']}"] if "status" in rec else []
    facts.append(f"category: {rec['category']}")
    if rec.get("aliases"):
        facts.append(f"aliases: {', '.join(rec['aliases'])}")
    if rec.get("libxl"):
        facts.append(f"libxl driver: {rec['libxl']['support']}")
    rel = releases_line(rec, q["xen"])
    if rel:
        facts.append(f"releases: {rel}")
    lines.append("  " + "   ".join(facts))
    if rec.get("usage"):
        lines.append(f"  usage: {rec['tool']} {rec['usage']}")
    if answer["replacements"]:
        lines += ["", "equivalents:", *_replacement_lines(answer)]
    targets = list(answer["replacements"])
    if rec.get("options"):
        lines += ["", "options:", *_option_lines(rec, targets, q["xen"])]
    if answer.get("your_call"):
        lines += ["", f"your call: {rec['tool']} {' '.join([q['word'], *q['args']])}"]
        for target, call in answer["your_call"].items():
            if call["line"]:
                lines.extend(_wrap(f"as {target}: {call['line']}  [fix: {call['fix']}]", "  ", 6))
            else:
                why = call["notes"][0] if call["notes"] else "no rewrite recorded"
                lines.extend(_wrap(f"as {target}: no automatic rewrite; {why}", "  ", 6))
    if answer["matched_options"]:
        lines += ["", "your arguments:"]
        for m in answer["matched_options"]:
            if not m["known"]:
                lines.append(f"  {m['arg']}: not an option of {rec['tool']} {rec['name']}")
                continue
            for target, text in m["becomes"].items():
                lines.extend(_wrap(f"{m['arg']} -> {target}: {text}", "  "))
            if m.get("unavailable_in"):
                lines.append(f"  {m['arg']}: not available in xl {m['unavailable_in']}")
    if rec.get("behaviour_changes"):
        lines += ["", "behaviour changes:"]
        for bc in rec["behaviour_changes"]:
            scope = ",".join(bc.get("targets", [])) or "all"
            lines.extend(_wrap(f"! {bc['summary']} [{bc['kind']}; {scope}]", "  "))
    for note in rec.get("notes", []):
        lines.extend(_wrap(f"note: {note}", "  "))
    if rec.get("see_also"):
        lines += ["", "see also: " + ", ".join(r.replace(":", " ") for r in rec["see_also"])]
    lines += ["", "sources:"]
    for src in rec["sources"]:
        sym = f" ({src['symbol']})" if src.get("symbol") else ""
        lines.append(f"  {src['repo']} {src['ref']} {src['path']}{sym}")
    return "\n".join(lines) + "\n"
