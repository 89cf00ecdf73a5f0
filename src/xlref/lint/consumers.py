"""How a script uses what a command prints: follow its stdout (and stderr) through redirections, pipes,
command substitutions, process substitutions, `while read` loops and functions, and describe what each
reader looks at (`filters.Step`s) and where the text ends up.

The result, `Use`, is plain hashable data: the rewriter compares it with the output formats of the two
tools (outuse.py) to decide whether a rewrite can change what the script sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


_NAME_CHARS = frozenset(bytes([c]) for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
#: (file text, function offset, depth) -> answer: every call in one function asks the same question
_FUNCTION_READS: dict[tuple[bytes, int, int], bool] = {}


def _function_read(func: Node, depth: int) -> bool:
    """Is the output of this function read anywhere in the file (a call inside $(...), a pipe, a file)?"""
    name = func.child_by_field_name("name")
    if name is None or depth > 2:
        return True
    root = func
    while root.parent is not None:
        root = root.parent
    key = (root.text or b"", func.start_byte, depth)
    hit = _FUNCTION_READS.get(key)
    if hit is None:
        if len(_FUNCTION_READS) > 64:
            _FUNCTION_READS.clear()
        hit = _FUNCTION_READS[key] = _function_read_uncached(func, root, name.text or b"", depth)
    return hit


def _function_read_uncached(func: Node, root: Node, fname: bytes, depth: int) -> bool:
    # Find the calls by their name in the text (a walk over the whole tree per call would be quadratic).
    text = root.text or b""
    for m in re.finditer(re.escape(fname) + rb"(?![\w.-])", text):  # literal first: no scan per byte
        if m.start() and text[m.start() - 1:m.start()] in _NAME_CHARS:
            continue
        node = root.descendant_for_byte_range(m.start(), m.end())
        while node is not None and node.type not in ("command", "function_definition"):
            node = node.parent
        if node is None or node.type != "command":
            continue
        cmd_name = node.child_by_field_name("name")
        inside = func.start_byte <= node.start_byte < func.end_byte
        if cmd_name is not None and cmd_name.text == fname and not inside and describe(
                node, depth=depth + 1).read:
            return True
    return False


def describe(command: Node, outer_read: bool = False, depth: int = 0) -> Use:
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
                texts.append((stage.text or b"").decode("utf-8", "replace"))
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
            read = _function_read(parent, depth)
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
