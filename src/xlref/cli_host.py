"""typer commands `xlref host ...`; the work is done in xlref.host.

Wired in xlref.cli as:  app.add_typer(cli_host.app, name="host")
"""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    help="Turn a whole xm/xend host into a migration plan and a ready bundle.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

EPILOG = """\b
Examples:
  xlref host scan                          # this machine (read only)
  xlref host scan /mnt/oldhost --format html > plan.html
  xlref host scan /srv/support-bundle --scripts /srv/tools --write /tmp/bundle

Exit codes: 0 nothing to do, 1 items xlref's bundle handles, 4 items need a human, 2 bad input, 3 bad dataset.
"""


@app.command(epilog=EPILOG, short_help="Report a host's domains, xend settings, services and scripts; plan the move.")
def scan(
    root: Annotated[str, typer.Argument(
        help="Where the host's / is: a live root, a mounted image, an extracted tarball or support bundle.")] = "/",
    fmt: Annotated[str, typer.Option("--format", metavar="text|json|md|html", help="Report format.")] = "text",
    write: Annotated[str | None, typer.Option(
        "--write", metavar="DIR", help="Also write the migration bundle (converted domains, define-all.sh, "
                                       "scripts.patch, settings, backups, the report) to DIR.")] = None,
    scripts: Annotated[list[str] | None, typer.Option(
        "--scripts", metavar="DIR", help="Another directory of scripts to lint (a path on the host, under ROOT); "
                                         "repeatable.")] = None,
    target: Annotated[str, typer.Option("--target", metavar="xl|virsh", help="Toolstack to migrate to.")] = "xl",
    unsafe_fixes: Annotated[bool, typer.Option(
        "--unsafe-fixes", help="Put script rewrites whose behaviour may differ into scripts.patch too.")] = False,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress", help="Show progress on stderr (default: when stderr is a terminal).")] = None,
) -> None:
    """Read a host tree without changing it and report domains, xend settings, boot and services, scripts and
    the upgrade checklist."""
    from xlref.host.run import run

    raise typer.Exit(run(root, fmt=fmt, write=write, scripts=scripts or [], target=target,
                         unsafe_fixes=unsafe_fixes, progress=progress))
