"""The typer layer: parse arguments, call the action, exit with its code.  Nothing else lives here.

Help follows the convention in xlref.cli_help (order, one-line summaries, examples, metavars).
"""

from __future__ import annotations

from typing import Annotated

import typer

from xlref import __version__, cli_config, cli_help, cli_host, cli_lint
from xlref.cli_help import examples
from xlref.lookup import actions

cli_help.apply()

app = typer.Typer(
    name="xlref",
    help="Reference and migration toolkit for moving Xen hosts from xm/xend to xl or libvirt (virsh).",
    epilog=examples("xlref lookup xm migrate -l", "xlref search live migration", "xlref lint scripts/",
                    "xlref config convert /etc/xen/web01.cfg --to xl")
    + "\n\n\b\nExit codes: 0 done; 1 nothing found, or findings remain; 2 bad usage or unreadable input;\n"
    "3 the dataset is invalid; 4 (host scan) items need a human.",
    cls=cli_help.OrderedGroup,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

Xen = Annotated[str | None, typer.Option("--xen", metavar="VERSION", help="Answer for this xl release, e.g. 4.19.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
NoPager = Annotated[bool, typer.Option("--no-pager", help="Never page the output, even on a terminal.")]
Tool = Annotated[str | None, typer.Option("--tool", metavar="TOOL", help="Only xm, xl or virsh.")]


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


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    short_help="What an xm, xl or virsh command (and your call of it) becomes on the other toolstacks.",
    epilog=examples("xlref lookup xm migrate -l web01 host2", "xlref lookup xm network-attach web bridge=xenbr0",
                    "xlref lookup xl sched-sedf", "xlref lookup topic xen2libvirt"),
)
def lookup(
    tool: Annotated[str, typer.Argument(metavar="TOOL", help="xm, xl or virsh (or xm.cfg, xl.cfg, xend, topic).")],
    command: Annotated[str, typer.Argument(metavar="COMMAND", help="Command name, alias or prefix (or a topic).")],
    args: Annotated[list[str] | None, typer.Argument(
        metavar="ARGS", help="Your call's options and arguments, to rewrite them.")] = None,
    json: Json = False,
    xen: Xen = None,
    full: Annotated[bool, typer.Option("--full", help="Also what each option means, notes and sources.")] = False,
) -> None:
    """Answer first: your call rewritten for xl and virsh (values filled in), then the equivalents, what
    changed and what each option becomes.  Retired xl commands answer with their successor."""
    raise typer.Exit(actions.run_lookup(tool, command, args or [], as_json=json, xen=xen, full=full))


@app.command(
    short_help="Find commands, config keys and topics by what they do; best matches first.",
    epilog=examples("xlref search live migration", "xlref search xl cd-rom", "xlref search pygrub --json"),
)
def search(
    words: Annotated[list[str], typer.Argument(metavar="WORDS", help="What to look for; a leading tool filters.")],
    tool: Tool = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1, help="Show at most N results.")] = 20,
    json: Json = False,
    no_pager: NoPager = False,
) -> None:
    """Search names (exact, then word by word, then by prefix), the synonyms the dataset keeps, then
    summaries, options and notes.  Exit 1 when nothing matches."""
    from xlref.lookup.listing import run_search

    raise typer.Exit(run_search(words, tool=tool, as_json=json, limit=limit, pager=not no_pager))


@app.command(
    "list",
    short_help="List commands by tool, status, category or xl release.",
    epilog=examples("xlref list --tool xm --status removed", "xlref list --tool xl --xen 4.4",
                    "xlref list --category memory --json"),
)
def list_(
    tool: Tool = None,
    status: Annotated[str | None, typer.Option("--status", metavar="STATUS",
                                               help="unchanged, changed, removed or new.")] = None,
    category: Annotated[str | None, typer.Option("--category", metavar="CATEGORY",
                                                 help="A category id, e.g. memory.")] = None,
    xen: Xen = None,
    json: Json = False,
    no_pager: NoPager = False,
) -> None:
    """List the commands that pass every filter, one table row each.  Exit 1 when none does."""
    from xlref.lookup.listing import run_list

    raise typer.Exit(run_list(tool=tool, status=status, category=category, xen=xen, as_json=json,
                              pager=not no_pager))


app.command("lint", short_help="Find xm calls and xend references in shell scripts; rewrite them for xl or virsh.",
            epilog=examples("xlref lint /etc/init.d/ scripts/", "xlref lint --fix --target virsh backup.sh",
                            "xlref lint --diff --unsafe-fixes . | git apply"))(cli_lint.lint)
app.add_typer(cli_config.app, name="config",
              short_help="Check xm/xl domain configs for xl; convert them to xl, xm or libvirt XML.",
              epilog=examples("xlref config check /etc/xen/*.cfg", "xlref config convert web01.cfg --to libvirt"))
app.add_typer(cli_host.app, name="host",
              short_help="Turn a whole xm/xend host into a migration plan and a ready bundle.",
              epilog=examples("xlref host scan", "xlref host scan /mnt/oldhost --format html > plan.html"))
app.command("rule", short_help="Explain a lint or config rule code, or list them all.",
            help="Explain a rule: XL1xx-XL4xx and XL9xx from `xlref lint`, XL5xx from `xlref config check`. "
                 "Without a code, list them all (code, name, severity, fix, summary).",
            epilog=examples("xlref rule", "xlref rule XL101", "xlref rule --json"))(cli_lint.rule)


@app.command(
    short_help="Print the whole dataset as JSON or YAML (or write it to a file).",
    epilog=examples("xlref export > xlref.json", "xlref export --format yaml -o xlref.yaml"),
)
def export(
    format: Annotated[str, typer.Option("--format", "-f", metavar="json|yaml", help="Output format.")] = "json",
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE",
                                               help="Write to FILE (atomically) instead of stdout.")] = None,
) -> None:
    """Print the whole dataset: schema_version first, then every section as in data/commands.yaml (values a
    call needs are spelled <NAME>)."""
    raise typer.Exit(actions.run_export(format, output))


@app.command(
    short_help="Print a static shell completion script for bash, zsh or fish.",
    epilog=examples("xlref completion bash > /etc/bash_completion.d/xlref",
                    "xlref completion fish > ~/.config/fish/completions/xlref.fish"),
)
def completion(shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")]) -> None:
    """Print a completion script with the command and option names built in (no Python at completion time)."""
    raise typer.Exit(actions.run_completion(shell))


@app.command(
    short_help="Check a dataset file against the schema and the cross-record rules.",
    epilog=examples("xlref validate", "xlref validate data/commands.yaml"),
)
def validate(
    path: Annotated[str | None, typer.Argument(metavar="FILE", help="Dataset file (default: the one in use).")] = None,
) -> None:
    """Validate a dataset: a one-line summary when it is valid; every problem as FILE:LINE: message and
    exit 3 when it is not."""
    from xlref.data.validate import main as validate_main

    raise typer.Exit(validate_main([path] if path else []))
