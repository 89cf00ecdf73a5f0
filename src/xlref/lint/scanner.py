"""What the detector's helpers (functions, optvars, uses, variables, watch) use of the detector: its scan
context and a protocol, so that they need not import the module that imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from xlref.lint.consumers import Scope, Use
from xlref.lint.model import Arg, Call, Detected
from xlref.lint.shell import Node, Tree
from xlref.lint.symbols import Symbols
from xlref.lint.wrappers import Effective

PATH_STOP = frozenset(b" \t\r\n\"'=;|&(){}`<>:")


def path_start(source: bytes, o: int, floor: int) -> int:
    """Where the path that ends in the `xm` at `o` begins (not before `floor`)."""
    while o > floor and source[o - 1] not in PATH_STOP:
        o -= 1
    return o


def word_args(words: list[Node], source: bytes, base: int) -> list[Arg]:
    """Args for the words of a call.  Words tree-sitter splits although no blank separates them
    (`$D/$N.cfg`) are joined again, so an edit never puts a space inside one shell word."""
    out: list[Arg] = []
    for w in words:
        if out and out[-1].end == w.start_byte + base:
            prev = out.pop()
            raw = source[prev.start - base:w.end_byte]
            out.append(Arg(prev.start, w.end_byte + base, raw, None, None, "$"))
            continue
        out.append(Arg(w.start_byte + base, w.end_byte + base, w.text or b"", w))
    return out


@dataclass(frozen=True)
class Ctx:
    base: int = 0
    output_used: bool = False
    status_used: bool = False
    fixable: bool = True
    context: str = ""
    clamp: tuple[int, int] | None = None  # report calls at this span (text that is not the file's bytes)
    use: Use | None = None  # the use of the command whose string this text is (ssh HOST "xm list")
    status_value: bool = False  # that command's exit number reaches the script (status.status_value_read)


class Scanner(Protocol):
    """The detector (xlref.lint.detect.Detector) as its helpers see it."""

    source: bytes
    tree: Tree
    is_subcommand: Callable[[str], bool]
    symbols: Symbols
    library: bool
    out: Detected
    errexit: bool
    funcs: Any  # functions.Functions (which sees the detector through this protocol)
    vars: Any  # variables.Variables (likewise)

    def command_effective(self, command: Node, base: int = 0) -> Effective: ...

    def make_call(self, command: Node, eff: Effective, words: list[Node], prog: Node, start: int, o: int,
                  source: bytes, ctx: Ctx, dynamic: bool = False) -> Call: ...

    def scope(self, base: int) -> Scope | None: ...

    def add_call(self, call: Call, command: Node | None = None) -> None: ...
