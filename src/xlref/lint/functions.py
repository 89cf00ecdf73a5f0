"""Shell functions the linter follows:

- runners, whose arguments are a command: `run() { "$@" || fail; }` (argv) or `run_logged() { eval "$1"; }`
  (a command string), so `run xm list` and `run_logged "$STOP $dom"` are calls;
- wrappers, which run xm with their caller's arguments: `xmrun() { xm "$@"; }`.  Each call site is a call
  (`xmrun shutdown web1` is `xm shutdown web1`); the body is edited once for all of them, so every call site
  must be rewritable, and the function must not be used in any other way;
- checkers of a binary: `need() { command -v "$1" >/dev/null; }`, so `need xm` is an availability check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xlref.lint.context import output_used, status_used, use_of
from xlref.lint.model import Call, Definition, Notice
from xlref.lint.shell import Node, enclosing, literal
from xlref.lint.sources import Unit
from xlref.lint.status import status_value_read
from xlref.lint.wrappers import Effective, effective

if TYPE_CHECKING:
    from xlref.lint.scanner import Scanner

_POSITIONAL = re.compile(rb'^"?\$(?:\{?([1-9])\}?|\{?([@*])\}?)"?$')
_PARAM = re.compile(rb"\$\{?[1-9@*]")
#: what a mention of a wrapper's name can sit in: a call, its own definition, or text that runs nothing
_SITE_KINDS = ("command", "function_definition", "comment", "string", "raw_string", "heredoc_body")
#: before a positional parameter (after an optional quote and blanks), what makes a function a runner or a
#: checker: the start of a command ("$@"), or eval / sh -c / which / command -v / type / hash / test -x
#: (a cheap filter before walking any body)
_STARTS = b"\n;&|{("
_KEYWORDS = ((b"then", False), (b"do", False), (b"else", False), (b"eval", True), (b"which", True),
             (b"type", True), (b"hash", True), (b"-c", True), (b"-v", True), (b"-x", True))
_LAST = frozenset(w[-1] for w, _ in _KEYWORDS)
_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _runs_here(source: bytes, i: int) -> bool:
    """Does the parameter at `i` start a command, or follow a keyword that runs or looks up its word?"""
    j = i - 1 if i and source[i - 1] == 0x22 else i  # "$@"
    k = j
    while k and source[k - 1] in b" \t":
        k -= 1
    if k == 0 or source[k - 1] in _STARTS:
        return True
    if source[k - 1] not in _LAST:
        return False
    for word, needs_blank in _KEYWORDS:
        if (k < j or not needs_blank) and source.endswith(word, 0, k):
            s = k - len(word)
            if s == 0 or (source[s - 1] in b" \t\n\r\f\v" if word[0] == 0x2D else source[s - 1] not in _WORD):
                return True
    return False


def _may_run_arguments(source: bytes) -> bool:
    return any(_runs_here(source, m.start()) for m in _PARAM.finditer(source))


@dataclass
class Wrapper:
    name: str
    call: Call  # the call in the body; its argument words that are positional parameters are `refs`
    refs: dict[int, str]  # index into call.args -> "1".."9" or "@"
    body: tuple[int, int]
    unit: Unit
    problems: list[str] = field(default_factory=list)


def _commands(body: Node) -> list[Node]:
    out, stack = [], [body]
    while stack:
        node = stack.pop()
        if node.type == "command":
            out.append(node)
        stack.extend(c for c in node.children if c.named_child_count or c.type == "command")
    return out


class Functions:
    def __init__(self, det: Scanner) -> None:
        self.det = det
        self.wrappers: dict[str, Wrapper] = {}
        self._runners: dict[str, str] | None = None
        self._checkers: set[str] = set()

    @property
    def runners(self) -> dict[str, str]:
        """name -> 'plain' (runs "$@") or 'eval' (evaluates its arguments as a command string)."""
        if self._runners is None:
            self._runners = {}
            if not any(_may_run_arguments(u.source) for u in self.det.symbols.units):
                return self._runners
            for name, fd in self.det.symbols.functions.items():
                if not _may_run_arguments(fd.body.text or b""):
                    continue
                for cmd in _commands(fd.body):
                    eff = effective(cmd)
                    if eff.words and (m := _POSITIONAL.match(eff.words[0].text or b"")) and m.group(2):
                        self._runners[name] = "plain"
                    elif any(_POSITIONAL.match(w.text or b"") for w, _ in eff.embedded):
                        self._runners[name] = "eval"
                    elif any(_POSITIONAL.match(w.text or b"") for w in eff.lookup):
                        self._checkers.add(name)
        return self._runners

    @property
    def checkers(self) -> set[str]:
        self.runners  # noqa: B018 - fills both
        return self._checkers

    def wraps(self, call: Call, command: Node | None) -> bool:
        """Is `call` the body of a function that hands its own arguments to xm?  Then record it."""
        if command is None or not any(_POSITIONAL.match(a.raw) for a in call.args):
            return False
        func = command.parent
        while func is not None and func.type != "function_definition":
            func = func.parent
        if func is None:
            return False
        refs = {}
        for i, a in enumerate(call.args):
            m = _POSITIONAL.match(a.raw)
            if m:
                refs[i] = m.group(1).decode() if m.group(1) else "@"
        if 0 not in refs and "@" not in refs.values():
            return False  # `xm shutdown "$1"`: a domain operand, an ordinary call
        name_node, body = func.child_by_field_name("name"), func.child_by_field_name("body")
        if name_node is None or body is None:
            return False
        name = (name_node.text or b"").decode("utf-8", "replace")
        wrapper = Wrapper(name, call, refs, (body.start_byte, body.end_byte), self.det.symbols.own)
        if re.search(rb"(?<![\w-])(?:shift|set[ \t]+--)(?![\w-])", body.text or b""):
            wrapper.problems.append(f"{name}() shifts or resets its arguments")
        self.wrappers[name] = wrapper
        return True

    def adopt(self, other: Functions, unit: Unit) -> None:
        for name, wrapper in other.wrappers.items():
            wrapper.unit = unit
            self.wrappers.setdefault(name, wrapper)

    # -- call sites ----------------------------------------------------------------------------------------
    def resolve_call_sites(self) -> None:
        for name, wrapper in self.wrappers.items():
            key = f"fn:{name}"
            definition = self.det.out.definitions.setdefault(key, Definition(key, f"{name}()"))
            definition.region = wrapper.body
            template = wrapper.call
            own = wrapper.unit.own
            if not own:
                definition.elsewhere = wrapper.unit.path
            elif not template.keys:
                definition.sites.append((template.path_start, template.xm))
            for problem in wrapper.problems:
                definition.spoil(problem)
            sites = self._sites(name, definition)
            if not sites and own:
                self.det.out.notices.append(Notice(
                    "XL901", template.start, template.end,
                    f"xm runs with the arguments of {name}(), which nothing in this file calls; "
                    "check what its callers pass"))
            for command, eff in sites:
                self._site_call(wrapper, key, command, eff)

    def _sites(self, name: str, definition: Definition) -> list[tuple[Node, Effective]]:
        src, root = self.det.source, self.det.tree.root_node
        out: list[tuple[Node, Effective]] = []
        for m in re.finditer(rb"(?<![\w$./-])" + re.escape(name.encode()) + rb"(?![\w./-])", src):
            cur = enclosing(root, m.start(), m.end(), _SITE_KINDS)
            if cur is None or cur.type == "function_definition":
                if cur is None:
                    node = root.descendant_for_byte_range(m.start(), m.end())
                    definition.spoil(f"{name} is used at line {node.start_point[0] + 1 if node else 0} "
                                     "in a way the linter cannot follow")
                continue
            if cur.type in ("comment", "heredoc_body"):
                continue
            command: Node | None = cur
            while command is not None and command.type != "command":
                command = command.parent
            eff = self.det.command_effective(command) if command is not None else None
            prog = literal(eff.words[0]) if eff is not None and eff.words else None
            if cur.type == "command" and eff is not None and eff.words and \
                    eff.words[0].start_byte == m.start() and prog == name:
                out.append((cur, eff))
            elif prog not in ("echo", "printf", "logger"):
                definition.spoil(f"line {cur.start_point[0] + 1} uses {name} other than by calling it")
        return out

    def _site_call(self, wrapper: Wrapper, key: str, command: Node, eff: Effective) -> None:
        site = self.det.vars.arguments(eff.words[1:], self.det.source, 0)
        args = []
        for i, a in enumerate(wrapper.call.args):
            ref = wrapper.refs.get(i)
            if ref is None:
                args.append(a)
            elif ref == "@":
                args.extend(site)
            elif int(ref) <= len(site):
                args.append(site[int(ref) - 1])
        name_word = eff.words[0]
        template = wrapper.call
        call = Call(
            start=name_word.start_byte, end=command.end_byte, path_start=-1, xm=-1, args=args,
            output_used=output_used(command) or template.output_used,
            status_used=status_used(command) or template.status_used, partial=template.partial,
            status_value=status_value_read(command, self.det.errexit),
            fixable=template.fixable, context=template.context, wrappers=template.wrappers,
            keys=(key, *template.keys), regions=(wrapper.body, (command.start_byte, command.end_byte)),
            splices=(*template.splices, *(s for a in site if (s := self.det.vars.splice_of(a)) is not None)),
            via=f"through {wrapper.name}()",
            use=template.use if template.use is not None and template.use.read else use_of(
                command, scope=self.det.scope(0)),
        )
        self.det.out.calls.append(call)
