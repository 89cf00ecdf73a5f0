"""Plain data passed between detection, rewriting and the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlref.findings import Edit
from xlref.lint.consumers import Use
from xlref.lint.shell import Node, literal

_RANK = {"safe": 2, "unsafe": 1, "none": 0, None: 0}
_STATUS = {"safe": "safe fix", "unsafe": "unsafe fix", None: "no automatic fix"}


def fix_status(level: str | None, reason: str = "") -> str:
    """The parenthesis that ends a call finding's message: ` (safe fix)`, ` (no automatic fix: why)`."""
    status = _STATUS[level]
    return f" ({status}: {reason})" if level is None and reason else f" ({status})"


def withdrawn_message(message: str, reason: str) -> str:
    """The message of a finding whose fix was withdrawn after the fact (the judge said no)."""
    for level in ("safe", "unsafe"):
        tail = fix_status(level)
        if message.endswith(tail):
            return message[: -len(tail)] + fix_status(None, reason)
    return message + fix_status(None, reason)


class Arg:
    """One word of a call.  `value` (the static text, or None when it expands at run time) is worked out
    on first use: most calls repeat a shape whose rewrite is already known and never need it."""

    __slots__ = ("_node", "_value", "end", "raw", "start")

    def __init__(self, start: int, end: int, raw: bytes, node: Node | None = None,
                 value: str | None = None) -> None:
        self.start, self.end, self.raw = start, end, raw
        self._node = node
        self._value = value

    @property
    def value(self) -> str | None:
        if self._node is not None:
            self._value = literal(self._node)
            self._node = None
        return self._value

    def __repr__(self) -> str:
        return f"Arg({self.start}, {self.end}, {self.raw!r})"


@dataclass
class Assignment:
    start: int  # start of the xm path inside the value (for the edit)
    xm: int  # offset of the bytes `xm`
    end: int  # end of the whole assignment
    whole: bool = False  # the value is a whole command line ("xm list"), not just the program
    dynamic: bool = False  # the directory part expands (${SBINDIR}/xm): only `xm` itself can be edited


@dataclass
class Binding:
    name: str
    assignments: list[Assignment] = field(default_factory=list)
    consistent: bool = True


@dataclass
class Call:
    """One invocation of xm; every offset is absolute in the file."""

    start: int  # start of the program word
    end: int  # end of the last argument
    path_start: int  # where the program's path starts (== xm for a bare `xm`)
    xm: int  # offset of the bytes `xm` in the program word (or in the assignment, for a variable)
    args: list[Arg]
    output_used: bool = False
    status_used: bool = False
    partial: bool = False  # xargs supplies further arguments
    fixable: bool = True  # False inside eval or strings whose bytes are not what the shell sees
    context: str = ""  # '' | 'eval' | 'shell' | 'heredoc'
    binding: Binding | None = None
    program_dynamic: bool = False  # the program word is an expansion (${XM:-xm})
    wrappers: tuple[str, ...] = ()
    use: Use | None = None  # who reads the output and how (consumers.describe)
    lossy: str = ""  # why tree-sitter's words may not be bash's (xlref.lint.exact): no fix, this reason


@dataclass
class Lookup:
    """`which xm`, `command -v xm`, `[ -x /usr/sbin/xm ]`: an availability check."""

    start: int
    end: int
    path_start: int
    xm: int
    fixable: bool = True


@dataclass
class Detected:
    calls: list[Call] = field(default_factory=list)
    lookups: list[Lookup] = field(default_factory=list)
    whole_commands: list[tuple[Binding, Assignment]] = field(default_factory=list)
    bindings: dict[str, Binding] = field(default_factory=dict)


@dataclass
class Item:
    code: str
    start: int
    end: int
    message: str
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    items: list[Item] = field(default_factory=list)  # the first item carries the fix, if any
    edits: list[Edit] = field(default_factory=list)  # argument edits (the program word is separate)
    fix: str | None = "safe"  # safe | unsafe | None (no automatic fix)
    program: str = ""  # target program name (xl / virsh)
    status_on_first: bool = False  # the first item's message gets " (safe fix)" etc. once the fix is final
    reason: str = ""  # why there is no fix, when the engine decides it (variable, string context)

    def shifted(self, delta: int) -> Plan:
        """A copy with every offset moved by `delta` (the same call text elsewhere in a file)."""
        return Plan(
            [Item(i.code, i.start + delta, i.end + delta, i.message, i.data) for i in self.items],
            [Edit(e.start + delta, e.end + delta, e.text) for e in self.edits],
            self.fix, self.program, self.status_on_first, self.reason,
        )

    def worsen(self, level: str | None) -> None:
        if _RANK[level] < _RANK[self.fix]:
            self.fix = None if level == "none" else level
