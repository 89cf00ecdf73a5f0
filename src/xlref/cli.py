"""The typer layer: parse arguments, call xlref.lookup.actions, exit with its code.  Nothing else lives here."""

from __future__ import annotations

from typing import Annotated

import typer

from xlref import __version__, cli_config, cli_host, cli_lint
from xlref.lookup import actions

app = typer.Typer(
    name="xlref",
    help="Reference and migration toolkit for moving Xen hosts from xm/xend to xl or libvirt (virsh).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

app.add_typer(cli_config.app, name="config")
app.add_typer(cli_host.app, name="host")
app.command("lint")(cli_lint.lint)
app.command("rule")(cli_lint.rule)

Xen = Annotated[str | None, typer.Option("--xen", metavar="VERSION", help="Answer for this xl release, e.g. 4.19.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _version(value: bool) -> None:
    if value:
        print(f"xlref {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """xlref: xm → xl / virsh reference, shell-script linter and config converter."""


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def lookup(
    tool: Annotated[str, typer.Argument(help="xm, xl or virsh.")],
    command: Annotated[str, typer.Argument(help="Command name, alias or unique prefix.")],
    args: Annotated[list[str] | None, typer.Argument(help="Options/arguments to explain.")] = None,
    json: Json = False,
    xen: Xen = None,
) -> None:
    """Show a command: status, xl and virsh equivalents, options, behaviour changes, sources."""
    raise typer.Exit(actions.run_lookup(tool, command, args or [], as_json=json, xen=xen))


@app.command()
def search(
    words: Annotated[list[str], typer.Argument(help="Words to look for (a leading tool name filters).")],
    tool: Annotated[str | None, typer.Option("--tool", help="Only this tool.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most results to show.")] = 20,
    json: Json = False,
) -> None:
    """Search names, summaries, options and notes; best matches first."""
    raise typer.Exit(actions.run_search(words, tool=tool, as_json=json, limit=limit))


@app.command("list")
def list_(
    tool: Annotated[str | None, typer.Option("--tool", help="xm, xl or virsh.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="unchanged, changed, removed or new.")] = None,
    category: Annotated[str | None, typer.Option("--category", help="A category id, e.g. memory.")] = None,
    xen: Xen = None,
    json: Json = False,
) -> None:
    """List commands, filtered by tool, status, category or xl release."""
    raise typer.Exit(actions.run_list(tool=tool, status=status, category=category, xen=xen, as_json=json))


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="json or yaml.")] = "json",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to FILE (atomically).")] = None,
) -> None:
    """Print the whole dataset as {"schema_version": N, "commands": [...], ...}."""
    raise typer.Exit(actions.run_export(format, output))


@app.command()
def completion(shell: Annotated[str, typer.Argument(help="bash, zsh or fish.")]) -> None:
    """Print a static completion script, e.g. `xlref completion bash > /etc/bash_completion.d/xlref`."""
    raise typer.Exit(actions.run_completion(shell))


@app.command()
def validate(
    path: Annotated[str | None, typer.Argument(help="Dataset file (default: the one in use).")] = None,
) -> None:
    """Check a dataset file against the schema and cross-record rules (exit 3 when invalid)."""
    from xlref.data.validate import main as validate_main

    raise typer.Exit(validate_main([path] if path else []))
