"""The help convention every xlref subcommand follows (cli.py, cli_lint.py and cli_config.py):

- `xlref --help` lists the commands in ORDER: the reference first, then the migration tools, then the rest;
- each command has a `short_help`: one whole line, never cut at the first full stop;
- its help says what it does in a sentence or two, then `epilog=examples(...)` shows two or three real
  calls (kept line by line);
- arguments and options show an upper-case METAVAR (`FILE`, `TOOL`), never a Python type: `apply()`
  makes typer print `lookup TOOL COMMAND [ARGS]...` instead of `{tool} {command} [args]... <list[str]>`.
"""

from __future__ import annotations

from typing import Any

import typer.core

ORDER = ("lookup", "search", "list", "lint", "config", "host", "rule", "export", "completion", "validate")


def examples(*calls: str) -> str:
    """An `Examples:` block for a command's epilog; `\b` stops click from re-flowing the lines."""
    return "\b\nExamples:\n" + "\n".join(f"  {call}" for call in calls)


class OrderedGroup(typer.core.TyperGroup):
    """Lists subcommands in ORDER; commands ORDER does not name come after, alphabetically."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def _usage_name(self: typer.core.TyperArgument) -> str:
    name = (self.metavar or str(self.name)).upper()
    name = name if self.required else f"[{name}]"
    return f"{name}..." if self.nargs != 1 else name


def _help_name(self: typer.core.TyperArgument) -> str:
    return (self.metavar or str(self.name)).upper() + ("..." if self.nargs != 1 else "")


def _no_type(self: Any, ctx: Any) -> str | None:
    return None


def apply() -> None:
    """Make typer's help print metavars, not Python types (`<list[str]>`) or braces (`{FILE...}...`)."""
    typer.core.TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]
    typer.core.TyperArgument._rich_display_name = _help_name  # type: ignore[method-assign]
    typer.core.TyperArgument.display_type_rich = _no_type  # type: ignore[method-assign]
