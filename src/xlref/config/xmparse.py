"""Reader for xm configs: Python 2 programs that `xm create` executed.  Parsed with `ast`, never run.

Literal assignments become entries.  Expressions that can be folded without running anything (arithmetic on
numbers, string concatenation or `%` formatting, names assigned earlier in the file) become entries marked
`computed`; everything else (calls, undefined names such as `xm create` command-line variables, assignments
under `if`/`for`) becomes an `Unresolved` value.  Statements xl would reject are reported as Problems.

Python 2 files that Python 3 cannot parse are retried with the offending line neutralised (octal literals like
`0755` are read the Python 2 way); each such line is reported, so the user still gets a line-exact answer.
"""

from __future__ import annotations

import ast
import io
import operator
import re
import tokenize
from collections.abc import Callable
from typing import Any

from xlref.config.model import Config, Entry, Problem, Span, Unresolved, Value
from xlref.config.xlparse import parse_xl

_OCTAL = re.compile(r"(?<![\w.'\"])0([0-7]+)(?![\w.])")
_LONG = re.compile(r"(?<![\w.'\"])([0-9]+)[lL](?![\w.])")
_BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.floordiv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
}
_MAX_RETRIES = 200


class _Unknown(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _span(node: ast.AST) -> Span:
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0) + 1
    end_line = getattr(node, "end_lineno", None) or line
    end_col = (getattr(node, "end_col_offset", None) or col - 1) + 1
    return Span(line, col, end_line, end_col)


class _Folder:
    """Computes a value from an expression node without executing anything."""

    def __init__(self, env: dict[str, Value]) -> None:
        self.env = env
        self.how: list[str] = []

    def fold(self, node: ast.expr) -> Value:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return int(node.value)
            if isinstance(node.value, str | int | float):
                return node.value
            if node.value is None:
                raise _Unknown("None has no xl equivalent")
            raise _Unknown(f"a {type(node.value).__name__} constant")
        if isinstance(node, ast.List | ast.Tuple):
            return [self.fold(elt) for elt in node.elts]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            inner = self.fold(node.operand)
            if isinstance(inner, int | float):
                return -inner if isinstance(node.op, ast.USub) else inner
            raise _Unknown("a sign applied to a non-number")
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = self.fold(node.left), self.fold(node.right)
            if isinstance(node.op, ast.Mod) and isinstance(left, str):
                self.how.append("%-formatting")
                args = tuple(right) if isinstance(right, list) else right
                try:
                    return str(left % args)
                except (TypeError, ValueError) as err:
                    raise _Unknown(f"string formatting fails: {err}") from err
            self.how.append("concatenation" if isinstance(left, str | list) else "arithmetic")
            try:
                result = _BINOPS[type(node.op)](left, right)
            except (TypeError, ZeroDivisionError) as err:
                raise _Unknown(f"the expression fails: {err}") from err
            if isinstance(result, str | int | float | list):
                return result
            raise _Unknown("the expression has no literal value")
        if isinstance(node, ast.Name):
            if node.id in ("True", "False"):
                return int(node.id == "True")
            if node.id in self.env:
                self.how.append(f"variable {node.id}")
                return self.env[node.id]
            raise _Unknown(f"name {node.id!r} is never assigned in this file "
                           "(an `xm create` command-line variable?)")
        if isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            raise _Unknown(f"it calls {func}()")
        raise _Unknown(f"a {type(node).__name__} expression cannot be computed without running the file")


def _py2_fixups(text: str) -> tuple[str, list[Problem]]:
    """Rewrite Python 2 literals (0755, 10L) to their Python 3 spelling, reporting each line touched."""
    problems: list[Problem] = []
    out: list[str] = []
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        code, hash_, rest = line.partition("#")
        new = _OCTAL.sub(lambda m: "0o" + m.group(1), code)
        new = _LONG.sub(lambda m: m.group(1), new)
        if new != code and '"' not in code and "'" not in code:
            problems.append(Problem("XL505", "Python 2 number literal (octal 0NNN or long NNNL): Python 3 "
                                    "rejects it; xl reads 0NNN as octal too, but write the decimal value",
                                    Span(number, 1, number, len(line.rstrip("\n")) + 1)))
            out.append(new + hash_ + rest)
        else:
            out.append(line)
    return "".join(out), problems


def _comments(text: str) -> tuple[dict[int, str], dict[int, str]]:
    """(full-line comments and blank lines, trailing comments) by line number; tolerant of bad input."""
    full: dict[int, str] = {}
    trailing: dict[int, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            full[number] = line.strip()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and tok.start[0] not in full:
                trailing[tok.start[0]] = tok.string[1:]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return full, trailing


def _parse_module(text: str) -> tuple[ast.Module | None, list[Problem]]:
    fixed, problems = _py2_fixups(text)
    lines = fixed.splitlines(keepends=True)
    for _ in range(_MAX_RETRIES):
        try:
            return ast.parse("".join(lines)), problems
        except SyntaxError as err:
            number = err.lineno or 1
            if number > len(lines):
                number = len(lines)
            if number < 1:
                return None, problems
            bad = lines[number - 1]
            hint = "`print x` is Python 2 only" if bad.lstrip().startswith("print") else (err.msg or "error")
            if not any(p.span.line == number for p in problems):
                problems.append(Problem("XL505", f"Python 3 cannot parse this line ({hint}); xm ran it as "
                                        "Python 2, xl rejects it", Span(number, 1, number, len(bad.rstrip()) + 1)))
            indent = bad[: len(bad) - len(bad.lstrip())]
            replacement = "\n" if "indent" in (err.msg or "") else indent + "pass\n"
            if lines[number - 1] == replacement:
                return None, problems
            lines[number - 1] = replacement
    return None, problems


def parse_xm(text: str, path: str = "-") -> Config:
    """Read an xm config without executing it."""
    module, problems = _parse_module(text)
    if module is None:
        # hopeless for Python: fall back to the literal reader so the user still gets line-level answers
        cfg = parse_xl(text, path, dialect="xm", strict=False)
        cfg.problems = problems + cfg.problems
        return cfg
    cfg = Config(path=path, text=text, dialect="xm", problems=list(problems))
    full, trailing = _comments(text)
    cfg.comments = full
    env: dict[str, Value] = {}
    for stmt in module.body:
        _statement(cfg, stmt, env, trailing)
    _char_columns(cfg)
    return cfg


def _char_columns(cfg: Config) -> None:
    """ast columns count UTF-8 bytes; Findings count characters.  Convert (a no-op for ASCII lines)."""
    lines = cfg.text.splitlines()

    def col(line: int, byte_col: int) -> int:
        if not 1 <= line <= len(lines):
            return byte_col
        raw = lines[line - 1].encode("utf-8")
        return len(raw[: byte_col - 1].decode("utf-8", errors="ignore")) + 1

    def conv(span: Span) -> Span:
        return Span(span.line, col(span.line, span.column), span.end_line, col(span.end_line, span.end_column))

    if all(line.isascii() for line in lines):
        return
    for entry in cfg.entries:
        entry.span, entry.key_span = conv(entry.span), conv(entry.key_span)
        if entry.value_span is not None:
            entry.value_span = conv(entry.value_span)
    cfg.problems = [Problem(p.code, p.message, conv(p.span)) if p.code in ("XL501", "XL503") else p
                    for p in cfg.problems]


def _record(cfg: Config, stmt: ast.stmt, name: ast.Name, value: Value, computed: str | None,
            trailing: dict[int, str], op: str = "=") -> None:
    span = _span(stmt)
    node = getattr(stmt, "value", None)
    cfg.entries.append(Entry(name.id, value, span, _span(name), computed=computed, op=op,
                             comment=trailing.get(span.end_line),
                             value_span=_span(node) if isinstance(node, ast.expr) else None))


def _statement(cfg: Config, stmt: ast.stmt, env: dict[str, Value], trailing: dict[int, str]) -> None:
    if isinstance(stmt, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        folder = _Folder(env)
        value: Value
        try:
            if stmt.value is None:
                raise _Unknown("no value")
            if isinstance(stmt, ast.AugAssign):
                node: ast.expr = ast.BinOp(left=ast.Name(id=ast.unparse(stmt.target)), op=stmt.op,
                                           right=stmt.value)
                value = folder.fold(node)
            else:
                value = folder.fold(stmt.value)
            computed = ", ".join(dict.fromkeys(folder.how)) or None
        except _Unknown as unk:
            value = Unresolved(unk.reason, ast.unparse(stmt.value) if stmt.value else "")
            computed = None
        for target in targets:
            if isinstance(target, ast.Name):
                env[target.id] = value
                _record(cfg, stmt, target, value, computed, trailing,
                        "+=" if isinstance(stmt, ast.AugAssign) else "=")
            else:
                cfg.problems.append(Problem("XL503", f"assignment to {ast.unparse(target)!r}: xl only "
                                            "accepts `key = value`", _span(stmt)))
        return
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        names = ", ".join(a.name for a in stmt.names)
        cfg.problems.append(Problem("XL501", f"import of {names}: xl configs cannot run Python", _span(stmt)))
        return
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
        cfg.problems.append(Problem("XL503", "a bare string (docstring) is not a `key = value` line; xl "
                                    "rejects it — turn it into # comments", _span(stmt)))
        return
    if isinstance(stmt, ast.Pass):
        return
    kind = type(stmt).__name__.lower()
    words = {"if": "an if statement", "for": "a for loop", "while": "a while loop", "functiondef":
             "a function definition", "expr": "an expression statement", "try": "a try block",
             "with": "a with block", "classdef": "a class definition"}
    cfg.problems.append(Problem("XL503", f"{words.get(kind, 'a ' + kind + ' statement')}: xl accepts "
                                "only `key = value` lines", _span(stmt)))
    # keys assigned inside control flow depend on run time: record them as unresolved
    for sub in ast.walk(stmt):
        if isinstance(sub, ast.Assign):
            for target in sub.targets:
                if isinstance(target, ast.Name):
                    unknown = Unresolved(f"assigned inside {words.get(kind, kind)} (line {stmt.lineno})",
                                         ast.unparse(sub.value))
                    env[target.id] = unknown
                    _record(cfg, sub, target, unknown, None, trailing)
