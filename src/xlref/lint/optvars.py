"""Options (or other words) held in variables: `xm shutdown $dom $STOP_OPTS` with `STOP_OPTS="-w"` set in this
file or a file it sources.  An unquoted `$NAME` whose one static value is known becomes that value's words, so
the rewriter sees the options; its edits there are refused later (the value is shared text the linter does
not change), which the finding reports with the value to set."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from xlref.lint.context import content_span
from xlref.lint.model import Arg
from xlref.lint.shell import Node
from xlref.lint.symbols import expansion_name

if TYPE_CHECKING:
    from xlref.lint.scanner import Scanner


_EXPANSIONS = ("simple_expansion", "expansion")
_PLAIN = re.compile(rb"\$\{?\w+\}?")


class Spliced:
    def __init__(self, det: Scanner) -> None:
        self.det = det
        #: by id() of the Arg, which is kept alive with it (so the id cannot be reused for another Arg)
        self._splices: dict[int, tuple[Arg, tuple[str, int, int]]] = {}

    def arguments(self, words: list[Node], source: bytes, base: int, programs: Mapping[str, object]) -> list[Arg]:
        """The call's words; an unquoted `$NAME` with one static value becomes that value's words."""
        from xlref.lint.scanner import word_args

        args = word_args(words, source, base)
        if not any(w.type in _EXPANSIONS for w in words):
            return args  # no `$NAME` word: nothing to splice
        out: list[Arg] = []
        for arg, node in zip(args, _nodes(words, source, base), strict=True):
            name = expansion_name(node) if node is not None and node.type in _EXPANSIONS \
                else None
            if name is None or name[:1].isdigit() or not _PLAIN.fullmatch(arg.raw) or name in programs:
                out.append(arg)
                continue
            spliced = self._splice(name, arg)
            out.extend(spliced if spliced is not None else [arg])
        return out

    def _splice(self, name: str, arg: Arg) -> list[Arg] | None:
        defs = self.det.symbols.defs(name)
        values = {d.text for d in defs}
        if not defs or None in values or len(values) != 1:
            return None
        d = defs[0]
        text = d.text or ""
        span = content_span(d.value) if d.value is not None else None
        where = (arg.start, arg.end)
        pieces: list[tuple[int, int, str]] = []
        for m in re.finditer(r"\S+", text):
            if span is not None and span[2] and len(defs) == 1 and d.own and not self.det.library:
                pieces.append((span[0] + m.start(), span[0] + m.end(), m.group()))
                where = (span[0], span[1])
            else:
                pieces.append((arg.start, arg.end, m.group()))
        out = [Arg(a, z, w.encode("utf-8", "surrogateescape"), None, w) for a, z, w in pieces]
        for a in out:
            a.origin = arg
            self._splices[id(a)] = (a, (name, *where))
        if not out:
            self._splices[id(arg)] = (arg, (name, arg.start, arg.end))
        return out

    def splice_of(self, arg: Arg) -> tuple[str, int, int] | None:
        hit = self._splices.get(id(arg))
        return hit[1] if hit is not None and hit[0] is arg else None

    def splices(self, args: list[Arg]) -> tuple[tuple[str, int, int], ...]:
        """The (variable, start, end) of each argument that comes from a variable's value."""
        if not self._splices:
            return ()
        return tuple(s for a in args if (s := self.splice_of(a)) is not None)


def _nodes(words: list[Node], source: bytes, base: int) -> list[Node | None]:
    """The node of each Arg word_args makes (None for words it joined)."""
    out: list[Node | None] = []
    prev_end = -1
    for w in words:
        if out and prev_end == w.start_byte:
            out[-1] = None
        else:
            out.append(w)
        prev_end = w.end_byte
    return out
