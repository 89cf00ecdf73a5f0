"""Plain data passed between detection, rewriting and the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlref.findings import Edit
from xlref.lint.consumers import Use
from xlref.lint.shell import Node, literal, shape, splits

_RANK = {"safe": 2, "unsafe": 1, "none": 0, None: 0}
_STATUS = {"safe": "safe fix", "unsafe": "unsafe fix", None: "no automatic fix"}


def fix_status(level: str | None, reason: str = "") -> str:
    """The parenthesis that ends a call finding's message: ` (safe fix)`, ` (no automatic fix: why)`."""
    status = _STATUS[level]
    return f" ({status}: {reason})" if level is None and reason else f" ({status})"


def withdrawn_message(message: str, reason: str) -> str:
    """The message of a finding whose fix was withdrawn after the fact (the judge said no): its closing
    `(safe fix...)` / `(unsafe fix: ...)` status becomes `(no automatic fix: reason)`."""
    for level in ("safe", "unsafe"):
        at = message.rfind(f" ({_STATUS[level]}")
        if at >= 0 and message.endswith(")"):
            return message[:at] + fix_status(None, reason)
    return message + fix_status(None, reason)


class Arg:
    """One word of a call.  `value` (the static text, or None when it expands at run time) and `shape` (the
    text with each expansion as `$`) are worked out on first use: most calls repeat a shape whose rewrite is
    already known and never need them."""

    __slots__ = ("_node", "_quoted", "_shape", "_value", "end", "origin", "raw", "start")

    def __init__(self, start: int, end: int, raw: bytes, node: Node | None = None,
                 value: str | None = None, shape: str | None = None) -> None:
        self.start, self.end, self.raw = start, end, raw
        #: the `$NAME` word of the call this word was spliced from (optvars), None for a word as written
        self.origin: Arg | None = None
        self._node = node
        self._value = value
        self._shape = shape if shape is not None else value
        self._quoted: bool | None = None

    @property
    def value(self) -> str | None:
        if self._node is not None and self._shape is None:
            self._value = literal(self._node)
            self._shape = shape(self._node) if self._value is None else self._value
        return self._value

    @property
    def quoted(self) -> bool:
        """A single word whatever it expands to (no unquoted expansion)."""
        if self._quoted is None:
            node = self._node
            if node is None and b"$" in self.raw and self.raw[:1] not in (b'"', b"'"):
                self._quoted = False
            else:
                self._quoted = not splits(node) if node is not None else True
        return self._quoted

    @property
    def shape(self) -> str:
        if self._shape is None:
            self.value  # noqa: B018 - fills both
        return self._shape if self._shape is not None else "$"

    def __repr__(self) -> str:
        return f"Arg({self.start}, {self.end}, {self.raw!r})"


Site = tuple[int, int]  # (start of the program path, offset of the bytes `xm`): where a fix renames the program


@dataclass
class Definition:
    """Text that several calls share and a fix would change: a variable holding the xm program or an xm command
    line, or the body of a function that runs xm with its caller's arguments.  Its edits are made for all of its
    calls or for none, so `consistent` is False (with `why`) when some use cannot be followed."""

    key: str  # "XM" (a variable), "fn:run_xm" (a function)
    label: str  # "$XM", "run_xm()" (for messages)
    sites: list[Site] = field(default_factory=list)
    consistent: bool = True
    why: str = ""
    dynamic: bool = False  # ${SBINDIR}/xm: only the bytes xm can change (fine for xl, not for virsh)
    env_default: bool = False  # XM=${XM:-xm}: the environment may name another program
    elsewhere: str = ""  # defined in a sourced file (its path): not editable from here
    line: int = 0
    region: tuple[int, int] | None = None  # the shared text (command string, function body) edits may touch

    def spoil(self, why: str) -> None:
        if self.consistent:
            self.consistent, self.why = False, why


@dataclass
class Call:
    """One invocation of xm; every offset is absolute in the file."""

    start: int  # start of the program word
    end: int  # end of the last argument
    path_start: int  # where the program's path starts (== xm for a bare `xm`)
    xm: int  # offset of the bytes `xm` in the program word
    args: list[Arg]
    output_used: bool = False
    status_used: bool = False
    status_value: bool = False  # the number it exits with reaches the script ($?, set -e, the script's status)
    partial: bool = False  # xargs supplies further arguments
    fixable: bool = True  # False inside eval or strings whose bytes are not what the shell sees
    context: str = ""  # '' | 'eval' | 'shell' | 'heredoc'
    program_dynamic: bool = False  # the program word is an expansion the linter cannot follow
    wrappers: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()  # definitions holding the program (then path_start/xm are not edited)
    regions: tuple[tuple[int, int], ...] = ()  # where argument edits may go (empty: anywhere)
    splices: tuple[tuple[str, int, int], ...] = ()  # (variable, start, end): words that come from its value
    via: str = ""  # how the call was reached, for messages ("through $STOP_CMD", "through run_xm()")
    use: Use | None = None  # who reads the output and how (consumers.describe)
    unfixable: str = ""  # why the call's text cannot be edited (when fixable is False for a special reason)
    lossy: str = ""  # why tree-sitter's words may not be bash's (xlref.lint.exact): no fix, this reason


@dataclass
class Lookup:
    """`which xm`, `command -v xm`, `[ -x /usr/sbin/xm ]`: an availability check."""

    start: int
    end: int
    path_start: int
    xm: int
    fixable: bool = True
    keys: tuple[str, ...] = ()  # checks through a variable follow that variable's fix
    via: str = ""


@dataclass
class Notice:
    """A report-only finding from detection (commands in strings that cannot be followed, watchdogs...)."""

    code: str
    start: int
    end: int
    message: str
    sites: list[Site] = field(default_factory=list)  # for an (unsafe) rename of xm in place, if any
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Detected:
    calls: list[Call] = field(default_factory=list)
    lookups: list[Lookup] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    definitions: dict[str, Definition] = field(default_factory=dict)


@dataclass
class Item:
    code: str
    start: int
    end: int
    message: str
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    """What one call becomes: its findings, its argument edits and the outcome of the fix.

    The outcome is one of three, never a fourth: `safe` (same observable behaviour), `unsafe` (differs in
    the ways listed in `unsafe`, each with a stable code and a sentence), or None (no automatic fix; `reason`
    says why and what to do instead, `reason_code` names the cause)."""

    items: list[Item] = field(default_factory=list)  # the first item carries the fix, if any
    edits: list[Edit] = field(default_factory=list)  # argument edits (the program word is separate)
    fix: str | None = "safe"  # safe | unsafe | None (no automatic fix)
    program: str = ""  # target program name (xl / virsh)
    status_on_first: bool = False  # the first item's message gets " (safe fix)" etc. once the fix is final
    reason: str = ""  # why there is no fix (and what to do instead)
    reason_code: str = ""  # stable code of that cause (a rule code, or a slug such as var-unfollowed)
    unsafe: list[tuple[str, str]] = field(default_factory=list)  # (code, why) for each difference
    assumed: list[str] = field(default_factory=list)  # host assumptions the outcome relies on

    def shifted(self, delta: int) -> Plan:
        """A copy with every offset moved by `delta` (the same call text elsewhere in a file)."""
        return Plan(
            [Item(i.code, i.start + delta, i.end + delta, i.message, i.data) for i in self.items],
            [Edit(e.start + delta, e.end + delta, e.text) for e in self.edits],
            self.fix, self.program, self.status_on_first, self.reason, self.reason_code,
            list(self.unsafe), list(self.assumed),
        )

    def worsen(self, level: str | None, code: str = "", why: str = "") -> None:
        """Lower the outcome to `level` (never raise it), remembering why."""
        if level == "unsafe" and code and all(c != code for c, _ in self.unsafe):
            self.unsafe.append((code, why))
        if level in (None, "none"):
            self.block(code, why)
            return
        if _RANK[level] < _RANK[self.fix]:
            self.fix = level

    def block(self, code: str, why: str) -> None:
        """No automatic fix; the first cause recorded is the one reported."""
        if self.fix is not None or not self.reason_code:
            self.reason, self.reason_code = why, code
        self.fix = None

    def assume(self, assumption: str) -> None:
        if assumption not in self.assumed:
            self.assumed.append(assumption)
