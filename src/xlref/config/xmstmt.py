"""The statements of an xm config, one by one: what becomes a setting, what is a Problem for xl, what is dropped.

Nothing is executed.  Assignments are folded (pyfold); an `if` whose test can be worked out takes its branch, an
`if` on something unknown keeps the values of both branches as choices; imports, function definitions and calls
are reported and dropped, with the reason.  xm's own variable mechanism (`xm_vars.var(NAME, check=FUNC)` then
`xm_vars.check()`, RELEASE-4.4.4 tools/python/xen/xm/help.py) is followed: the check function is evaluated on the
value given with --set, as `xm create FILE NAME=VALUE` did.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from xlref.config.model import Config, Problem, Span, Unresolved, Value
from xlref.config.pyfold import Choices, Folder, Refused, Unknown, show, unique

_WORDS = {"if": "an if statement", "for": "a for loop", "while": "a while loop", "functiondef":
          "a function definition", "expr": "an expression statement", "try": "a try block",
          "with": "a with block", "classdef": "a class definition", "global": "a global statement",
          "delete": "a del statement", "assert": "an assert statement"}
Recorder = Callable[..., None]


def node_span(node: ast.AST) -> Span:
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0) + 1
    end_line = getattr(node, "end_lineno", None) or line
    end_col = (getattr(node, "end_col_offset", None) or col - 1) + 1
    return Span(line, col, end_line, end_col)


#: list methods xm configs use to grow a setting; their effect is written as `+=` (append wraps its argument)
_GROWS = {"append": True, "extend": False}


def _mutated(node: ast.AST) -> ast.Name | None:
    """The variable a statement changes in place (`disk.append(x)`, `disk[0] = x`, `disk += x`), if any."""
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) \
            and isinstance(node.value.func, ast.Attribute) and isinstance(node.value.func.value, ast.Name):
        return node.value.func.value
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
        return node.target
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) \
        else []
    for target in targets:
        if isinstance(target, ast.Subscript | ast.Attribute) and isinstance(target.value, ast.Name):
            return target.value
    return None


def names_set(node: ast.AST) -> list[tuple[ast.Name, ast.stmt]]:
    """Every variable a statement (or anything nested in it) assigns or changes in place, with the statement."""
    found: list[tuple[ast.Name, ast.stmt]] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign):
            found.extend((t, sub) for t in sub.targets if isinstance(t, ast.Name))
        changed = _mutated(sub)
        if changed is not None and isinstance(sub, ast.stmt):
            found.append((changed, sub))
    return found


class Statements:
    def __init__(self, cfg: Config, env: dict[str, Any], trailing: dict[int, str], record: Recorder) -> None:
        self.cfg = cfg
        self.env = env
        self.trailing = trailing
        self.record = record
        self.funcs: dict[str, ast.FunctionDef] = {}
        self.xm_vars: list[tuple[str, str | None]] = []  # (name, check function)

    def problem(self, code: str, message: str, node: ast.AST) -> None:
        self.cfg.problems.append(Problem(code, message, node_span(node)))

    def drop(self, node: ast.AST, why: str) -> None:
        self.cfg.dropped.append((node_span(node), why))

    def run(self, body: list[ast.stmt], note: str | None = None) -> None:
        for stmt in body:
            self.statement(stmt, note)

    def statement(self, stmt: ast.stmt, note: str | None) -> None:
        if isinstance(stmt, ast.Assign | ast.AugAssign | ast.AnnAssign):
            self._assign(stmt, note)
        elif isinstance(stmt, ast.Import | ast.ImportFrom):
            names = ", ".join(a.name for a in stmt.names)
            self.problem("XL501", f"import of {names}: xl configs cannot run Python", stmt)
            self.drop(stmt, f"import of {names} (Python; xl reads no code)")
            for alias in stmt.names:
                self.env[(alias.asname or alias.name).split(".")[0]] = Unknown(f"module {alias.name} is not run")
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            self.problem("XL503", "a bare string (docstring) is not a `key = value` line; xl rejects it — turn "
                         "it into # comments", stmt)
            self.drop(stmt, "a bare string (no setting)")
        elif isinstance(stmt, ast.Expr) and (self._xm_vars(stmt) or self._changes_setting(stmt)):
            return
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            func = show(stmt.value.func)
            self.problem("XL503", f"it calls {func}(): xm ran this at every `xm create`; xlref never runs it and "
                         "xl cannot — do by hand whatever it did", stmt)
            self.drop(stmt, f"a call of {func}() (never run; xm ran it at every xm create)")
        elif isinstance(stmt, ast.FunctionDef):
            self.funcs[stmt.name] = stmt
            self.problem("XL503", "a function definition: xl accepts only `key = value` lines", stmt)
            self.drop(stmt, f"function {stmt.name}() (Python; only its results are carried over)")
        elif isinstance(stmt, ast.If):
            self._if(stmt, note)
        elif not isinstance(stmt, ast.Pass):
            self._other(stmt)

    def _assign(self, stmt: ast.Assign | ast.AugAssign | ast.AnnAssign, note: str | None) -> None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        folder = Folder(self.env, self.funcs)
        obj: Any
        try:
            if stmt.value is None:
                raise Unknown("no value")
            node: ast.expr = stmt.value
            if isinstance(stmt, ast.AugAssign):
                node = ast.BinOp(left=ast.Name(id=show(stmt.target)), op=stmt.op, right=stmt.value)
            obj = folder.fold(node)
        except (Unknown, Refused) as exc:
            obj = exc
        appended = self._appended(stmt) if isinstance(stmt, ast.AugAssign) else None
        for target in targets:
            if isinstance(target, ast.Name):
                self.env[target.id] = obj
                self.record(self.cfg, stmt, target, obj, folder, self.trailing,
                            "+=" if isinstance(stmt, ast.AugAssign) else "=", note)
                self.cfg.entries[-1].appended = appended
            else:
                self.problem("XL503", f"assignment to {show(target)!r}: xl only accepts `key = value`",
                             stmt)
                self.drop(stmt, f"assignment to {show(target)} (not a plain key)")
                changed = getattr(target, "value", None)  # disk[0] = ..., cfg.x = ...
                if isinstance(changed, ast.Name) and changed.id in self.env:  # else the old value is written
                    self._unknown(changed, stmt, f"{show(target)} is changed at line {stmt.lineno}")

    def _appended(self, stmt: ast.AugAssign) -> Value | None:
        """The right-hand side's own value (before the target changes): a fix may write only it after `+=`."""
        if not isinstance(stmt.op, ast.Add):
            return None
        try:
            return as_value(Folder(self.env, self.funcs).fold(stmt.value))
        except (Unknown, Refused):
            return None

    def _if(self, stmt: ast.If, note: str | None) -> None:
        self.problem("XL503", "an if statement: xl accepts only `key = value` lines", stmt)
        try:
            test = Folder(self.env, self.funcs).fold(stmt.test)
        except (Unknown, Refused) as exc:
            test = exc
        where = f"inside the if at line {stmt.lineno}"
        if not isinstance(test, Unknown | Refused | Choices):
            taken = stmt.body if test else stmt.orelse
            self.drop(stmt, f"the if at line {stmt.lineno} (its test is {bool(test)}; the settings of that "
                      "branch are kept)")
            self.run(taken, f"{where} (test: {bool(test)})")
            return
        self.drop(stmt, f"the if at line {stmt.lineno} (its test needs run time: "
                  f"{getattr(test, 'reason', 'unknown')})")
        branches = [self._sandbox(stmt.body), self._sandbox(stmt.orelse)]
        names = dict.fromkeys(n for b in branches for n in b)
        for name in names:
            values = [b.get(name, self.env.get(name, Unknown(f"{name} is unset on one branch"))) for b in branches]
            if any(isinstance(v, Unknown | Refused | Choices) for v in values):
                obj: Any = Unknown(f"assigned {where}, whose test needs run time")
            else:
                obj = Choices(unique(values), f"the if at line {stmt.lineno}")
            self.env[name] = obj
            target, sub = next((t, sub) for t, sub in names_set(stmt) if t.id == name)
            self.record(self.cfg, sub, target, obj, None, self.trailing)

    def _sandbox(self, body: list[ast.stmt]) -> dict[str, Any]:
        """The names a branch would set, evaluated on a copy of the environment (nothing recorded)."""
        env = dict(self.env)
        out: dict[str, Any] = {}
        for stmt in body:
            if isinstance(stmt, ast.Assign):
                try:
                    obj: Any = Folder(env, self.funcs).fold(stmt.value)
                except (Unknown, Refused) as exc:
                    obj = exc
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        env[target.id] = out[target.id] = obj
            else:  # nested control flow, `+=`, disk.append(...), disk[0] = ...
                for target, _sub in names_set(stmt):
                    env[target.id] = out[target.id] = Unknown(f"changed at line {stmt.lineno}, which xlref does "
                                                              "not evaluate")
        return out

    def _xm_vars(self, stmt: ast.Expr) -> bool:
        """xm_vars.var(NAME, use=..., check=FUNC) and xm_vars.check(): xm's own command-line variables."""
        call = stmt.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name) and call.func.value.id == "xm_vars"):
            return False
        if call.func.attr == "var" and call.args and isinstance(call.args[0], ast.Constant):
            check = next((k.value for k in call.keywords if k.arg == "check"), None)
            name = str(call.args[0].value)
            self.xm_vars.append((name, check.id if isinstance(check, ast.Name) else None))
            self.drop(stmt, f"xm_vars.var({name!r}): declares the `xm create` variable {name} (give it with "
                      f"--set {name}=VALUE)")
            return True
        if call.func.attr == "check":
            self.drop(stmt, "xm_vars.check(): runs the checks of the declared variables (evaluated by xlref)")
            for var_name, check_fn in self.xm_vars:
                self._check_var(var_name, check_fn)
            return True
        return False

    def _check_var(self, name: str, check: str | None) -> None:
        given = self.env.get(name)
        if given is None and name not in self.env:
            self.env[name] = Unknown(f"{name} is an `xm create` variable and was not given (--set {name}=VALUE)")
            return
        if check is None or check not in self.funcs:
            return
        try:
            self.env[name] = Folder(self.env, self.funcs).call_function(self.funcs[check], [name, given], 0)
        except Refused as exc:
            self.env[name] = Unknown(f"{check}({name}={given!r}) rejects the value ({exc}); xm create refused it")
        except Unknown as exc:
            self.env[name] = Unknown(f"{check}() cannot be evaluated: {exc.reason}")

    def _other(self, stmt: ast.stmt) -> None:
        kind = type(stmt).__name__.lower()
        what = _WORDS.get(kind, f"a {kind} statement")
        self.problem("XL503", f"{what}: xl accepts only `key = value` lines", stmt)
        self.drop(stmt, f"{what} (Python; its settings depend on run time)")
        # keys assigned inside control flow depend on run time: record them as unresolved
        for target, sub in names_set(stmt):
            self._unknown(target, sub, f"assigned inside {what} (line {stmt.lineno})")

    def _unknown(self, target: ast.Name, stmt: ast.stmt, reason: str) -> None:
        unknown = Unknown(reason)
        self.env[target.id] = unknown
        self.record(self.cfg, stmt, ast.Name(id=target.id, lineno=target.lineno, col_offset=target.col_offset,
                                             end_lineno=target.end_lineno, end_col_offset=target.end_col_offset),
                    unknown, None, self.trailing)

    def _changes_setting(self, stmt: ast.Expr) -> bool:
        """`disk.append(x)` / `disk.extend(xs)` on a setting: folded as `disk += ...`; any other method leaves
        the setting unknown.  (Dropping the call silently wrote the list without the added disk.)"""
        name = _mutated(stmt)
        if name is None or name.id not in self.env or isinstance(self.env[name.id], Unknown):
            return False
        call = stmt.value
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        func = show(call.func)
        self.problem("XL503", f"it calls {func}(), which changes {name.id}: xl accepts only `key = value` lines "
                     f"(write {name.id} out in full)", stmt)
        self.drop(stmt, f"a call of {func}() (its effect on {name.id} is carried over)")
        wrap = _GROWS.get(call.func.attr)
        if wrap is None or len(call.args) != 1 or call.keywords:
            self._unknown(name, stmt, f"{func}() at line {stmt.lineno} changes it; xlref does not run it")
            return True
        value = ast.copy_location(ast.List(elts=[call.args[0]], ctx=ast.Load()), call) if wrap else call.args[0]
        target = ast.copy_location(ast.Name(id=name.id, ctx=ast.Store()), name)
        self._assign(ast.copy_location(ast.AugAssign(target=target, op=ast.Add(), value=value), stmt), None)
        # the findings point at the call; no fix may write a literal over it (the line is no assignment)
        self.cfg.entries[-1].value_span = None
        return True




__all__ = ["Statements", "Unresolved", "node_span"]


def as_value(obj: Any) -> Value | None:
    """The xm setting a Python object gives, or None when xm ignored objects of its type (opts.py load)."""
    if isinstance(obj, bool) or obj is None or isinstance(obj, tuple | dict):
        return None
    if isinstance(obj, str | int | float):
        return obj
    if isinstance(obj, list):
        items = [_item(o) for o in obj]
        if any(i is None for i in items):
            return Unresolved("a list item that has no xl form (a dict or None)", repr(obj))
        return [i for i in items if i is not None]
    return None


def _item(obj: Any) -> Value | None:
    if isinstance(obj, bool):
        return int(obj)
    if isinstance(obj, tuple):
        obj = list(obj)
    return as_value(obj)
