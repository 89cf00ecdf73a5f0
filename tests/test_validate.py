"""The validator: every broken record gets `file:line: where: message`, and all problems are listed."""

from __future__ import annotations

import pytest

from tests.support import MINI
from xlref.data.validate import validate_text

BASE = MINI.read_text(encoding="utf-8")


def _with(old: str, new: str) -> str:
    assert BASE.count(old) >= 1, old
    return BASE.replace(old, new, 1)


BROKEN = [
    pytest.param(_with("  name: migrate\n  summary: Move", "  name: migrate\n  colour: red\n  summary: Move"),
                 ":66: commands[0] (xm migrate): Additional properties are not allowed ('colour' was unexpected)",
                 id="unknown-field"),
    pytest.param(_with("  status: changed\n  usage: migrate DOMAIN HOST",
                       "  status: renamed\n  usage: migrate DOMAIN HOST"),
                 ":70: commands[0] (xm migrate).status: 'renamed' is not one of "
                 "['unchanged', 'changed', 'removed', 'new']", id="bad-status"),
    pytest.param(_with("    xl: {command: migrate, fix: unsafe, note: Requires",
                       "    xl: {command: migrat, fix: unsafe, note: Requires"),
                 ":90: commands[0] (xm migrate).replacements.xl.command: dangling replacement: no xl command 'migrat'",
                 id="dangling-replacement"),
    pytest.param(_with("  aliases: [balloon]", "  aliases: [balloon, migrate]"),
                 ":157: commands[3] (xm mem-set).aliases: duplicate xm command name or alias 'migrate' "
                 "(also commands[0] migrate)", id="alias-shadows-name"),
    pytest.param(_with("  category: memory\n  status: unchanged\n  usage: mem-set",
                       "  category: ram\n  status: unchanged\n  usage: mem-set"),
                 ":159: commands[3] (xm mem-set).category: unknown category 'ram'", id="unknown-category"),
    pytest.param(_with('  first_release: "4.20"', '  first_release: "4.30"'),
                 ":268: commands[10] (xl suspend).first_release: unknown xl release '4.30' "
                 "(known: 4.1, 4.2, 4.3, 4.4, 4.5, 4.6, 4.7, 4.8, 4.9, 4.10, 4.11, 4.12, 4.13, 4.14, 4.15, "
                 "4.16, 4.17, 4.18, 4.19, 4.20, 4.21, 4.22)", id="unknown-release"),
    pytest.param(_with("    virsh: {command: null, fix: none, why: not exposed for Xen guests.}",
                       "    virsh: {command: null, fix: none, why: not exposed for Xen guests.}\n"
                       "    xl: {command: pause, fix: safe}"),
                 ":271: commands[10] (xl suspend).replacements.xl: a command cannot be replaced by its own tool",
                 id="self-replacement"),
    pytest.param(_with("    virsh: {command: null, fix: none, why: not exposed for Xen guests.}",
                       "    virsh: {command: null, fix: safe, why: not exposed for Xen guests.}"),
                 ":270: commands[10] (xl suspend).replacements.virsh.fix: 'none' was expected",
                 id="null-replacement-must-not-fix"),
    pytest.param(_with("      virsh: {action: rename, flags: [\"--live\"], fix: safe}",
                       "      virsh: {action: rename, flags: [\"--lively\"], fix: safe}"),
                 ":81: commands[0] (xm migrate).options[0].replacements.virsh: rename to --lively: "
                 "virsh migrate has no such option", id="dangling-option-rename"),
    pytest.param(_with("  see_also: [\"xl:migrate\", \"virsh:migrate\"]\n  sources:\n  - {repo: xen-project/xen, "
                       "ref: RELEASE-4.4.4",
                       "  see_also: [\"xl:migrate\", \"virsh:migrat\"]\n  sources:\n  - {repo: xen-project/xen, "
                       "ref: RELEASE-4.4.4"),
                 ":107: commands[0] (xm migrate).see_also[1]: see_also names unknown command virsh:migrat",
                 id="dangling-see-also"),
    pytest.param(_with("schema_version: 1", "schema_version: 2"), ":1: schema_version: 1 was expected",
                 id="schema-version"),
    pytest.param(_with("  name: pause\n", "  name: Pause!\n"),
                 ":218: commands[6] (xm Pause!).name: 'Pause!' does not match '^[a-z0-9][a-z0-9_-]*$'",
                 id="bad-name"),
]


def test_mini_dataset_is_valid() -> None:
    data, problems = validate_text(BASE, "mini.yaml")
    assert problems == []
    assert len(data["commands"]) == 13


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_broken_record_reported_with_line(text: str, expected: str) -> None:
    _, problems = validate_text(text, "mini.yaml")
    assert problems == ["mini.yaml" + expected]


def test_every_problem_is_reported() -> None:
    text = _with("  category: memory\n  status: unchanged\n  usage: mem-set",
                 "  category: ram\n  status: unchanged\n  usage: mem-set")
    text = text.replace("  aliases: [balloon]", "  aliases: [balloon, migrate]", 1)
    _, problems = validate_text(text, "f.yaml")
    assert len(problems) == 2


def test_yaml_syntax_error_names_line() -> None:
    _, problems = validate_text("schema_version: 1\ncommands: [\n  - a: b\n", "bad.yaml")
    assert len(problems) == 1
    assert problems[0].startswith("bad.yaml:")
    assert "YAML syntax error" in problems[0]


def test_unsafe_yaml_tags_are_refused() -> None:
    _, problems = validate_text("schema_version: !!python/object/apply:os.system ['true']\n", "evil.yaml")
    assert problems and "YAML syntax error" in problems[0]
