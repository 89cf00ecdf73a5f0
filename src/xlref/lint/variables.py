"""Variables that hold xm: the program (`XM=/usr/sbin/xm`, `XMCMD="$SBIN/xm"`, `XM_BIN=${XM_BIN:-xm}`) or a
whole command line or prefix (`STOP="xm shutdown -w"`, `MIGRATE="sudo $XEN_BIN migrate -l"`), followed to
every place the variable is run (`$STOP $dom`, `eval "$STOP $dom"`, `run_logged "$STOP $dom"`); and variables
whose static value becomes words of a call (`xm shutdown $dom $STOP_OPTS`).

A variable's text is rewritten only when every use is known; otherwise its definition is spoiled with the
reason, and every call through it is reported without a fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xlref.lint.context import content_span, output_used, status_used, use_of
from xlref.lint.model import Arg, Call, Definition, Lookup
from xlref.lint.optvars import Spliced
from xlref.lint.shell import Node, enclosing, literal, parse
from xlref.lint.sources import Unit
from xlref.lint.status import status_value_read
from xlref.lint.symbols import expansion_name
from xlref.lint.uses import Use, classify

if TYPE_CHECKING:
    from xlref.lint.scanner import Ctx, Scanner
    from xlref.lint.wrappers import Effective

#: a byte that makes a value more than a plain path (blanks, expansions, quotes, operators, globs)
_SHELLY = re.compile(rb"[ \t$`'\"\\;|&(){}<>*?\[]")


@dataclass
class StringDef:
    """A variable whose value runs xm: the words after the program (empty for `XM=/usr/sbin/xm`), and where
    the program is (its own `xm` bytes, or another variable)."""

    name: str
    definition: Definition
    prefix: list[Arg] = field(default_factory=list)
    keys: tuple[str, ...] = ()  # the program comes from these variables
    region: tuple[int, int] = (0, 0)  # the value's text (edits to the prefix go here)
    assigns: set[tuple[str, int]] = field(default_factory=set)  # (file, offset) of each assignment
    spans: list[tuple[int, int]] = field(default_factory=list)  # the assignments in this file
    simple: bool = True  # one command of plain words: `$NAME` runs what the words say
    wrappers: tuple[str, ...] = ()


#: what a value must not hold for `$NAME` (split into words) and the parsed command to be the same thing
_SYNTAX = b"'\"\\;|&<>()`\n"


def _unexpanded(text: bytes) -> bytes:
    """`text` without its `$NAME` / `${...}` / `$(...)` expansions (they are expanded when the value is set)."""
    return re.sub(rb"\$(?:\{[^}]*\}|\([^)]*\)|[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])", b"", text)


class Variables:
    def __init__(self, det: Scanner) -> None:
        self.det = det
        self.defs: dict[str, StringDef] = {}
        self.spliced = Spliced(det)
        self._pending: list[str] = []
        self._calls: dict[str, int] = {}
        self._seen: set[tuple[int, int]] = set()

    # -- where xm is assigned ----------------------------------------------------------------------------
    def assignment(self, assign: Node, o: int, source: bytes, ctx: Ctx) -> None:
        from xlref.lint.scanner import path_start

        name_node = assign.child_by_field_name("name")
        value = assign.child_by_field_name("value")
        if name_node is None or value is None or not (value.start_byte <= o < value.end_byte):
            return
        key = (ctx.base, assign.start_byte)
        if key in self._seen:
            return  # judged once, from its first xm: `A='xm list; xm list; ...'` is one finding, in one step
        self._seen.add(key)
        name = (name_node.text or b"").decode("utf-8", "replace")
        raw = (value.text or b"").strip(b"\"'")
        if value.type == "expansion" and expansion_name(value) == name:  # XM_BIN=${XM_BIN:-xm}
            if raw.endswith((b"/xm}", b"-xm}")):
                sdef = self._new(name, assign, ctx.base, (o + ctx.base, o + ctx.base))
                sdef.definition.sites.append((path_start(source, o, value.start_byte) + ctx.base, o + ctx.base))
                sdef.definition.env_default = True
            return
        if literal(value) is None and (raw.endswith(b"/xm") or raw == b"xm") and b" " not in raw \
                and source[o + 2:value.end_byte].strip(b"\"'") == b"":
            sdef = self._new(name, assign, ctx.base, (o + ctx.base, o + 2 + ctx.base))  # CMD=${SBINDIR}/xm
            sdef.definition.sites.append((o + ctx.base, o + ctx.base))
            sdef.definition.dynamic = True
            return
        self.command_string(name, assign, value, source, ctx.base, ctx.fixable, xm=o)

    def command_string(self, name: str, assign: Node, value: Node, source: bytes, base: int, fixable: bool,
                       xm: int | None = None, keys: tuple[str, ...] = (), use: int | None = None) -> bool:
        """`NAME="[wrappers] xm|$XM [words...]"`: record it; False when the value is not such a command."""
        from xlref.lint.scanner import path_start, word_args

        span = content_span(value)
        if span is None:
            return False
        start, end, faithful = span
        sub = source[start:end]
        if xm is not None and faithful and sub.strip() == sub and (sub == b"xm" or sub.endswith(b"/xm")) \
                and not _SHELLY.search(sub):  # XM=/usr/sbin/xm: no need to parse
            sdef = self._new(name, assign, base, (start + base, end + base))
            sdef.definition.sites.append((start + base, xm + base))
            sdef.keys = keys or sdef.keys
            return True
        tree = parse(sub)
        at = (xm if xm is not None else use or 0) - start
        node = enclosing(tree.root_node, at, at + 1, ("command",))
        if node is None:
            return False
        eff = self.det.command_effective(node, base + start)
        if not eff.words or not (eff.words[0].start_byte <= at < eff.words[0].end_byte):
            return False
        prog = eff.words[0]
        if xm is not None:
            lit = literal(prog)
            if lit is None or not (lit == "xm" or lit.endswith("/xm")):
                return False
        prefix = word_args(eff.words[1:], sub, base + start)
        if prefix and (prefix[0].value is None or not self.det.is_subcommand(prefix[0].value)) \
                and not (prefix[0].value or "").startswith("-"):
            return False  # "xm is great": text, not a command
        sdef = self._new(name, assign, base, (start + base, end + base))
        if sdef.prefix and [a.raw for a in sdef.prefix] != [a.raw for a in prefix]:
            sdef.definition.spoil(f"${name} is set to different command lines")
        if any(c in _unexpanded(sub) for c in _SYNTAX):
            # `$CMD` splits the value into words without reading quotes, `;` or newlines; eval would
            sdef.simple = False
            sdef.definition.spoil(f"${name} holds shell syntax (quotes, several commands) that `${name}` and "
                                  f"`eval \"${name}\"` would run differently")
        sdef.prefix = prefix
        sdef.wrappers = tuple(eff.wrappers)
        if prefix:
            sdef.definition.region = sdef.region
        if xm is not None:
            sdef.definition.sites.append((path_start(sub, at, prog.start_byte) + start + base, xm + base))
        sdef.keys = keys or sdef.keys
        if not (faithful and fixable):
            sdef.definition.spoil(f"${name}'s value is in a string whose bytes are not what the shell runs")
        return True

    def _new(self, name: str, assign: Node, base: int, region: tuple[int, int]) -> StringDef:
        sdef = self.defs.get(name)
        if sdef is None:
            definition = self.det.out.definitions.setdefault(name, Definition(name, f"${name}"))
            definition.line = definition.line or assign.start_point[0] + 1
            sdef = self.defs[name] = StringDef(name, definition, region=region)
            self._pending.append(name)
        sdef.assigns.add((self.det.symbols.own.path if not self.det.library else "", assign.start_byte + base))
        sdef.spans.append((assign.start_byte + base, assign.end_byte + base))
        if assign.parent is not None and assign.parent.type == "declaration_command" and \
                (assign.parent.text or b"").startswith(b"export"):
            sdef.definition.spoil(f"${name} is exported: programs this script starts may run it")
        return sdef

    def inline_default(self, command: Node, eff: Effective, prog: Node, o: int, source: bytes, ctx: Ctx) -> None:
        """`${XM:-xm} list`: the default names xm; the environment may name another program."""
        from xlref.lint.scanner import path_start

        name = expansion_name(prog) or ""
        text = (prog.text or b"").decode("utf-8", "replace")
        call = self.det.make_call(command, eff, eff.words[1:], prog, path_start(source, o, prog.start_byte), o,
                                  source, ctx, dynamic=not re.match(r"^\$\{\w+:?-[^$`]*xm\}$", text))
        if not call.program_dynamic and self.det.symbols.defs(name):
            call.program_dynamic = True  # also set in the script: which value wins is not static
        key = f"env:{name}"
        definition = self.det.out.definitions.setdefault(key, Definition(key, f"${{{name}}}"))
        definition.env_default = True
        definition.sites.append((call.path_start, call.xm))
        call.keys = (key,)
        self.det.add_call(call, command if ctx.base == 0 else None)

    def adopt(self, other: Variables, unit: Unit) -> None:
        """Definitions found in a sourced file: usable for planning, never edited from this file."""
        for name, sdef in other.defs.items():
            sdef.definition.elsewhere = unit.path
            sdef.definition.sites = []
            self.det.out.definitions[name] = sdef.definition
            self.defs[name] = sdef
            self._pending.append(name)

    def arguments(self, words: list[Node], source: bytes, base: int) -> list[Arg]:
        return self.spliced.arguments(words, source, base, self.defs)

    def splice_of(self, arg: Arg) -> tuple[str, int, int] | None:
        return self.spliced.splice_of(arg)

    def splices(self, args: list[Arg]) -> tuple[tuple[str, int, int], ...]:
        return self.spliced.splices(args)

    # -- uses ------------------------------------------------------------------------------------------------
    def resolve_uses(self) -> None:
        self._resolve()
        if not self.det.library:
            self.unrun()

    def _resolve(self) -> None:
        while self._pending:
            name = self._pending.pop(0)
            sdef = self.defs[name]
            self._check_assignments(sdef)
            if self.det.library:
                continue
            pattern = re.compile(rb"\$\{?" + re.escape(name.encode()) + rb"(?![A-Za-z0-9_])\}?")
            for m in pattern.finditer(self.det.source):
                if any(a <= m.start() < z for a, z in sdef.spans):
                    continue  # XM_BIN=${XM_BIN:-xm}: the definition itself
                use = classify(self.det, m.start(), m.end(), self.det.source, self.det.tree, 0)
                self._apply(sdef, use, m.start(), m.end())

    def _check_assignments(self, sdef: StringDef) -> None:
        own = self.det.symbols.own.path
        others = [d for d in self.det.symbols.defs(sdef.name)
                  if (d.unit.path if not d.own else own, d.node.start_byte) not in sdef.assigns
                  and (d.own or not sdef.definition.elsewhere)]
        if others and not (self.det.library and all(not d.own for d in others)):
            sdef.definition.spoil(f"${sdef.name} is also set at line {others[0].line} to something else")
        if any(d.exported for d in self.det.symbols.defs(sdef.name)):
            sdef.definition.spoil(f"${sdef.name} is exported: programs this script starts may run it")

    def _apply(self, sdef: StringDef, use: Use, o: int, end: int) -> None:
        definition = sdef.definition
        if use.kind in ("ignore", "message"):
            return
        if use.kind == "spoil":
            definition.spoil(use.why)
            return
        if use.kind == "lookup":
            self.det.out.lookups.append(Lookup(o, end, -1, -1, True, (sdef.name,),
                                               f"through {definition.label}"))
            return
        if use.kind == "chain" and use.node is not None:
            self._chain(sdef, use, o)
            return
        if use.node is None or use.eff is None:
            return
        self._call(sdef, use)

    def _chain(self, sdef: StringDef, use: Use, o: int) -> None:
        assign: Node | None = use.node
        assert assign is not None
        name_node, value = assign.child_by_field_name("name"), assign.child_by_field_name("value")
        if name_node is None or value is None:
            return
        name = (name_node.text or b"").decode("utf-8", "replace")
        if name == sdef.name:
            sdef.definition.spoil(f"${name} is changed by its own value at line {assign.start_point[0] + 1}")
            return
        ok = self.command_string(name, assign, value, use.source, use.base, True, keys=(sdef.name,), use=o - use.base)
        if not ok:
            sdef.definition.spoil(f"line {assign.start_point[0] + 1} copies it into ${name}")
            return
        inner = self.defs[name]
        inner.prefix = [*sdef.prefix, *inner.prefix] if sdef.prefix else inner.prefix
        inner.keys = (*inner.keys, *sdef.keys) if sdef.keys else inner.keys

    def _call(self, sdef: StringDef, use: Use) -> None:
        command, eff = use.node, use.eff
        assert command is not None and eff is not None
        if not sdef.simple:
            return  # reported once for the variable (XL903), not as a call of unknown shape
        prog = eff.words[0]
        if prog.type == "string" and (sdef.prefix or sdef.wrappers):
            sdef.definition.spoil(f"line {command.start_point[0] + 1} runs \"${sdef.name}\" quoted: the shell looks "
                                  "for a program named after the whole value")
            return
        top = use.outer or command
        base = use.base
        site = self.arguments(eff.words[1:], use.source, base)
        args = [*sdef.prefix, *site]
        call = Call(
            start=prog.start_byte + base, end=site[-1].end if site else prog.end_byte + base, path_start=-1, xm=-1,
            args=args, output_used=output_used(command) or output_used(top),
            status_used=status_used(command) or status_used(top), partial=eff.partial, context=use.context,
            status_value=status_value_read(top, self.det.errexit),
            wrappers=(*sdef.wrappers, *eff.wrappers), keys=(sdef.name, *sdef.keys),
            regions=((sdef.region,) if sdef.prefix else ()) + ((command.start_byte + base, command.end_byte + base),),
            splices=tuple(s for a in args if (s := self.splice_of(a)) is not None),
            via=f"through {sdef.definition.label}",
            use=use_of(command, False, use_of(top, scope=self.det.scope(0)) if top is not command else None,
                       self.det.scope(base)),
        )
        self._calls[sdef.name] = self._calls.get(sdef.name, 0) + 1
        self.det.add_call(call, command if base == 0 else None)

    def unrun(self) -> None:
        """XL903 for command lines kept in variables that no followed call runs."""
        from xlref.lint.model import Notice

        for name, sdef in self.defs.items():
            if not sdef.prefix or self._calls.get(name) or sdef.definition.elsewhere:
                continue
            words = " ".join(a.raw.decode("utf-8", "replace") for a in sdef.prefix)
            why = sdef.definition.why or "no command in this file runs it"
            self.det.out.notices.append(Notice(
                "XL903", sdef.region[0], sdef.region[1],
                f"${name} holds the xm command line `xm {words}`, and {why}: rewrite it for the target by hand"))
