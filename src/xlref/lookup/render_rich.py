"""Terminal (rich) rendering of a lookup answer; only imported when stdout is a colour terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from xlref.lookup.query import option_becomes
from xlref.lookup.render_text import releases_line

STATUS_STYLE = {"unchanged": "green", "changed": "yellow", "removed": "red", "new": "cyan"}


def _status(status: str | None) -> Text:
    return Text(status or "", style=STATUS_STYLE.get(status or "", ""))


def _header(answer: dict[str, Any]) -> Panel:
    rec, q = answer["record"], answer["query"]
    title = Text.assemble((f"{rec['tool']} {rec['name']}", "bold"), "  ", _status(rec.get("status")))
    body = [Text(rec["summary"])]
    if q["resolved_by"] in ("alias", "prefix"):
        body.append(Text(f"'{q['word']}' resolved by {q['resolved_by']}", style="dim"))
    facts = [f"category: {rec['category']}"]
    if rec.get("aliases"):
        facts.append(f"aliases: {', '.join(rec['aliases'])}")
    if rec.get("libxl"):
        facts.append(f"libxl driver: {rec['libxl']['support']}")
    if rel := releases_line(rec, q["xen"]):
        facts.append(f"releases: {rel}")
    body.append(Text("   ".join(facts), style="dim"))
    if rec.get("usage"):
        body.append(Text(f"usage: {rec['tool']} {rec['usage']}", style="italic"))
    return Panel(Group(*body), title=title, title_align="left")


def _equivalents(answer: dict[str, Any]) -> Table:
    table = Table(title="Equivalents", title_justify="left", expand=True)
    for col in ("tool", "command", "fix", "note"):
        table.add_column(col)
    for target, view in answer["replacements"].items():
        note = view.get("why") or view.get("note") or ""
        if view.get("available") is False:
            note = f"not in xl {answer['query']['xen']}. {note}"
        table.add_row(target, Text(view["synopsis"], style="bold"), view["fix"], note)
    return table


def _options(answer: dict[str, Any]) -> Table:
    rec = answer["record"]
    targets = list(answer["replacements"])
    table = Table(title="Options", title_justify="left", expand=True)
    table.add_column("option", no_wrap=True)
    table.add_column("status")
    table.add_column("meaning")
    for target in targets:
        table.add_column(f"→ {target}")
    asked = {m["arg"] for m in answer["matched_options"]}
    for opt in rec.get("options", []):
        flags = ", ".join(opt["flags"]) + (f" {opt['arg']}" if opt.get("arg") else "")
        style = "reverse" if asked & set(opt["flags"]) else ""
        cells = [option_becomes(opt, t) if opt.get("replacements", {}).get(t) else "" for t in targets]
        table.add_row(Text(flags, style=style), _status(opt.get("status")), opt["summary"], *cells)
    return table


def render(answer: dict[str, Any], console: Console) -> None:
    rec = answer["record"]
    parts: list[Any] = [_header(answer)]
    if answer["replacements"]:
        parts.append(_equivalents(answer))
    if rec.get("options"):
        parts.append(_options(answer))
    if answer.get("your_call"):
        calls = Table(title="Your call", title_justify="left", expand=True)
        for col in ("tool", "becomes", "fix"):
            calls.add_column(col)
        for target, call in answer["your_call"].items():
            why = call["notes"][0] if call["notes"] else "no rewrite recorded"
            calls.add_row(target, Text(call["line"], style="bold") if call["line"] else Text(why), call["fix"])
        parts.append(calls)
    unknown = [m["arg"] for m in answer["matched_options"] if not m["known"]]
    if unknown:
        parts.append(Text(f"not options of {rec['tool']} {rec['name']}: {' '.join(unknown)}", style="red"))
    for bc in rec.get("behaviour_changes", []):
        parts.append(Panel(bc["summary"], title=f"behaviour change: {bc['kind']}", border_style="yellow",
                           title_align="left"))
    for note in rec.get("notes", []):
        parts.append(Text(f"note: {note}"))
    if rec.get("see_also"):
        parts.append(Text("see also: " + ", ".join(r.replace(":", " ") for r in rec["see_also"]), style="dim"))
    sources = "; ".join(f"{s['repo']} {s['ref']} {s['path']}" for s in rec["sources"])
    parts.append(Text(f"sources: {sources}", style="dim"))
    for part in parts:
        console.print(part)
