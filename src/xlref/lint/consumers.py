"""How a script uses what a command prints: follow its stdout (and stderr) through redirections, pipes,
command substitutions, process substitutions, `while read` loops and functions, and describe what each
reader looks at (`filters.Step`s) and where the text ends up.

The result, `Use`, is plain hashable data: the rewriter compares it with the output formats of the two
tools (outuse.py) to decide whether a rewrite can change what the script sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xlref.lint import filters
from xlref.lint.filters import Step
from xlref.lint.shell import Node, literal

#: where the text finally goes
#:   discarded  /dev/null or closed            display  the script's own stdout (a person reads it)
#:   status     only the exit status is looked at  captured  $(...) or `...` (a variable, a word list)
#:   exists     [ -n "$(...)" ] style tests      file      a redirect to a file (read later)
#:   function   the stdout of a function that is itself read   unknown  anything else
Sink = str

_OPS_OUT = (">", ">>", ">|", "&>", "&>>")
_GROUPS = frozenset({"subshell", "compound_statement", "do_group", "else_clause", "if_statement", "case_item",
                     "case_statement", "for_statement", "c_style_for_statement", "while_statement",
                     "elif_clause", "list", "negated_command", "redirected_statement", "pipeline"})


@dataclass
class Scope:
    """One parsed text: its root node and bytes (climbing to the root through .parent is slow), and the
    answers already worked out for its functions."""

    root: Node
    source: bytes
    functions: dict[tuple[int, int], bool] = field(default_factory=dict)


@dataclass(frozen=True)
class Use:
    sink: Sink = "display"
    steps: tuple[Step, ...] = ()
    stderr: bool = False  # stderr is merged into what the readers see (2>&1, |&)
    status: bool = False  # the exit status is tested
    text: str = ""  # the readers as written, for messages

    @property
    def read(self) -> bool:
        """Does the script itself look at the text (beyond the exit status)?"""
        return bool(self.steps) or self.sink in ("captured", "file", "function", "unknown", "exists")


def _words(cmd: Node) -> tuple[str, list[str | None], list[str]] | None:
    name_node = cmd.child_by_field_name("name")
    if name_node is None:
        return None
    inner = name_node.named_children[0] if name_node.named_children else name_node
    name = literal(inner)
    if name is None:
        return None
    args = cmd.children_by_field_name("argument")
    return (name.rsplit("/", 1)[-1], [literal(a) for a in args],
            [(a.text or b"").decode("utf-8", "replace") for a in args])


def _used_vars(body: Node | None) -> set[str]:
    if body is None:
        return set()
    return set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", (body.text or b"").decode("utf-8", "replace")))


def _while_read(loop: Node) -> list[Step] | None:
    cond = loop.child_by_field_name("condition")
    if cond is None or cond.type != "command":
        return None
    parsed = _words(cond)
    if parsed is None or parsed[0] != "read":
        return None
    sep = None
    for child in cond.children:
        if child.type == "variable_assignment" and (child.text or b"").startswith(b"IFS="):
            value = child.child_by_field_name("value")
            sep = literal(value) if value is not None else None
    names = [w for w in parsed[1] if w is not None and not w.startswith("-")]
    used = _used_vars(loop.child_by_field_name("body"))
    return [filters.read_vars(names, used, sep or None)]


def stage_steps(node: Node) -> list[Step]:
    """What one pipeline stage reads of its input."""
    if node.type == "redirected_statement":
        body = node.child_by_field_name("body")
        return stage_steps(body) if body is not None else [Step("whole")]
    if node.type == "while_statement":
        return _while_read(node) or [Step("whole", text="while ...")]
    if node.type != "command":
        return [Step("whole", text=(node.text or b"")[:40].decode("utf-8", "replace"))]
    parsed = _words(node)
    if parsed is None:
        return [Step("whole")]
    name, words, raw = parsed
    if name in ("grep", "egrep", "fgrep"):
        return filters.grep(name, words, raw)
    if name in ("awk", "gawk", "mawk", "nawk"):
        return filters.awk(words, raw)
    if name == "cut":
        return filters.cut(words, raw)
    if name in ("head", "tail"):
        return filters.head_tail(name, words, raw)
    if name == "sed":
        return filters.sed(words, raw)
    if name == "read":
        names = [w for w in words if w is not None and not w.startswith("-")]
        return [Step("head", n=1, text="read"), filters.read_vars(names, set(names), None)]
    return filters.simple(name, words, raw)


def _short(stage: Node) -> str:
    """A stage as written, shortened for messages (a loop shows only its `while read ...` head)."""
    if stage.type == "while_statement":
        cond = stage.child_by_field_name("condition")
        return "while " + (cond.text or b"").decode("utf-8", "replace") if cond is not None else "while ..."
    text = (stage.text or b"").decode("utf-8", "replace").split("\n", 1)[0]
    return text if len(text) <= 80 else text[:77] + "..."


def _redirects(stmt: Node) -> tuple[str | None, bool]:
    """(stdout destination: None (unchanged) | 'null' | 'file' | 'stderr', stderr merged into stdout)."""
    out: str | None = None
    merged = False
    for red in stmt.children_by_field_name("redirect"):
        if red.type != "file_redirect":
            continue
        desc = red.child_by_field_name("descriptor")
        dest = red.child_by_field_name("destination")
        fd = desc.text if desc is not None else None
        op = next((c.type for c in red.children if not c.is_named), "")
        target = (dest.text or b"") if dest is not None else b""
        if op in (">&", "&>", "&>>") and fd in (None, b"1") and op != ">&":
            out = "null" if target == b"/dev/null" else "file"
            merged = True
        elif op == ">&" and fd == b"2" and target == b"1":
            merged = True
        elif op == ">&" and fd in (None, b"1") and target == b"2":
            out = "stderr"
        elif op in _OPS_OUT and fd in (None, b"1"):
            out = "null" if target == b"/dev/null" else "file"
    return out, merged


def _test_of_substitution(sub: Node) -> Sink:
    """What surrounds a $(...): a -n/-z test, a variable, a word list..."""
    parent = sub.parent
    while parent is not None and parent.type in ("string", "concatenation"):
        parent = parent.parent
    if parent is not None and parent.type == "unary_expression":
        op = parent.child_by_field_name("operator")
        if op is not None and op.text in (b"-n", b"-z"):
            return "exists"
    if parent is not None and parent.type == "test_command" and len(parent.named_children) == 1:
        return "exists"  # [ "$(...)" ] is true when the text is not empty
    return "captured"


def _function_read(func: Node, scope: Scope | None) -> bool:
    """Is the output of this function read anywhere in the file?  Each call site's line is looked at as
    text: inside $(...), `...` or <(...), piped on (`|`, not `||`), or redirected to a file.  Walking the
    syntax tree up from every call site would cost more than the rest of the linter."""
    name = func.child_by_field_name("name")
    if name is None or scope is None:
        return True
    key = (func.start_byte, func.end_byte)
    if key not in scope.functions:
        scope.functions[key] = _call_sites_read(name.text or b"", scope.source, func)
    return scope.functions[key]


_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-$")
_AFTER_READ = re.compile(rb"[^\n;&|#]*(?:\|(?!\|)|>(?!\s*/dev/null|&))")


def _call_sites_read(name: bytes, source: bytes, func: Node) -> bool:
    i = source.find(name)
    while i >= 0:
        end = i + len(name)
        if not func.start_byte <= i < func.end_byte and (i == 0 or source[i - 1] not in _WORD) and (
                end == len(source) or source[end] not in _WORD):
            before = source[source.rfind(b"\n", 0, i) + 1:i].rstrip()
            if before.endswith((b"$(", b"`", b"<(")) or _AFTER_READ.match(source, end):
                return True
        i = source.find(name, end)
    return False


def describe(command: Node, outer_read: bool = False, depth: int = 0, scope: Scope | None = None) -> Use:
    """Follow the stdout of `command` (the xm call) to its readers and its final destination."""
    node = command
    steps: list[Step] = []
    texts: list[str] = []
    stderr = False
    status = False
    parent = node.parent
    while parent is not None:
        kind = parent.type
        if kind == "redirected_statement" and parent.child_by_field_name("body") == node:
            out, merged = _redirects(parent)
            stderr = stderr or merged
            if out is not None:
                sink = {"null": "discarded", "file": "file", "stderr": "display"}[out]
                return Use(sink if not steps or out != "null" else "discarded", tuple(steps), stderr,
                           status or _status(parent), " | ".join(texts))
        elif kind == "pipeline":
            stages = list(parent.named_children)
            idx = next(i for i, c in enumerate(stages) if c.start_byte <= node.start_byte < c.end_byte)
            ops = [c.type for c in parent.children if not c.is_named]
            if idx < len(ops) and ops[idx] == "|&":
                stderr = True
            for stage in stages[idx + 1:]:
                found = stage_steps(stage)
                steps.extend(found)
                texts.append(_short(stage))
                if any(s.op == "whole" for s in found):
                    break
        elif kind in ("command_substitution",):
            sink = _test_of_substitution(parent)
            return Use(sink, tuple(steps), stderr, status, " | ".join(texts))
        elif kind == "process_substitution":
            red = parent.parent
            stmt = red.parent if red is not None else None
            body = stmt.child_by_field_name("body") if stmt is not None else None
            if body is not None and body.type == "while_statement":
                steps.extend(_while_read(body) or [Step("whole")])
                texts.append("while read")
                return Use("display", tuple(steps), stderr, status, " | ".join(texts))
            return Use("unknown", tuple(steps), stderr, status, " | ".join(texts))
        elif kind == "function_definition":
            read = depth > 0 or _function_read(parent, scope)
            return Use("function" if read else "display", tuple(steps), stderr, status, " | ".join(texts))
        elif kind in ("list", "negated_command") or (
                kind in ("if_statement", "while_statement", "elif_clause") and _is_condition(parent, node)):
            status = True
        elif kind not in _GROUPS:
            break
        node, parent = parent, parent.parent
    return Use("captured" if outer_read else "display", tuple(steps), stderr, status, " | ".join(texts))


def _is_condition(stmt: Node, child: Node) -> bool:
    for i, c in enumerate(stmt.children):
        if c == child:
            return stmt.field_name_for_child(i) == "condition"
    return False


def _status(stmt: Node) -> bool:
    parent = stmt.parent
    return parent is not None and parent.type in ("list", "negated_command", "if_statement", "while_statement",
                                                   "elif_clause")
