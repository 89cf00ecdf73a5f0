"""The lookup answer as text: the answer first (your call, then the equivalents, then what changed), options
grouped by what they become, `full` for the rest.  A pure function of the answer, the width and whether to
colour, checked against golden files at 80 and 120 columns, piped and on a terminal.
"""

from __future__ import annotations

from xlref.data.releases import span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FIX_TEXT = {"safe": "safe fix", "unsafe": "unsafe fix (behaviour may differ)", "none": "no automatic fix"}
#: lint codes whose text the "what changed" section already gives
_SHOWN_ELSEWHERE = ("XL101", "XL102", "XL103", "XL104", "XL301", "XL302", "XL303")
LABEL = 7  # the tool column: "virsh" plus room
_RANK = {"safe": 0, "unsafe": 1, "none": 2}
#: lint codes that make a call's fix worse than its command's mapping (output, behaviour, exit status)
_WHY_WORSE = ("XL301", "XL302", "XL303")


def _assumption(notes: list[dict[str, str]]) -> str | None:
    """The host fact that would make the fix apply ("If the host has no xend-managed domains ..., say so with
    --assume no-managed-domains"), worded for lookup, which has no --assume of its own.  (str methods: `re` would
    cost every lookup's start-up.)"""
    marker = ", say so with --assume "
    for note in notes:
        msg = note["message"]
        at = msg.find(marker)
        start = msg.rfind("If ", 0, at)
        if at < 0 or start < 0:
            continue
        # only when that fact is all that stands in the way: any other change (a reason the message does not
        # give) still holds with it
        if any(n["message"].partition(": ")[2] not in msg for n in notes if n["code"] in _WHY_WORSE):
            return None
        name = msg[at + len(marker):].split()[0].rstrip(".)")
        return f"{msg[start:at]}: xlref lint --assume {name} fixes it"
    return None


def _why_worse(note: dict[str, str]) -> str:
    """XL301 `xm info → xl: the text printed changes: 'system' only in ...` -> its first clause; a behaviour or
    exit-status change (XL302, XL303) by its kind, since "what changed" prints its text."""
    if note["code"] != "XL301":
        return ("the exit status differs" if note["code"] == "XL303" else "the behaviour differs") + \
            " (see what changed)"
    head, sep, rest = note["message"].partition(": ")
    return (head + sep + rest.partition(": ")[0] if sep else note["message"]) + " (see what changed)"


_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
STATUS_STYLE = {"unchanged": "green", "changed": "yellow", "removed": "red", "new": "cyan"}


class Painter:
    """ANSI styles on a terminal, nothing otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color or not text:
            return text
        return f"\x1b[{_CODES[style]}m{text}\x1b[0m"


def wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> list[str]:
    """Greedy word wrap (textwrap would pull `re` into every lookup's start-up); `hang` indents the rest."""
    rest = indent if hang is None else hang
    lines: list[str] = []
    current = indent
    for word in text.split():
        if current.strip() and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = rest + word
        else:
            current += (" " if current.strip() else "") + word
    lines.append(current)
    return lines


def _labelled(label: str, first: str, more: list[str], width: int, paint: Painter) -> list[str]:
    """`  xl     first line` then `more` lines under the first, each wrapped in the column."""
    pad = " " * (2 + LABEL)
    out = wrap(first, width, "  " + label.ljust(LABEL - 1), pad + "  ")  # wrap() adds one space after label
    if paint.color:
        head = out[0]
        out[0] = head[:2 + LABEL] + paint(head[2 + LABEL:], "bold")
    for text in more:
        out += wrap(text, width, pad, pad + "  ")
    return out


def _header(answer: dict[str, Any], width: int, paint: Painter) -> list[str]:
    rec, q = answer["record"], answer["query"]
    name = f"{rec['tool']} {rec['name']}"
    lines = wrap(f"{paint(name, 'bold')}: {rec['summary']}", width + len(paint(name, 'bold')) - len(name), "",
                 "  ")
    facts = [rec["category"]]
    if rec["tool"] == "xl" and span(rec) and not answer.get("retired"):
        facts.append(f"xl {span(rec)}" + (f" (in {q['xen']}: yes)" if q["xen"] else ""))
    if rec.get("aliases"):
        facts.append(f"aliases: {', '.join(rec['aliases'])}")
    if rec.get("libxl"):
        facts.append(f"libxl driver: {rec['libxl']['support']}")
    if q["resolved_by"] in ("alias", "prefix"):
        facts.append(f"'{q['word']}' is {'an alias' if q['resolved_by'] == 'alias' else 'a prefix'}")
    if rec.get("status"):
        facts.insert(0, rec["status"])
    fact_lines = wrap(" · ".join(facts), width, "  ", "    ")
    if rec.get("status"):
        fact_lines[0] = fact_lines[0].replace(rec["status"], paint(rec["status"], STATUS_STYLE[rec["status"]]), 1)
    lines += fact_lines
    if rec.get("usage"):
        lines += wrap(f"usage: {rec['tool']} {rec['usage']}", width, "  ", "    ")
    retired = answer.get("retired")
    if retired:
        text = f"removed after {retired['last_release']} (xl {retired['releases']})"
        if retired.get("successor"):
            text += (f"; since {retired['successor_since']} it is xl {retired['successor']} "
                     f"(xlref lookup xl {retired['successor']})")
        lines += wrap(paint(text, "red") if paint.color else text, width, "  ", "    ")
        for note in rec.get("notes", []):
            lines += wrap(note, width, "  ", "    ")
    return lines


def _your_call(answer: dict[str, Any], width: int, paint: Painter) -> list[str]:
    rec, q = answer["record"], answer["query"]
    calls = answer["your_call"]
    if not q["args"]:
        # A bare call (`xm info`): only where the linter's verdict differs from the mapping the equivalents show
        # (the text printed changes), else the equivalents would be said twice.
        calls = {t: c for t, c in calls.items() if c["fix"] != answer["replacements"].get(t, {}).get("fix", "none")}
        if not calls:
            return []
    lines = ["", paint("your call:", "bold") + f" {rec['tool']} {' '.join([q['word'], *q['args']])}"]
    for m in answer["matched_options"]:
        if m["known"]:
            lines += wrap(f"{m['arg']}: {m['option']['summary']}", width, "  ", "    ")
    for target, call in calls.items():
        notes = [n["message"] for n in call["notes"] if n["code"] not in _SHOWN_ELSEWHERE]
        worse = _RANK[call["fix"]] > _RANK[answer["replacements"].get(target, {}).get("fix", "none")]
        if worse and not notes:
            # Worse than the command's own mapping and nothing above says why: one clause ("what changed" has
            # the detail).
            notes = list(dict.fromkeys(_why_worse(n) for n in call["notes"] if n["code"] in _WHY_WORSE))
        hint = _assumption(call["notes"]) if call["fix"] != "safe" else None
        if hint:
            notes.append(hint)
        text = call.get("line") or call.get("call")
        if text:
            lines += _labelled(target, text, [FIX_TEXT[call["fix"]], *notes], width, paint)
        else:
            why = next((n["message"] for n in call["notes"] if n["code"] == "XL104"), "no equivalent")
            lines += _labelled(target, f"none: {why}", notes, width, paint)
    for m in answer["matched_options"]:
        if not m["known"] and rec["tool"] == "xm":
            lines.append(f"  {m['arg']}: not an option of {rec['tool']} {rec['name']}")
        if m.get("unavailable_in"):
            lines.append(f"  {m['arg']}: not in xl {m['unavailable_in']}")
    return lines


def _equivalents(answer: dict[str, Any], width: int, paint: Painter) -> list[str]:
    lines = ["", paint("equivalents:", "bold")]
    for target, view in answer["replacements"].items():
        tags = [FIX_TEXT[view["fix"]] if view.get("call") else "no equivalent"]
        if view.get("releases"):
            tags.append(f"xl {view['releases']}")
        if "available" in view:
            tags.append(f"{'in' if view['available'] else 'NOT in'} xl {answer['query']['xen']}")
        if view.get("alternatives"):
            tags.append("see also " + ", ".join(a.replace(":", " ") for a in view["alternatives"]))
        text = " · ".join([*tags, *(view[k] for k in ("why", "note") if view.get(k))])
        lines += _labelled(target, view.get("call") or "none", [text], width, paint)
    return lines


def _changes(rec: dict[str, Any], width: int, paint: Painter) -> list[str]:
    lines = ["", paint("what changed:", "bold")]
    for bc in rec["behaviour_changes"]:
        scope = ", ".join(bc.get("targets", [])) or "all"
        lines += wrap(f"{paint('!', 'yellow')} {bc['summary']} [{bc['kind'].replace('_', ' ')}: {scope}]",
                      width + (len(paint("!", "yellow")) - 1), "  ", "    ")
    return lines


def _merged(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Without the reasons, groups that differ only by reason read as one."""
    out: dict[str, dict[str, Any]] = {}
    for g in groups:
        key = g["outcome"] if g["action"] != "rename" else f"{g['outcome']}#{len(out)}"
        out.setdefault(key, {**g, "flags": []})["flags"] += g["flags"]
    return list(out.values())


def _options(answer: dict[str, Any], width: int, full: bool, paint: Painter) -> list[str]:
    rec = answer["record"]
    lines: list[str] = []
    mapped = {t: v["options"] for t, v in answer["replacements"].items() if v.get("options")}
    if mapped:
        lines += ["", paint("options:", "bold")]
        for target, groups in mapped.items():
            texts = []
            for g in groups if full else _merged(groups):
                text = g["outcome"] if g["action"] == "rename" else f"{g['outcome']}: {', '.join(g['flags'])}"
                if full and g["reason"]:
                    text += f" — {g['reason']}"
                texts.append(text)
            lines += _labelled(target, texts[0], texts[1:], width, Painter(False))
    mapped_flags = {f for groups in mapped.values() for g in groups for f in g["flags"]}
    own = [o for o in rec.get("options", [])
           if full or (o["flags"][0] + (f"|{o['flags'][1]}" if len(o["flags"]) > 1 else "")) not in mapped_flags]
    if not own:
        return lines
    lines += ["", paint("option meanings:" if mapped else "options:", "bold")]
    if not full:
        return lines + wrap(", ".join("|".join(o["flags"]) for o in own), width, "  ", "  ")
    for o in own:
        flags = "|".join(o["flags"]) + (f" {o['arg']}" if o.get("arg") else "")
        tags = [t for t in (o.get("status"), span(o) if rec["tool"] == "xl" else "") if t]
        text = f"{flags}  {o['summary']}" + (f" [{', '.join(tags)}]" if tags else "")
        lines += wrap(text, width, "  ", "      ")
    return lines


def render(answer: dict[str, Any], *, width: int = 80, full: bool = False, color: bool = False) -> str:
    paint = Painter(color)
    rec = answer["record"]
    lines = _header(answer, width, paint)
    if answer.get("your_call"):
        lines += _your_call(answer, width, paint)
    if answer["replacements"]:
        lines += _equivalents(answer, width, paint)
    if rec.get("behaviour_changes"):
        lines += _changes(rec, width, paint)
    lines += _options(answer, width, full, paint)
    if rec.get("see_also"):
        lines += ["", *wrap("see also: " + ", ".join(r.replace(":", " ") for r in rec["see_also"]), width, "", "  ")]
    if full and not answer.get("retired"):
        for note in rec.get("notes", []):
            lines += wrap(f"note: {note}", width, "", "  ")
        lines += ["", paint("sources:", "bold")]
        for src in rec["sources"]:
            sym = f" ({src['symbol']})" if src.get("symbol") else ""
            lines += wrap(f"{src['repo']} {src['ref']} {src['path']}{sym}", width, "  ", "    ")
    elif rec.get("notes") or rec.get("options") or rec["sources"]:
        lines.append(paint("(--full: what each option means, notes and sources)", "dim"))
    return "\n".join(lines) + "\n"


def render_topic(topic: dict[str, Any], *, width: int = 80, color: bool = False) -> str:
    """A topic: its title and summary, the answer, and where the detail is."""
    paint = Painter(color)
    lines = wrap(f"{paint(topic['title'], 'bold')}: {topic['summary']}",
                 width + len(paint(topic["title"], "bold")) - len(topic["title"]), "", "  ")
    for text in topic.get("details", []):
        lines += ["", *wrap(text, width, "  ", "  ")]
    refs = [("commands", [r.replace(":", " ") for r in topic.get("commands", [])]),
            ("config keys", [r.replace(":", " ") for r in topic.get("config_keys", [])]),
            ("xend", topic.get("xend", []))]
    for label, items in refs:
        if items:
            lines += ["", *wrap(f"{paint(label + ':', 'bold')} {', '.join(items)}", width, "", "  ")]
    lines += ["", *wrap("also searched as: " + ", ".join(topic["words"]), width, "", "  ")]
    return "\n".join(lines) + "\n"
