"""xl's disk spec parser, rule for rule: a port of libxlu's flex scanner (tools/libs/util/libxlu_disk_l.l and
libxlu_disk.c, RELEASE-4.22.0) so that xlref reads a `disk = [...]` entry exactly the way `xl create` does.

How flex picks a rule, and so how this port does: at each position every rule is tried, the longest match wins
and among equally long matches the rule written first wins.  A rule with trailing context (`r/s`) counts the
length of `r` and `s` but consumes only `r`; the deprecated-prefix rules use `/.*` so that they win over
everything except `target=` (see the comment in the lexer source).  The tests compare this port with the real
`xlu_disk_parse` (libxlutil) on corpus specs and on generated ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from xlref.config.disklex_actions import (
    DROPPED_PREFIXES,
    LibxlDisk,
    State,
    after_equals,
    backendtype,
    colo_port,
    dropped_prefix,
    flag,
    format_prefix,
    ignore,
    option,
    positional,
    script_prefix,
    set_cdrom,
    specification,
    str_setter,
    unknown_param,
    unknown_prefix,
)

_Action = Callable[[State, str], None]
#: (pattern consumed, trailing context or None, action) in the order of the lexer source
_RULES: list[tuple[re.Pattern[str], re.Pattern[str] | None, _Action]] = [
    (re.compile(r"[ \t\n]+"), re.compile(r"(?:[^ \t\n].*)?"), ignore),
    (re.compile(r"format=[^,]*,?"), None, lambda st, t: st.setformat(after_equals(t))),
    (re.compile(r"cdrom,?"), None, set_cdrom(True)),
    (re.compile(r"devtype=cdrom,?"), None, set_cdrom(True)),
    (re.compile(r"devtype=disk,?"), None, set_cdrom(False)),
    (re.compile(r"devtype=[^,]*,?"), None, lambda st, t: st.err(t, "unknown value for type")),
    (re.compile(r"access=[^,]*,?"), None, lambda st, t: st.setaccess(after_equals(t))),
    (re.compile(r"backend=[^,]*,?"), None, str_setter("backend", "backend_domain")),
    (re.compile(r"backendtype=[^,]*,?"), None, backendtype),
    (re.compile(r"specification=[^,]*,?"), None, specification),
    (re.compile(r"vdev=[^,]*,?"), None, str_setter("vdev", "vdev")),
    (re.compile(r"script=[^,]*,?"), None, str_setter("script", "script")),
    (re.compile(r"direct-io-safe,?"), None, flag("direct-io-safe", "1")),
    (re.compile(r"discard,?"), None, flag("discard", "1")),
    (re.compile(r"no-discard,?"), None, flag("discard", "0")),
    (re.compile(r"colo,?"), None, flag("colo", "1")),
    (re.compile(r"no-colo,?"), None, flag("colo", "0")),
    (re.compile(r"colo-host=[^,]*,?"), None, option("colo-host")),
    (re.compile(r"colo-port=[^,]*,?"), None, colo_port),
    (re.compile(r"colo-export=[^,]*,?"), None, option("colo-export")),
    (re.compile(r"active-disk=[^,]*,?"), None, option("active-disk")),
    (re.compile(r"hidden-disk=[^,]*,?"), None, option("hidden-disk")),
    (re.compile(r"trusted,?"), None, flag("trusted", "1")),
    (re.compile(r"untrusted,?"), None, flag("trusted", "0")),
    (re.compile(r"grant_usage=1,?"), None, flag("grant_usage", "1")),
    (re.compile(r"grant_usage=0,?"), None, flag("grant_usage", "0")),
    (re.compile(r"target=.*"), None, lambda st, t: st.save("target", "target", after_equals(t))),
    (re.compile(r"[a-z][-a-z0-9]*=[^,],?"), None, unknown_param),
    (re.compile(r"(?:raw|qcow2?|vhd):"), re.compile(r".*"), format_prefix),
    (re.compile(r"(?:iscsi|e?nbd|drbd):"), re.compile(r".*"), script_prefix),
    (re.compile(r"tapdisk:"), re.compile(r".*"), dropped_prefix),
    (re.compile(r"tap2?:"), re.compile(r".*"), dropped_prefix),
    (re.compile(r"aio:"), re.compile(r".*"), dropped_prefix),
    (re.compile(r"ioemu:"), re.compile(r".*"), dropped_prefix),
    (re.compile(r"file:"), re.compile(r".*"), dropped_prefix),
    (re.compile(r"phy:"), re.compile(r".*"), dropped_prefix),
    (re.compile(r"[a-z][a-z0-9]*:"), re.compile(r"(?:[^a-z0-9].*)?"), unknown_prefix),
    (re.compile(r"[^=,]*,|[^=,]+,?"), None, positional),
]


#: flex alternation takes the longest alternative, Python's the first: the positional rule is split in two
_POSITIONAL = (re.compile(r"[^=,]*,"), re.compile(r"[^=,]+,?"))
_LOWER = "abcdefghijklmnopqrstuvwxyz"


def _first_chars(pattern: str) -> str | None:
    """The characters a rule can start with (None: any but '=' -- the positional rule), to try fewer rules."""
    if pattern.startswith("[ \\t\\n]"):
        return " \t\n"
    if pattern.startswith("[a-z]"):
        return _LOWER
    if pattern.startswith("(?:"):
        alternatives = pattern[3:pattern.index(")")].split("|")
        # an optional first letter (e?nbd) lets the next one start the match too
        return "".join(sorted({a[0] for a in alternatives} | {a[2] for a in alternatives if a[1:2] == "?"}))
    if pattern[0].isalpha():
        return pattern[0]
    return None


def _index() -> tuple[dict[str, list[int]], list[int]]:
    by_char: dict[str, list[int]] = {}
    anywhere = [i for i, (p, _, _) in enumerate(_RULES) if _first_chars(p.pattern) is None]
    for p, _, _ in _RULES:
        for ch in _first_chars(p.pattern) or "":
            by_char.setdefault(ch, [])
    for ch in by_char:
        by_char[ch] = sorted({i for i, (p, _, _) in enumerate(_RULES) if ch in (_first_chars(p.pattern) or "")}
                             | set(anywhere))
    return by_char, anywhere


_BY_CHAR, _ANYWHERE = _index()


#: per rule: the patterns to try (longest wins), its trailing context, its action
_COMPILED = [(_POSITIONAL if i == len(_RULES) - 1 else (p,), c, a) for i, (p, c, a) in enumerate(_RULES)]


def _scan(st: State, spec: str) -> None:
    pos, end = 0, len(spec)
    while pos < end and not st.stop:
        best_len, best_take, best_act = 0, 0, None
        for index in _BY_CHAR.get(spec[pos], _ANYWHERE):
            alternatives, context, act = _COMPILED[index]
            take = -1
            for alt in alternatives:
                m = alt.match(spec, pos)
                if m is not None and m.end() - pos > take:
                    take = m.end() - pos
            if take < 0:
                continue
            total = take
            if context is not None:
                c = context.match(spec, pos + take)
                if c is None:
                    continue
                total = c.end() - pos
            if total > best_len:
                best_len, best_take, best_act = total, take, act
        if best_act is None or best_take == 0:
            # libxlu: any other character starts a lexical error that eats the rest of the spec -- reported only
            # when something follows it (<LEXERR>.* needs a character), so a bad last character passes
            if pos + 1 < end:
                st.err(spec[pos:], "bad disk syntax")
            return
        best_act(st, spec[pos:pos + best_take])
        pos += best_take


@lru_cache(maxsize=65536)
def parse_disk(spec: str) -> LibxlDisk:
    """Parse one disk spec the way xlu_disk_parse does (the same checks after the scan).  Cached: the result is
    shared, so treat it as read-only."""
    st = State()
    _scan(st, spec)
    disk = st.disk
    if disk.errors:
        return disk
    if disk.format == "unknown":
        disk.format = "raw"
    if disk.cdrom:
        disk.removable = True
        disk.readwrite = False
        if not disk.target:
            disk.format = "empty"
    if disk.vdev is None:  # libxlu tests for NULL: an empty vdev passes the parser
        st.err(None, "no vdev specified")
    elif disk.target is None and not disk.removable:
        st.err(None, "no target specified (and device not removable)")
    return disk


__all__ = ["DROPPED_PREFIXES", "LibxlDisk", "parse_disk"]
