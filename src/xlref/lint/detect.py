"""Find real `xm` calls in a parsed shell file.

Only places where the bytes `xm` occur as a word are examined (a regex scan), so the cost grows with the
number of candidates, not with the size of the syntax tree.  Each candidate is classified by walking up
from its node: comment, heredoc text, variable assignment, command name (after wrappers), argument.
Indirection (variables, command strings, wrapper functions, sourced files) is followed by the modules
variables, functions and sources; this module keeps the literal cases and builds the calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xlref.lint import functions, watch
from xlref.lint.consumers import Scope, Use
from xlref.lint.context import content_span, output_used, status_used, use_of
from xlref.lint.exact import call_problem
from xlref.lint.model import Call, Detected, Lookup
from xlref.lint.scanner import Ctx, path_start
from xlref.lint.shell import Node, Tree, literal, parse
from xlref.lint.sources import Unit
from xlref.lint.status import errexit, status_read_later, status_value_read
from xlref.lint.symbols import Symbols, expansion_name
from xlref.lint.variables import Variables
from xlref.lint.wrappers import Effective, effective

#: `xm` not followed by a word character; what precedes it is checked in Python (a look-behind alternation
#: would make the regex engine test every byte of the file instead of jumping between "xm" occurrences).
XM_WORD = re.compile(rb"xm(?![A-Za-z0-9_.\-])")
_WORDISH = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_DEFINES_XM = re.compile(rb"(?:\bfunction[ \t]+xm\b|(?<![A-Za-z0-9_.\-])xm[ \t]*\([ \t]*\))")
_DEFINES_HINT = re.compile(rb"xm[ \t]*\(|function[ \t]+xm")


class Detector:
    def __init__(self, source: bytes, tree: Tree, is_subcommand: Callable[[str], bool],
                 symbols: Symbols | None = None, library: bool = False) -> None:
        self.source = source
        self.tree = tree
        self.is_subcommand = is_subcommand
        self.symbols = symbols or Symbols(Unit("-", source, tree, True), [])
        self.library = library  # a sourced file: collect definitions, report nothing
        self.defines_xm = _DEFINES_HINT.search(source) is not None and _DEFINES_XM.search(source) is not None
        self.out = Detected()
        self.errexit = errexit(source)
        self._eff: dict[tuple[int, int, int], Effective] = {}
        self._scopes: dict[int, Scope] = {}  # per parsed text (by its offset in the file)
        self.funcs = functions.Functions(self)
        self.vars = Variables(self)

    # -- entry point -------------------------------------------------------------------------------------
    def run(self) -> Detected:
        self._scan(self.source, self.tree, Ctx(status_used=self.errexit))
        if not self.library:
            for unit in self.symbols.units:
                if not unit.own and XM_WORD.search(unit.source):
                    lib = Detector(unit.source, unit.tree, self.is_subcommand, self.symbols, library=True)
                    lib.run()
                    self.vars.adopt(lib.vars, unit)
                    self.funcs.adopt(lib.funcs, unit)
                    lib.close()
        self.vars.resolve_uses()
        if not self.library:
            self.funcs.resolve_call_sites()
        return self.out

    def close(self) -> None:
        """Drop the helpers, which point back at the detector, so that a file's analysis is freed by reference
        counting instead of waiting for the cycle collector (whose passes cost more the more garbage waits)."""
        del self.funcs, self.vars

    def _scan(self, source: bytes, tree: Tree, ctx: Ctx) -> None:
        root = tree.root_node
        self._scopes[ctx.base] = Scope(root, source)
        skip_until = -1
        for m in XM_WORD.finditer(source):
            o = m.start()
            if o < skip_until:
                continue
            if o and source[o - 1] in _WORDISH and source[max(0, o - 2):o] != b":-":
                continue
            node = root.descendant_for_byte_range(o, o + 2)
            if node is None:
                continue
            skip_until = max(skip_until, self._classify(node, o, source, ctx))

    # -- classification ----------------------------------------------------------------------------------
    def _classify(self, node: Node, o: int, source: bytes, ctx: Ctx) -> int:
        """Handle one candidate; return an offset before which further candidates were already handled."""
        cur: Node | None = node
        while cur is not None:
            kind = cur.type
            if kind == "comment":
                return -1
            if kind == "heredoc_body":
                return self._heredoc(cur, source, ctx)
            if kind == "variable_assignment":
                self.vars.assignment(cur, o, source, ctx)
                return -1
            if kind == "command":
                return self._command(cur, o, source, ctx)
            if kind == "test_command":
                self._test(cur, o, source, ctx)
                return -1
            if kind in ("case_item", "for_statement", "function_definition"):
                return -1
            cur = cur.parent
        return -1

    def command_effective(self, command: Node, base: int = 0) -> Effective:
        key = (base, command.start_byte, command.end_byte)
        eff = self._eff.get(key)
        if eff is None:
            eff = self._eff[key] = effective(command, self.funcs.runners, self.symbols.wrapper_value)
        return eff

    def _command(self, command: Node, o: int, source: bytes, ctx: Ctx) -> int:
        eff = self.command_effective(command, ctx.base)
        for word in eff.lookup:
            if word.start_byte <= o < word.end_byte:
                self._lookup(word, o, source, ctx)
                return -1
        for word, kind in eff.embedded:
            if word.start_byte <= o < word.end_byte:
                return self._embedded(command, word, kind, source, ctx)
        if not eff.words or not (eff.words[0].start_byte <= o < eff.words[0].end_byte):
            if self._set_args(command, eff, o, source, ctx):
                return -1
            if len(eff.words) > 1 and eff.words[1].start_byte <= o < eff.words[1].end_byte and \
                    literal(eff.words[0]) in self.funcs.checkers:  # need_bin xm: a function that runs `which "$1"`
                self._lookup(eff.words[1], o, source, ctx)
                return -1
            if not self.library:
                watch.check(self, command, eff, o, source, ctx)
            return -1
        prog = eff.words[0]
        name = literal(prog)
        if name is not None and name != "xm" and not name.endswith("/xm"):
            return -1
        if name == "xm" and self.defines_xm:
            return -1  # the file defines its own xm function
        if name is None and prog.type == "expansion" and expansion_name(prog) is not None:
            self.vars.inline_default(command, eff, prog, o, source, ctx)  # ${XM:-xm} list
            return -1
        start = path_start(source, o, prog.start_byte)
        call = self.make_call(command, eff, eff.words[1:], prog, start, o, source, ctx, name is None)
        self.add_call(call, command if ctx.base == 0 else None)
        return -1

    def _set_args(self, command: Node, eff: Effective, o: int, source: bytes, ctx: Ctx) -> bool:
        """`set -- xm create ...` keeps a command line in the positional parameters, run later as "$@"."""
        words = eff.words
        if len(words) < 3 or literal(words[0]) != "set" or literal(words[1]) != "--" or \
                not (words[2].start_byte <= o < words[2].end_byte):
            return False
        lit = literal(words[2])
        if lit is None or not (lit == "xm" or lit.endswith("/xm")):
            return False
        call = self.make_call(command, eff, words[3:], words[2], path_start(source, o, words[2].start_byte), o,
                              source, ctx)
        call.fixable = False
        call.unfixable = ("the command line is kept in the positional parameters (`set --`) and run later as "
                          "\"$@\"; rewrite it, and what the script adds to it, by hand")
        self.add_call(call)
        return True

    def make_call(self, command: Node, eff: Effective, words: list[Node], prog: Node, start: int, o: int,
                  source: bytes, ctx: Ctx, dynamic: bool = False) -> Call:
        base = ctx.base
        args = self.vars.arguments(words, source, base)
        end = args[-1].end if args else prog.end_byte + base
        first = prog.start_byte + base
        if ctx.clamp is not None:
            first, end = ctx.clamp
        return Call(
            start=first, end=end, path_start=start + base, xm=o + base, args=args,
            output_used=ctx.output_used or output_used(command),
            status_used=ctx.status_used or status_used(command) or status_read_later(command),
            status_value=self._value(command, ctx),
            partial=eff.partial, fixable=ctx.fixable, context=ctx.context,
            program_dynamic=dynamic, wrappers=tuple(eff.wrappers),
            splices=self.vars.splices(args), use=self.use_of(command, ctx),
            lossy=call_problem(source, command, [prog, *words]),
        )

    def _value(self, command: Node, ctx: Ctx) -> bool:
        """Does the exit number of `command` (which hands a string to a shell) reach the script?"""
        return ctx.status_value or status_value_read(command, self.errexit, not ctx.context)

    def use_of(self, command: Node, ctx: Ctx) -> Use:
        return use_of(command, ctx.output_used, ctx.use, self._scopes.get(ctx.base))

    def scope(self, base: int) -> Scope | None:
        return self._scopes.get(base)

    def add_call(self, call: Call, command: Node | None = None) -> None:
        """Record a call, unless it runs xm with its function's arguments (then its callers are the calls)."""
        if self.funcs.wraps(call, command):
            return
        if not self.library:
            self.out.calls.append(call)

    def _embedded(self, command: Node, word: Node, kind: str, source: bytes, ctx: Ctx) -> int:
        span = content_span(word)
        if span is None:
            text = literal(word)  # "xm list | grep "-"| wc -l": several quoted pieces, one word
            if text is not None and XM_WORD.search(text.encode("utf-8", "surrogateescape")):
                sub = text.encode("utf-8", "surrogateescape")
                where = (word.start_byte + ctx.base, word.end_byte + ctx.base)
                self._scan(sub, parse(sub), Ctx(word.start_byte + ctx.base, True, ctx.status_used or status_used(
                    command), False, "eval" if kind == "eval" else "shell", where, self.use_of(command, ctx),
                    self._value(command, ctx)))
            return word.end_byte
        start, end, faithful = span
        inner = Ctx(
            base=ctx.base + start,
            output_used=ctx.output_used or output_used(command),
            status_used=ctx.status_used or status_used(command),
            fixable=ctx.fixable and faithful,
            context="eval" if kind == "eval" else (ctx.context or "shell"),
            clamp=ctx.clamp, use=self.use_of(command, ctx), status_value=self._value(command, ctx),
        )
        sub = source[start:end]
        self._scan(sub, parse(sub), inner)
        return word.end_byte

    def _heredoc(self, body: Node, source: bytes, ctx: Ctx) -> int:
        red = body.parent
        stmt = red.parent if red is not None else None
        target = stmt.child_by_field_name("body") if stmt is not None else None
        if target is None or target.type != "command":
            return body.end_byte
        eff = self.command_effective(target, ctx.base)
        if eff.words or eff.embedded or not eff.stdin_script:
            return body.end_byte  # text for cat/mail/`bash restore.sh`..., not commands of a shell
        text = body.text or b""
        start = body.start_byte
        starts = [c for c in red.children if c.type == "heredoc_start"] if red is not None else []
        quoted = bool(starts) and any(c in (starts[0].text or b"") for c in b"'\"\\")
        inner = Ctx(base=ctx.base + start, output_used=ctx.output_used or output_used(target),
                    status_used=ctx.status_used, fixable=ctx.fixable and (quoted or b"\\" not in text),
                    context=ctx.context or "heredoc", use=use_of(target, ctx.output_used, ctx.use))
        self._scan(text, parse(text), inner)
        return body.end_byte

    def _lookup(self, word: Node, o: int, source: bytes, ctx: Ctx) -> None:
        text = literal(word)
        if text is None or not (text == "xm" or text.endswith("/xm")) or self.library:
            return
        start = path_start(source, o, word.start_byte)
        self.out.lookups.append(Lookup(word.start_byte + ctx.base, word.end_byte + ctx.base,
                                       start + ctx.base, o + ctx.base, ctx.fixable))

    def _test(self, test: Node, o: int, source: bytes, ctx: Ctx) -> None:
        node = test.descendant_for_byte_range(o, o + 2)
        while node is not None and node.parent is not None and node.parent.type != "unary_expression":
            node = node.parent
        if node is None or node.parent is None:
            return
        op = node.parent.child_by_field_name("operator")
        if op is not None and op.text in (b"-x", b"-e", b"-f", b"-s"):
            self._lookup(node, o, source, ctx)


def detect(source: bytes, tree: Tree, is_subcommand: Callable[[str], bool]) -> Detected:
    det = Detector(source, tree, is_subcommand)
    found = det.run()
    det.close()
    return found
