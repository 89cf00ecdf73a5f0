"""Validate the dataset: JSON Schema first, then the cross-record rules a schema cannot express.

Every problem is reported as `file:line: where: message`; all problems are reported, not just the first.
`python -m xlref.data.validate [FILE]` exits 0 when clean, 3 (ExitCode.DATA_ERROR) otherwise.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from xlref.data.checks import semantic_problems
from xlref.data.outchecks import output_problems
from xlref.data.problem import Problem

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


@cache
def _validator() -> Any:
    import jsonschema
    from referencing import Registry, Resource

    resources = {}
    for name in ("commands.schema.json", "config_keys.schema.json", "outputs.schema.json", "site.schema.json"):
        schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        resources[schema["$id"]] = Resource.from_contents(schema)
    main_schema = json.loads((SCHEMA_DIR / "commands.schema.json").read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resources(resources.items())
    return jsonschema.Draft202012Validator(main_schema, registry=registry)


def _describe(data: Any, path: Sequence[str | int]) -> str:
    """A readable location: commands[12] (xm migrate).options[1]"""
    out = ""
    node = data
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(step, int) and isinstance(node, dict) and "name" in node and "tool" in node:
            out += f" ({node['tool']} {node['name']})"
    return out or "(top)"


def schema_problems(data: Any) -> list[Problem]:
    import jsonschema.exceptions

    problems = []
    for err in _validator().iter_errors(data):
        # oneOf/if-then errors are noisy; the best_match of the context names the real cause.
        best = jsonschema.exceptions.best_match([err]) if err.context else err
        path = list(best.absolute_path)
        problems.append(Problem(path, best.message))
    return problems


def validate_text(text: str, filename: str) -> tuple[Any, list[str]]:
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        detail = f"{context}: {problem}" if context else problem
        return None, [f"{filename}:{line}: YAML syntax error: {detail}"]
    found = schema_problems(data)
    if not found:
        found = semantic_problems(data) + output_problems(data)
    if not found:
        return data, []
    from xlref.data.yamlpos import LineMap

    lines = LineMap(text)
    rendered = [
        (lines.line(p.path), f"{_describe(data, p.path)}: {p.message}") for p in found
    ]
    return data, [f"{filename}:{line}: {msg}" for line, msg in sorted(rendered)]


def main(argv: Sequence[str] | None = None) -> int:
    from xlref.data.paths import dataset_path
    from xlref.exitcodes import ExitCode

    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0] if args else dataset_path())
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{path}:1: cannot read: {exc.strerror}", file=sys.stderr)
        return ExitCode.INPUT_ERROR
    data, problems = validate_text(text, str(path))
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return ExitCode.DATA_ERROR
    print(f"{path}: valid: {summary(data)}")
    return ExitCode.OK


def summary(data: Any) -> str:
    """`502 commands (xm 105, xl 112, virsh 285), 278 config keys, 14 topics` for the success line."""
    tools: dict[str, int] = {}
    for cmd in data["commands"]:
        tools[cmd["tool"]] = tools.get(cmd["tool"], 0) + 1
    parts = [f"{len(data['commands'])} commands ({', '.join(f'{t} {n}' for t, n in tools.items())})"]
    for key, label in (("config_keys", "config keys"), ("topics", "topics")):
        if data.get(key):
            parts.append(f"{len(data[key])} {label}")
    return ", ".join(parts)


if __name__ == "__main__":
    raise SystemExit(main())
