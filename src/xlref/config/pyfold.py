"""Evaluate the pure part of an xm config's Python without running it: the expression folder of xmparse.

What is evaluated: literals (lists, tuples, dicts), arithmetic, string concatenation and %-formatting, names set
earlier in the file or on `xm create`'s command line (`--set`), subscripts, comparisons and boolean logic,
`a if c else b`, and the pure built-ins int/str/float/len/min/max/abs.  Functions defined in the file are
evaluated the same way when they only assign, test, raise and return (the `xm_vars` check functions of Xen's
own examples).  Anything else -- imports, attribute calls such as os.uname(), loops -- stays unknown, with the
reason.  A name set in both branches of an `if` on something unknown keeps both values as choices, so a
later expression can still say "every possibility names qemu-dm".
"""

from __future__ import annotations

import ast
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 100
MAX_CHOICES = 16
_BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.floordiv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
}
_CMPOPS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_BUILTINS: dict[str, Callable[..., Any]] = {"int": int, "str": str, "float": float, "len": len, "min": min,
                                            "max": max, "abs": abs}


class Unknown(Exception):
    """The expression cannot be evaluated without running the file."""

    def __init__(self, reason: str, suffix: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.suffix = suffix


class Refused(Exception):
    """Evaluating the file's own logic ends in an error: xm create stopped here too (e.g. a check raised)."""


@dataclass(frozen=True)
class Choices:
    """A value that is one of several, decided by something unknown at conversion time."""

    values: tuple[Any, ...]
    why: str


def show(node: ast.AST, limit: int = 200) -> str:
    """The source of a node, shortened; a tree too deep to print is named, not a crash."""
    try:
        text = ast.unparse(node)
    except (RecursionError, ValueError):
        return "<an expression nested too deeply to show>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def unique(values: list[Any]) -> tuple[Any, ...]:
    """values without repeats, in order (lists are not hashable, so no dict.fromkeys)."""
    out: list[Any] = []
    for value in values:
        if value not in out:
            out.append(value)
    return tuple(out)


class Folder:
    def __init__(self, env: dict[str, Any], funcs: dict[str, ast.FunctionDef]) -> None:
        self.env = env
        self.funcs = funcs
        self.how: list[str] = []

    def fold(self, node: ast.expr, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise Unknown(f"the expression is nested more than {MAX_DEPTH} levels deep")
        sub = depth + 1
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str | int | float | bool) or node.value is None:
                return node.value
            raise Unknown(f"a {type(node.value).__name__} constant")
        if isinstance(node, ast.List):
            return self._spread([self.fold(e, sub) for e in node.elts], list)
        if isinstance(node, ast.Tuple):
            return self._spread([self.fold(e, sub) for e in node.elts], tuple)
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise Unknown("a ** expansion inside a dict")
            keys = [self.fold(k, sub) for k in node.keys if k is not None]
            vals = [self.fold(v, sub) for v in node.values]
            if any(isinstance(x, Choices) for x in keys + vals):
                raise Unknown("a dict built from values that depend on run time")
            return dict(zip(keys, vals, strict=True))
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.UnaryOp):
            return self._combine([self.fold(node.operand, sub)], lambda v: self._unary(node.op, v))
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            try:
                left = self.fold(node.left, sub)
            except Unknown as unk:
                right_known = self._maybe(node.right, sub)
                raise Unknown(unk.reason, right_known if isinstance(right_known, str) else None) from None
            right = self.fold(node.right, sub)
            return self._combine([left, right], lambda a, b: self._binop(node.op, a, b))
        if isinstance(node, ast.BoolOp):
            values = [self.fold(v, sub) for v in node.values]
            if any(isinstance(v, Choices) for v in values):
                raise Unknown("a condition on values that depend on run time")
            result = values[0]
            for v in values[1:]:
                if isinstance(node.op, ast.And) != bool(result):
                    break
                result = v
            return result
        if isinstance(node, ast.Compare):
            return self._compare(node, sub)
        if isinstance(node, ast.IfExp):
            test = self.fold(node.test, sub)
            if isinstance(test, Choices):
                raise Unknown("a conditional expression on something that depends on run time")
            return self.fold(node.body if test else node.orelse, sub)
        if isinstance(node, ast.Subscript):
            return self._combine([self.fold(node.value, sub), self.fold(node.slice, sub)], self._index)
        if isinstance(node, ast.Call):
            return self._call(node, sub)
        raise Unknown(f"a {type(node).__name__} expression cannot be computed without running the file")

    def _maybe(self, node: ast.expr, depth: int) -> Any:
        try:
            return self.fold(node, depth)
        except Unknown:
            return None

    def _name(self, name: str) -> Any:
        if name in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[name]
        if name in self.env:
            self.how.append(f"variable {name}")
            value = self.env[name]
            if isinstance(value, Unknown):
                raise Unknown(f"{name} is unknown: {value.reason}", value.suffix)
            return value
        raise Unknown(f"name {name!r} is never assigned in this file (an `xm create` command-line variable? "
                      f"give it with --set {name}=VALUE)")

    @staticmethod
    def _spread(items: list[Any], kind: type) -> Any:
        if any(isinstance(i, Choices) for i in items):
            raise Unknown("a list built from values that depend on run time")
        return kind(items)

    def _combine(self, args: list[Any], fn: Callable[..., Any]) -> Any:
        """Apply fn to every combination when some argument is a Choices (bounded)."""
        if not any(isinstance(a, Choices) for a in args):
            return fn(*args)
        pools = [a.values if isinstance(a, Choices) else (a,) for a in args]
        why = next(a.why for a in args if isinstance(a, Choices))
        combos = list(itertools.islice(itertools.product(*pools), MAX_CHOICES + 1))
        if len(combos) > MAX_CHOICES:
            raise Unknown(f"too many possible values ({why})")
        return Choices(unique([fn(*c) for c in combos]), why)

    def _unary(self, op: ast.unaryop, value: Any) -> Any:
        if isinstance(op, ast.Not):
            return not value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return -value if isinstance(op, ast.USub) else value
        raise Unknown("a sign applied to a non-number")

    def _binop(self, op: ast.operator, left: Any, right: Any) -> Any:
        if isinstance(op, ast.Mod) and isinstance(left, str):
            self.how.append("%-formatting")
            args = tuple(right) if isinstance(right, list | tuple) else right
            try:
                return left % args
            except (TypeError, ValueError, KeyError) as err:
                raise Refused(f"string formatting fails: {err}") from err
        self.how.append("concatenation" if isinstance(left, str | list) else "arithmetic")
        try:
            result = _BINOPS[type(op)](left, right)
        except (TypeError, ZeroDivisionError, OverflowError, MemoryError) as err:
            raise Refused(f"the expression fails: {err}") from err
        if isinstance(result, str | list) and len(result) > 1_000_000:
            raise Unknown("the result would be over a million items long")
        return result

    def _compare(self, node: ast.Compare, depth: int) -> Any:
        left = self.fold(node.left, depth)
        for op, comp in zip(node.ops, node.comparators, strict=True):
            right = self.fold(comp, depth)
            if isinstance(left, Choices) or isinstance(right, Choices) or type(op) not in _CMPOPS:
                raise Unknown("a comparison with something that depends on run time")
            try:
                if not _CMPOPS[type(op)](left, right):
                    return False
            except TypeError as err:
                raise Refused(f"the comparison fails: {err}") from err
            left = right
        return True

    @staticmethod
    def _index(value: Any, index: Any) -> Any:
        try:
            return value[index]
        except (TypeError, KeyError, IndexError) as err:
            raise Refused(f"the subscript fails: {err!r}") from err

    def _call(self, node: ast.Call, depth: int) -> Any:
        func = node.func
        if node.keywords or not isinstance(func, ast.Name):
            raise Unknown(f"it calls {show(func)}()")
        args = [self.fold(a, depth) for a in node.args]
        if func.id in _BUILTINS and func.id not in self.env and func.id not in self.funcs:
            self.how.append(f"{func.id}()")
            try:
                return self._combine(args, _BUILTINS[func.id])
            except (TypeError, ValueError) as err:
                raise Refused(f"{func.id}() fails: {err}") from err
        if func.id in self.funcs:
            self.how.append(f"function {func.id}")
            return self.call_function(self.funcs[func.id], args, depth)
        raise Unknown(f"it calls {func.id}()")

    def call_function(self, fdef: ast.FunctionDef, args: list[Any], depth: int) -> Any:
        """Evaluate a function of the file whose body only assigns, tests, raises and returns."""
        params = [a.arg for a in fdef.args.args]
        if len(params) != len(args) or fdef.args.vararg or fdef.args.kwarg or fdef.args.defaults:
            raise Unknown(f"{fdef.name}() takes other arguments than xlref can pass")
        inner = Folder({**self.env, **dict(zip(params, args, strict=True))}, self.funcs)
        found, value = inner.run_block(fdef.body, depth + 1)
        return value if found else None

    def run_block(self, body: list[ast.stmt], depth: int) -> tuple[bool, Any]:
        """(returned, value) after evaluating simple statements; Unknown for anything else."""
        if depth > MAX_DEPTH:
            raise Unknown("functions call each other too deeply")
        for stmt in body:
            if isinstance(stmt, ast.Return):
                return True, None if stmt.value is None else self.fold(stmt.value, depth)
            if isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) for t in stmt.targets):
                value = self.fold(stmt.value, depth)
                for target in stmt.targets:
                    assert isinstance(target, ast.Name)
                    self.env[target.id] = value
            elif isinstance(stmt, ast.If):
                test = self.fold(stmt.test, depth)
                if isinstance(test, Choices):
                    raise Unknown("a test on something that depends on run time")
                done, value = self.run_block(stmt.body if test else stmt.orelse, depth + 1)
                if done:
                    return True, value
            elif isinstance(stmt, ast.Raise):
                raise Refused(f"it raises {show(stmt.exc) if stmt.exc else 'an error'}")
            elif isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):
                continue
            else:
                raise Unknown(f"a {type(stmt).__name__} statement inside a function")
        return False, None
