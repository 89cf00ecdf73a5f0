"""Every `--help` follows the convention in xlref.cli_help: ordered commands, whole one-line summaries,
examples, metavars instead of Python types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from tests.support import MINI
from xlref.cli import app
from xlref.cli_help import ORDER

GROUP = typer.main.get_command(app)


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((*prefix, name))
        if hasattr(cmd, "commands"):  # a group (typer vendors its own click, so no isinstance)
            out += _commands(cmd, (*prefix, name))
    return out


COMMANDS = _commands(GROUP)


def _help(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exc:
        app(args=[*argv, "--help"], prog_name="xlref")
    assert exc.value.code == 0
    return capsys.readouterr().out


def test_commands_are_listed_in_order(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = _help((), capsys, monkeypatch)
    listed = [line.split()[0] for line in text.split("Commands:")[1].split("Examples:")[0].splitlines()
              if line.strip() and line.startswith("  ") and not line.startswith("   ")]
    assert listed == [n for n in ORDER if n in listed]
    assert set(ORDER) <= set(listed)


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_help_convention(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                         argv: tuple[str, ...]) -> None:
    text = _help(argv, capsys, monkeypatch)
    for leak in ("<list[", "<str>", "<int", "<bool", "{", "......", "<path>"):
        assert leak not in text, f"{' '.join(argv)} --help shows {leak!r}"
    if not (len(argv) == 1 and hasattr(GROUP.commands[argv[0]], "commands")):
        assert "Examples:\n    xlref " in text, f"{' '.join(argv)} --help has no examples"
    parent = GROUP if len(argv) == 1 else GROUP.commands[argv[0]]
    short = parent.commands[argv[-1]].get_short_help_str(limit=200)
    assert short and not short.endswith(("e.g.", "...")) and len(short) <= 100, short


def test_validate_says_so_on_success(capsys: pytest.CaptureFixture[str]) -> None:
    from xlref.data.validate import main

    assert main([str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith(f"{Path(MINI)}: valid: 13 commands (xm 4, xl 5, virsh 4)")


def test_completion_offers_every_command_in_order() -> None:
    from xlref.lookup.completion import SUBCOMMANDS

    assert list(ORDER) == SUBCOMMANDS
    assert set(ORDER) == set(GROUP.commands)


def test_rule_help_covers_config_rules(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`xlref rule --help` said "Explain a lint rule" while it explains the config checker's XL5xx too."""
    text = " ".join(_help(("rule",), capsys, monkeypatch).split())
    assert "XL5xx from `xlref config check`" in text and "Explain a lint rule (" not in text
