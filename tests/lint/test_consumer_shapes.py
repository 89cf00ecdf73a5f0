"""consumers.describe: where an xm call's stdout goes and what each reader looks at."""

from __future__ import annotations

import pytest

from xlref.lint.consumers import Scope, Use, describe
from xlref.lint.shell import Node, parse


def _xm(node: Node) -> Node | None:
    if node.type == "command":
        name = node.child_by_field_name("name")
        if name is not None and name.text in (b"xm", b"sudo"):
            return node
    for child in node.named_children:
        found = _xm(child)
        if found is not None:
            return found
    return None


def use(src: str) -> Use:
    source = src.encode() + b"\n"
    root = parse(source).root_node
    node = _xm(root)
    assert node is not None
    return describe(node, scope=Scope(root, source))


def ops(u: Use) -> list[str]:
    return [s.op for s in u.steps]


@pytest.mark.parametrize(("src", "sink", "steps", "status", "stderr"), [
    ("xm list", "display", [], False, False),
    ("xm list >/dev/null 2>&1", "discarded", [], False, True),
    ("xm list > /tmp/x", "file", [], False, False),
    ("xm list >> /tmp/x 2>&1", "file", [], False, True),
    ("x=$(xm list)", "captured", [], False, False),
    ("x=`xm list`", "captured", [], False, False),
    ("for d in $(xm list); do :; done", "captured", [], False, False),
    ('[ -n "$(xm list)" ]', "exists", [], False, False),
    ('[ -z "$(xm domid web)" ]', "exists", [], False, False),
    ("if xm list web >/dev/null; then :; fi", "discarded", [], True, False),
    ("xm list web && echo up", "display", [], True, False),
    ("! xm list web", "display", [], True, False),
    ("xm list | awk 'NR>1 {print $1}'", "display", ["skip", "fields"], False, False),
    ("xm list |& grep -q web", "display", ["match", "exists"], False, True),
    ("xm list 2>&1 | wc -l", "display", ["count"], False, True),
    ("xm list | grep -v Domain-0 | grep -c r", "display", ["match", "match", "count"], False, False),
    ("xm list | python3 parse.py | grep x", "display", ["whole"], False, False),
    ("xm list | tail -n +2 | while read a b; do echo $a; done", "display", ["skip", "fields"], False, False),
    ("while read a b; do echo $b; done < <(xm list)", "display", ["fields"], False, False),
    ("f() { xm list; }\nx=$(f)", "function", [], False, False),
    ("f() { xm list; }\nf", "display", [], False, False),
    ("f() { xm list; }\nf | wc -l", "function", [], False, False),
    ("sudo xm list | head -1", "display", ["head"], False, False),
    ("xm info | sed -n '2p'", "display", ["skip", "head"], False, False),
    ("xm info | cut -d: -f2", "display", ["fields"], False, False),
])
def test_shapes(src: str, sink: str, steps: list[str], status: bool, stderr: bool) -> None:
    got = use(src)
    assert (got.sink, ops(got), got.status, got.stderr) == (sink, steps, status, stderr)


@pytest.mark.parametrize(("src", "fields", "n"), [
    ("xm list | while read name id mem vcpus state time; do echo $name $state; done", (1, 5), 0),
    ("xm list | while read name rest; do echo $rest; done", (2,), 2),
    ("xm list | awk '{print $3, $NF}'", (-1, 3), 0),
    ("xm list | awk '$1 == \"Name\" {next} $5 ~ /p/ {print $1}'", (1,), 0),
    ("xm list | cut -d' ' -f1,3-4", (1, 3, 4), 0),
])
def test_fields(src: str, fields: tuple[int, ...], n: int) -> None:
    step = next(s for s in use(src).steps if s.op == "fields")
    assert (step.fields, step.n) == (fields, n)


def test_grep_options() -> None:
    step = use("xm list | grep -vi -w web").steps[0]
    assert (step.negate, step.icase, step.word, step.pattern, step.regex) == (True, True, True, "web", "bre")
    dyn = use('xm list | egrep "^$d "').steps[0]
    assert dyn.dynamic and dyn.pattern == "^$d " and dyn.regex == "ere"
    assert ops(use("xm list | grep -A1 web")) == ["whole"]  # context lines: the linter does not model them


def test_awk_field_separator_and_conditions() -> None:
    steps = use("xm info | awk -F: '/xen_major/ {print $2}'").steps
    assert [(s.op, s.pattern, s.sep) for s in steps] == [("match", "xen_major", None), ("fields", None, ":")]
    assert [(s.op, s.field, s.pattern) for s in use("xm list | awk '$5 ~ /^--p/'").steps] == [
        ("match", 5, "^--p"), ("whole", 0, None)]
