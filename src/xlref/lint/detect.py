"""Find real `xm` calls in a parsed shell file.

Only places where the bytes `xm` occur as a word are examined (a regex scan), so the cost grows with the
number of candidates, not with the size of the syntax tree.  Each candidate is classified by walking up
from its node: comment, heredoc text, variable assignment, command name (after wrappers), argument.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xlref.lint.consumers import Scope, Use
from xlref.lint.context import content_span, output_used, status_used, use_of
from xlref.lint.exact import call_problem
from xlref.lint.model import Arg, Assignment, Binding, Call, Detected, Lookup
from xlref.lint.shell import Node, Tree, literal, parse
from xlref.lint.wrappers import Effective, effective

#: `xm` not followed by a word character; what precedes it is checked in Python (a look-behind alternation
#: would make the regex engine test every byte of the file instead of jumping between "xm" occurrences).
XM_WORD = re.compile(rb"xm(?![A-Za-z0-9_.\-])")
_WORDISH = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_DEFINES_XM = re.compile(rb"(?:\bfunction[ \t]+xm\b|(?<![A-Za-z0-9_.\-])xm[ \t]*\([ \t]*\))")
_DEFINES_HINT = re.compile(rb"xm[ \t]*\(|function[ \t]+xm")
_PATH_STOP = frozenset(b" \t\r\n\"'=;|&(){}`<>:")


@dataclass(frozen=True)
class _Ctx:
    base: int = 0
    output_used: bool = False
    status_used: bool = False
    fixable: bool = True
    context: str = ""
    use: Use | None = None  # the use of the command whose string this text is (ssh HOST "xm list")


class Detector:
    def __init__(self, source: bytes, tree: Tree, is_subcommand: Callable[[str], bool]) -> None:
        self.source = source
        self.tree = tree
        self.is_subcommand = is_subcommand
        self.defines_xm = _DEFINES_HINT.search(source) is not None and _DEFINES_XM.search(source) is not None
        self.out = Detected()
        self._eff: dict[tuple[int, int, int], Effective] = {}
        self._scopes: dict[int, Scope] = {}  # per parsed text (by its offset in the file)
        self._assignments_seen: set[tuple[int, int]] = set()

    # -- entry point -------------------------------------------------------------------------------------
    def run(self) -> Detected:
        self._scan(self.source, self.tree, _Ctx())
        self._variable_uses()
        return self.out

    def _scan(self, source: bytes, tree: Tree, ctx: _Ctx) -> None:
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
    def _classify(self, node: Node, o: int, source: bytes, ctx: _Ctx) -> int:
        """Handle one candidate; return an offset before which further candidates were already handled."""
        cur: Node | None = node
        while cur is not None:
            kind = cur.type
            if kind == "comment":
                return -1
            if kind == "heredoc_body":
                return self._heredoc(cur, source, ctx)
            if kind == "variable_assignment":
                self._assignment(cur, o, source, ctx)
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
            eff = self._eff[key] = effective(command)
        return eff

    def _command(self, command: Node, o: int, source: bytes, ctx: _Ctx) -> int:
        eff = self.command_effective(command, ctx.base)
        for word in eff.lookup:
            if word.start_byte <= o < word.end_byte:
                self._lookup(word, o, source, ctx)
                return -1
        for word, kind in eff.embedded:
            if word.start_byte <= o < word.end_byte:
                return self._embedded(command, word, kind, source, ctx)
        if not eff.words or not (eff.words[0].start_byte <= o < eff.words[0].end_byte):
            return -1
        prog = eff.words[0]
        name = literal(prog)
        if name is not None and name != "xm" and not name.endswith("/xm"):
            return -1
        if name == "xm" and self.defines_xm:
            return -1  # the file defines its own xm function
        self.out.calls.append(self._make_call(command, eff, eff.words, o, source, ctx, name is None))
        return -1

    def _make_call(self, command: Node, eff: Effective, words: list[Node], o: int, source: bytes,
                   ctx: _Ctx, dynamic: bool, binding: Binding | None = None) -> Call:
        base = ctx.base
        prog = words[0]
        args = [Arg(w.start_byte + base, w.end_byte + base, w.text or b"", w) for w in words[1:]]
        end = (args[-1].end if args else prog.end_byte + base)
        path_start = o
        while path_start > prog.start_byte and source[path_start - 1] not in _PATH_STOP:
            path_start -= 1
        return Call(
            start=prog.start_byte + base, end=end, path_start=path_start + base, xm=o + base, args=args,
            output_used=ctx.output_used or output_used(command),
            status_used=ctx.status_used or status_used(command),
            partial=eff.partial, fixable=ctx.fixable, context=ctx.context, binding=binding,
            program_dynamic=dynamic, wrappers=tuple(eff.wrappers), lossy=call_problem(source, command, words),
            use=use_of(command, ctx.output_used, ctx.use, self._scopes.get(ctx.base)),
        )

    def _embedded(self, command: Node, word: Node, kind: str, source: bytes, ctx: _Ctx) -> int:
        span = content_span(word)
        if span is None:
            return word.end_byte
        start, end, faithful = span
        inner = _Ctx(
            base=ctx.base + start,
            output_used=ctx.output_used or output_used(command),
            status_used=ctx.status_used or status_used(command),
            fixable=ctx.fixable and faithful and kind != "eval",
            context="eval" if kind == "eval" else (ctx.context or "shell"),
            use=use_of(command, ctx.output_used, ctx.use, self._scopes.get(ctx.base)),
        )
        sub = source[start:end]
        self._scan(sub, parse(sub), inner)
        return word.end_byte

    def _heredoc(self, body: Node, source: bytes, ctx: _Ctx) -> int:
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
        inner = _Ctx(base=ctx.base + start, output_used=ctx.output_used or output_used(target),
                     status_used=ctx.status_used, fixable=ctx.fixable and (quoted or b"\\" not in text),
                     context=ctx.context or "heredoc", use=use_of(target, ctx.output_used, ctx.use))
        self._scan(text, parse(text), inner)
        return body.end_byte

    def _assignment(self, assign: Node, o: int, source: bytes, ctx: _Ctx) -> None:
        name_node = assign.child_by_field_name("name")
        value = assign.child_by_field_name("value")
        if name_node is None or value is None or not (value.start_byte <= o < value.end_byte):
            return
        key = (ctx.base, assign.start_byte)
        if key in self._assignments_seen:
            return  # judged once, from its first xm: `A='xm list; xm list; ...'` is one XL903, in one step
        self._assignments_seen.add(key)
        name = (name_node.text or b"").decode("utf-8", "replace")
        text = literal(value)
        path_start = o
        while path_start > value.start_byte and source[path_start - 1] not in _PATH_STOP:
            path_start -= 1
        binding = self.out.bindings.setdefault(name, Binding(name))
        rec = Assignment(path_start + ctx.base, o + ctx.base, assign.end_byte + ctx.base)
        if text is None:
            # CMD=${SBINDIR}/xm: the directory expands, the program is still xm (fixable for xl only)
            raw = (value.text or b"").strip(b"\"'")
            if (raw.endswith(b"/xm") or raw == b"xm") and source[o + 2:value.end_byte].strip(b"\"'") == b"" \
                    and b" " not in raw:
                rec.dynamic = True
                binding.assignments.append(rec)
            else:
                binding.consistent = False
            return
        words = text.split()
        progs = [k for k, w in enumerate(words) if w == "xm" or w.endswith("/xm")]
        if words and progs == [len(words) - 1]:  # XM=/usr/sbin/xm, XM="sudo xm": the program
            if not ctx.fixable:
                binding.consistent = False
            binding.assignments.append(rec)
        elif any(k + 1 < len(words) and self.is_subcommand(words[k + 1]) for k in progs):
            rec.whole = True  # LIST="xm list": a whole command line
            binding.consistent = False
            self.out.whole_commands.append((binding, rec))
        else:
            binding.consistent = False

    def _lookup(self, word: Node, o: int, source: bytes, ctx: _Ctx) -> None:
        text = literal(word)
        if text is None or not (text == "xm" or text.endswith("/xm")):
            return
        path_start = o
        while path_start > word.start_byte and source[path_start - 1] not in _PATH_STOP:
            path_start -= 1
        self.out.lookups.append(Lookup(word.start_byte + ctx.base, word.end_byte + ctx.base,
                                       path_start + ctx.base, o + ctx.base, ctx.fixable))

    def _test(self, test: Node, o: int, source: bytes, ctx: _Ctx) -> None:
        node = test.descendant_for_byte_range(o, o + 2)
        while node is not None and node.parent is not None and node.parent.type != "unary_expression":
            node = node.parent
        if node is None or node.parent is None:
            return
        op = node.parent.child_by_field_name("operator")
        if op is not None and op.text in (b"-x", b"-e", b"-f", b"-s"):
            self._lookup(node, o, source, ctx)

    # -- variables ---------------------------------------------------------------------------------------
    def _variable_uses(self) -> None:
        """Calls through `$XM`; any other kind of use (echo, a string, another assignment) makes the
        variable unfixable, because changing its value would change that use too."""
        root = self.tree.root_node
        for name, binding in self.out.bindings.items():
            if not binding.assignments:
                continue
            raw = name.encode()
            assigned = self.source.count(raw + b"=")
            if assigned != len(binding.assignments):  # the cheap count may include FOO_XM= or $XM=
                assigned = len(re.findall(rb"(?<![\w$])" + re.escape(raw) + rb"=", self.source))
            if assigned != len(binding.assignments):
                binding.consistent = False
            use = re.compile(rb"\$\{?" + re.escape(raw) + rb"(?![A-Za-z0-9_])")
            for m in use.finditer(self.source):
                node = root.descendant_for_byte_range(m.start(), m.end())
                call_ok = self._variable_use(node, m.start(), raw, binding)
                if call_ok is None:
                    continue  # harmless: a comment, or an existence test of the program
                if not call_ok:
                    binding.consistent = False

    def _variable_use(self, node: Node | None, o: int, raw: bytes, binding: Binding) -> bool | None:
        """True: a call was recorded; False: a use the linter cannot follow; None: a harmless mention."""
        while node is not None and node.type != "command":
            if node.type == "comment":
                return None
            if node.type == "test_command":
                return None
            if node.type in ("variable_assignment", "heredoc_body"):
                return False
            node = node.parent
        if node is None:
            return False
        eff = self.command_effective(node)
        if any(w.start_byte <= o < w.end_byte for w in eff.lookup):
            return None
        if not eff.words or not (eff.words[0].start_byte <= o < eff.words[0].end_byte):
            return False
        prog = (eff.words[0].text or b"").strip(b'"')
        if prog not in (b"$" + raw, b"${" + raw + b"}"):
            return False
        first = binding.assignments[0]
        call = self._make_call(node, eff, eff.words, o, self.source, _Ctx(), False, binding)
        call.path_start, call.xm = first.start, first.xm
        self.out.calls.append(call)
        return True


def detect(source: bytes, tree: Tree, is_subcommand: Callable[[str], bool]) -> Detected:
    return Detector(source, tree, is_subcommand).run()
