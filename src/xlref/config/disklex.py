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
from dataclasses import dataclass, field
from functools import lru_cache

FORMATS = {"": "raw", "raw": "raw", "qcow": "qcow", "qcow2": "qcow2", "vhd": "vhd", "empty": "empty", "qed": "qed"}
BACKENDS = ("phy", "tap", "qdisk", "standalone")
SPECIFICATIONS = ("xen", "virtio")
#: the prefixes xm put before a path that libxlu still accepts, and drops
DROPPED_PREFIXES = ("tapdisk", "tap2", "tap", "aio", "ioemu", "file", "phy")


@dataclass
class LibxlDisk:
    """The fields of libxl_device_disk that xlu_disk_parse fills in (None/"unknown" when not given)."""

    target: str | None = None  # pdev_path
    vdev: str | None = None
    format: str = "unknown"
    backend: str = "unknown"
    specification: str = "unknown"
    backend_domain: str | None = None
    script: str | None = None
    readwrite: bool = True
    cdrom: bool = False
    removable: bool = False
    #: the deprecated xm prefixes met, in order (tap, aio, phy...; format and script prefixes included)
    prefixes: list[str] = field(default_factory=list)
    #: every other key=value or flag given (discard, colo-host=..., grant_usage=...)
    options: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _State:
    def __init__(self) -> None:
        self.disk = LibxlDisk()
        self.had_depr_prefix = False
        self.access_set = False
        self.stop = False

    def err(self, near: str | None, message: str) -> None:
        self.disk.errors.append(message + (f": near `{near}'" if near is not None else ""))

    def save(self, what: str, attr: str, value: str) -> None:
        old = getattr(self.disk, attr)
        if old:
            self.err(value, f"{what} respecified")
            return
        setattr(self.disk, attr, value)

    def dset(self, attr: str, value: str, near: str) -> None:
        old = getattr(self.disk, attr)
        if old not in ("unknown", value):
            self.err(near, f"{attr} respecified")
        else:
            setattr(self.disk, attr, value)

    def setformat(self, text: str) -> None:
        if text in FORMATS:
            self.dset("format", FORMATS[text], text)
        else:
            self.err(text, "unknown value for format")

    def setaccess(self, text: str) -> None:
        if text in ("r", "ro"):
            self.disk.readwrite = False
        elif text in ("rw", "w", ""):
            self.disk.readwrite = True
        else:
            self.err(text, "unknown value for access")

    def vdev_and_devtype(self, text: str) -> bool:
        """libxlu's vdev_and_devtype: VDEV:cdrom / VDEV:disk (the last colon splits)."""
        vdev, colon, kind = text.rpartition(":")
        if not colon:
            return False
        self.save("vdev", "vdev", vdev)
        if kind == "cdrom":
            self.disk.cdrom = True
        elif kind == "disk":
            self.disk.cdrom = False
        else:
            self.err(kind, "unknown deprecated type")
        return True


def _strip(text: str) -> str:
    return text[:-1] if text.endswith(",") else text


def _after_equals(text: str) -> str:
    return _strip(text).split("=", 1)[1]


def _option(name: str) -> Callable[[_State, str], None]:
    def act(st: _State, text: str) -> None:
        st.disk.options[name] = _after_equals(text) if "=" in text else ""
    return act


def _flag(name: str, value: str) -> Callable[[_State, str], None]:
    def act(st: _State, text: str) -> None:
        st.disk.options[name] = value
    return act


def _backendtype(st: _State, text: str) -> None:
    val = _after_equals(text)
    if val in BACKENDS:
        st.dset("backend", val, val)
    else:
        st.err(val, "unknown value for backendtype")


def _specification(st: _State, text: str) -> None:
    val = _after_equals(text)
    if val in SPECIFICATIONS:
        st.dset("specification", val, val)
    else:
        st.err(val, "unknown value for specification")


def _colo_port(st: _State, text: str) -> None:
    val = _after_equals(text)
    m = re.match(r"\s*[+-]?[0-9]+", val)  # atoi
    if m and int(m.group(0)):
        st.disk.options["colo-port"] = val
    else:
        st.err(val, "unknown value for colo_port")


def _set_cdrom(value: bool) -> Callable[[_State, str], None]:
    def act(st: _State, text: str) -> None:
        st.disk.cdrom = value
    return act


def _format_prefix(st: _State, text: str) -> None:
    name = text[:-1]
    st.had_depr_prefix = True
    st.disk.prefixes.append(name)
    st.setformat(name)


def _script_prefix(st: _State, text: str) -> None:
    name = text[:-1]
    st.had_depr_prefix = True
    st.disk.prefixes.append(name)
    st.save("script", "script", "block-" + name)


def _dropped_prefix(st: _State, text: str) -> None:
    st.had_depr_prefix = True
    st.disk.prefixes.append(text[:-1])


def _unknown_prefix(st: _State, text: str) -> None:
    st.err(text, "unknown deprecated disk prefix")
    st.stop = True


def _positional(st: _State, text: str) -> None:
    token = _strip(text)
    disk = st.disk
    if disk.errors:
        return  # libxlu: previous errors may just lead to subsequent ones
    if disk.target is None:
        disk.target = token
    elif not st.had_depr_prefix and disk.format == "unknown":
        if not disk.target and st.vdev_and_devtype(token):
            disk.format = "empty"
        else:
            st.setformat(token)
    elif disk.vdev is None:
        if not st.vdev_and_devtype(token):
            st.save("vdev", "vdev", token)
    elif not st.access_set:
        st.access_set = True
        st.setaccess(token)
    else:
        st.err(token, "too many positional parameters")
        st.stop = True


def _ignore(st: _State, text: str) -> None:
    return None


def _str_setter(what: str, attr: str) -> Callable[[_State, str], None]:
    def act(st: _State, text: str) -> None:
        st.save(what, attr, _after_equals(text))
    return act


def _unknown_param(st: _State, text: str) -> None:
    st.err(text, "unknown parameter")


_Action = Callable[[_State, str], None]
#: (pattern consumed, trailing context or None, action) in the order of the lexer source
_RULES: list[tuple[re.Pattern[str], re.Pattern[str] | None, _Action]] = [
    (re.compile(r"[ \t\n]+"), re.compile(r"(?:[^ \t\n].*)?"), _ignore),
    (re.compile(r"format=[^,]*,?"), None, lambda st, t: st.setformat(_after_equals(t))),
    (re.compile(r"cdrom,?"), None, _set_cdrom(True)),
    (re.compile(r"devtype=cdrom,?"), None, _set_cdrom(True)),
    (re.compile(r"devtype=disk,?"), None, _set_cdrom(False)),
    (re.compile(r"devtype=[^,]*,?"), None, lambda st, t: st.err(t, "unknown value for type")),
    (re.compile(r"access=[^,]*,?"), None, lambda st, t: st.setaccess(_after_equals(t))),
    (re.compile(r"backend=[^,]*,?"), None, _str_setter("backend", "backend_domain")),
    (re.compile(r"backendtype=[^,]*,?"), None, _backendtype),
    (re.compile(r"specification=[^,]*,?"), None, _specification),
    (re.compile(r"vdev=[^,]*,?"), None, _str_setter("vdev", "vdev")),
    (re.compile(r"script=[^,]*,?"), None, _str_setter("script", "script")),
    (re.compile(r"direct-io-safe,?"), None, _flag("direct-io-safe", "1")),
    (re.compile(r"discard,?"), None, _flag("discard", "1")),
    (re.compile(r"no-discard,?"), None, _flag("discard", "0")),
    (re.compile(r"colo,?"), None, _flag("colo", "1")),
    (re.compile(r"no-colo,?"), None, _flag("colo", "0")),
    (re.compile(r"colo-host=[^,]*,?"), None, _option("colo-host")),
    (re.compile(r"colo-port=[^,]*,?"), None, _colo_port),
    (re.compile(r"colo-export=[^,]*,?"), None, _option("colo-export")),
    (re.compile(r"active-disk=[^,]*,?"), None, _option("active-disk")),
    (re.compile(r"hidden-disk=[^,]*,?"), None, _option("hidden-disk")),
    (re.compile(r"trusted,?"), None, _flag("trusted", "1")),
    (re.compile(r"untrusted,?"), None, _flag("trusted", "0")),
    (re.compile(r"grant_usage=1,?"), None, _flag("grant_usage", "1")),
    (re.compile(r"grant_usage=0,?"), None, _flag("grant_usage", "0")),
    (re.compile(r"target=.*"), None, lambda st, t: st.save("target", "target", _after_equals(t))),
    (re.compile(r"[a-z][-a-z0-9]*=[^,],?"), None, _unknown_param),
    (re.compile(r"(?:raw|qcow2?|vhd):"), re.compile(r".*"), _format_prefix),
    (re.compile(r"(?:iscsi|e?nbd|drbd):"), re.compile(r".*"), _script_prefix),
    (re.compile(r"tapdisk:"), re.compile(r".*"), _dropped_prefix),
    (re.compile(r"tap2?:"), re.compile(r".*"), _dropped_prefix),
    (re.compile(r"aio:"), re.compile(r".*"), _dropped_prefix),
    (re.compile(r"ioemu:"), re.compile(r".*"), _dropped_prefix),
    (re.compile(r"file:"), re.compile(r".*"), _dropped_prefix),
    (re.compile(r"phy:"), re.compile(r".*"), _dropped_prefix),
    (re.compile(r"[a-z][a-z0-9]*:"), re.compile(r"(?:[^a-z0-9].*)?"), _unknown_prefix),
    (re.compile(r"[^=,]*,|[^=,]+,?"), None, _positional),
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


def _scan(st: _State, spec: str) -> None:
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
    st = _State()
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
