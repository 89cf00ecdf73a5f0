"""Lay an xm call's words out as the target command line (the record's `args` items, or the same layout
when there are none) and turn the result into byte edits.

Edits are made word by word whenever the positional words keep their order, so spacing, quoting and line
continuations of the untouched words survive; only a reordering rewrites the whole argument span.  Options
are edited where they stand: xl (GNU getopt) and virsh both accept options anywhere on the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xlref.data.callform import bindings, fill, missing_words, placeholder, positional_names
from xlref.findings import Edit
from xlref.lint.model import Arg, Plan
from xlref.lint.options import Split
from xlref.lint.values import ConfigKeys, check, transform, txt


@dataclass
class Piece:
    text: str
    first: int | None = None  # source word (index into call.args) this piece stands for; None: inserted
    last: int | None = None
    option: bool = False
    placeholder: bool = False  # a value the user has to supply (`<DOMAIN>`, `<DOM.xml>`)


def pieces(args: list[Arg], rec: dict[str, Any], repl: dict[str, Any], sp: Split, mapped: dict[int, list[str]],
           plan: Plan, config: ConfigKeys | None, global_option: str | None = None) -> list[Piece]:
    """The target words in target order, each tied to the source words it replaces (`global_option`, such
    as virsh -q, goes before the command name)."""
    out = [Piece(f"{global_option} {repl['command']}" if global_option else repl["command"], 0, 0)]
    opt_last: dict[int, int] = {}
    for o in sp.opts:
        opt_last[o.first] = max(o.last, opt_last.get(o.first, o.first))
    items = repl.get("args")
    if items is None:
        i = 1
        while i < len(args):
            if i in opt_last:
                out.append(Piece(" ".join(mapped.get(i, [])), i, opt_last[i], True))
                i = opt_last[i] + 1
                continue
            out.append(Piece(txt(args[i].raw), i, i))
            i += 1
        # a call typed without its positionals still needs them (`xl pause <DOMAIN>`)
        out.extend(Piece(w, placeholder=True) for w in missing_words(rec, len(sp.pos)))
        return out
    used: set[int] = set()
    highest = 0
    names = positional_names(rec)
    # placeholders are filled with the words as the script spells them, to be pasted back into it:
    # `xm migrate web1 "$H"` -> xen+ssh://"$H"/system, which the shell expands the same way
    values = bindings(rec, [_as_typed(txt(args[i].raw)) for i in sp.pos])
    for it in items:
        if "pos" in it:
            n = it["pos"]
            highest = max(highest, n)
            if n > len(sp.pos):
                if not it.get("optional"):
                    name = names[n - 1] if n <= len(names) else f"VALUE{n}"
                    out.append(Piece(placeholder(name, it.get("unit")), placeholder=True))
                    plan.block("XL103", f"the target needs {name}, which the xm call does not give")
                continue
            used.add(n)
            out.append(_positional(args, sp.pos[n - 1], it, plan, config))
        elif it.get("rest"):
            if it.get("config_line") and config is not None:
                for key in config.repeated([args[i] for i in sp.pos[highest:]]):
                    plan.block("config-repeat", f"{key}= is given more than once: xm added each to a list, xl keeps "
                                                f"only the last line; write one {key}=[...] list")
            for n in range(highest + 1, len(sp.pos) + 1):
                used.add(n)
                out.append(_positional(args, sp.pos[n - 1], it, plan, config))
        elif it.get("options"):
            out.extend(Piece(" ".join(mapped.get(first, [])), first, last, True) for first, last in opt_last.items())
        elif "literal" in it:
            out.append(Piece(it["literal"]))
        elif "placeholder" in it:
            out.append(Piece(fill(it["placeholder"], values), placeholder=True))
            plan.block("XL103", f"the target needs {it['placeholder']}, which the xm call does not give")
    if len(used) < len(sp.pos):
        lost = " ".join(txt(args[sp.pos[n - 1]].raw) for n in range(1, len(sp.pos) + 1) if n not in used)
        note = f": {repl['note']}" if repl.get("note") else ""
        plan.block("layout-args", f"the target command has no place for {lost}{note}")
    if any(mapped.get(f) for f in opt_last) and not any(it.get("options") for it in items):
        plan.block("layout-options", "the target command takes none of these options")
    return out


def _as_typed(raw: str) -> str:
    """A word as text to put in a suggestion: a quoted `"mac=$M"` is spelled mac="$M" (the same word to the
    shell) so that its key still fills <MAC>."""
    key, sep, value = raw.partition("=")
    if sep and raw[:1] in "\"'" and len(raw) > 1 and raw[-1] == raw[0] and key[1:].isidentifier():
        return f"{key[1:]}={raw[0]}{value}"
    return raw


def _positional(args: list[Arg], index: int, it: dict[str, Any], plan: Plan, config: ConfigKeys | None) -> Piece:
    arg = args[index]
    if it.get("checks"):
        check(arg, it["checks"], it.get("name", f"argument {txt(arg.raw)}"), plan)
    return Piece(transform(arg, it, plan, config), index, index)


def edits(args: list[Arg], parts: list[Piece], source: bytes) -> list[Edit]:
    """Byte edits turning the source words into `parts` (word by word when the positionals keep their order)."""
    order = [p.first for p in parts if p.first is not None and not p.option]
    covered = {i for p in parts if p.first is not None for i in range(p.first, (p.last or p.first) + 1)}
    in_place = order == sorted(order) and len(set(order)) == len(order) and covered >= set(range(len(args)))
    if not in_place:
        text = " ".join(p.text for p in parts if p.text and not p.placeholder).encode("utf-8", "surrogateescape")
        if text == source[args[0].start:args[-1].end]:
            return []
        return [Edit(args[0].start, args[-1].end, text)]
    out: list[Edit] = []
    anchor = args[0].end
    inserts: dict[int, list[str]] = {}
    for p in parts:
        if p.first is None:
            if not p.placeholder:
                inserts.setdefault(anchor, []).append(p.text)
            continue
        first, last = args[p.first], args[p.last if p.last is not None else p.first]
        if not p.option:
            anchor = last.end
        span = args[p.first:(p.last if p.last is not None else p.first) + 1]
        old = source[first.start:last.end]
        if any(source[a.start:a.end] != a.raw for a in span):  # words from a variable's value elsewhere
            old = b" ".join(a.raw for a in span)
        new = p.text.encode("utf-8", "surrogateescape")
        if new == old:
            continue
        if not new:
            out.append(Edit(args[p.first - 1].end, last.end, b""))
        else:
            out.append(Edit(first.start, last.end, new))
    out.extend(Edit(at, at, "".join(f" {t}" for t in texts).encode("utf-8", "surrogateescape"))
               for at, texts in inserts.items())
    return sorted(out)


def preview(args: list[Arg], parts: list[Piece]) -> str:
    """The target command line as the script will read: the words of a `$NAME` whose value the linter
    spliced in (optvars) are shown as `$NAME` again when the rewrite keeps them all as they are, since the
    fix leaves that word alone (`xm pause $D` with D=web1 reads `xl pause $D`, not `xl pause web1`)."""
    def origin(p: Piece) -> Arg | None:
        return args[p.first].origin if p.first is not None and p.first == p.last and not p.option else None

    kept: dict[int, bool] = {}
    for p in parts:
        if (o := origin(p)) is not None and p.first is not None:
            kept[id(o)] = kept.get(id(o), True) and p.text == txt(args[p.first].raw)
    words: list[str] = []
    shown: set[int] = set()
    for p in parts:
        o = origin(p)
        if o is not None and kept.get(id(o)) and sum(1 for a in args if a.origin is o) == \
                sum(1 for q in parts if origin(q) is o):
            if id(o) not in shown:
                shown.add(id(o))
                words.append(txt(o.raw))
            continue
        if p.text:
            words.append(p.text)
    return " ".join(words)
