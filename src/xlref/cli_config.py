"""typer sub-app `xlref config`: check xm/xl domain configs for xl, convert between xm/xl and libvirt XML.

Wired in xlref.cli as:  app.add_typer(cli_config.app, name="config")
The work is done in xlref.config.run (imported lazily so `xlref --help` stays fast).
"""

from __future__ import annotations

from typing import Annotated

import typer

from xlref.cli_help import examples

app = typer.Typer(help="Check and convert guest (domain) configs: xm, xl, libvirt XML.", no_args_is_help=True)


@app.command("check", short_help="Report what xl will reject or ignore in xm/xl domain configs.",
             epilog=examples("xlref config check /etc/xen/*.cfg", "xlref config check --fix web01.cfg",
                             "xlref config check --format json /etc/xen/auto/* > report.json"))
def check(
    files: Annotated[list[str], typer.Argument(metavar="FILE", help="xm or xl configs ('-' reads stdin).")],
    fmt: Annotated[str, typer.Option(
        "--format", metavar="tty|gcc|json|sarif|checkstyle|diff", help="Output format.")] = "tty",
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place (computed values, renames).")] = False,
    unsafe_fixes: Annotated[bool, typer.Option(
        "--unsafe-fixes", help="Also apply fixes whose behaviour may differ (with --fix or --format diff).")] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")] = False,
) -> None:
    """Report what xl will reject or ignore in an xm/xl config (Python code, w! disks, SXP, renamed keys...).

    The file is parsed, never executed. Exit 0: clean; 1: findings; 2: unreadable input or bad usage.
    """
    from xlref.config.run import check as run_check

    raise typer.Exit(run_check(files, fmt=fmt, exit_zero=exit_zero, unsafe_fixes=unsafe_fixes, fix=fix))


@app.command("convert", short_help="Convert a config offline: xm/xl to xl or libvirt XML, libvirt XML to xl or xm.",
             epilog=examples("xlref config convert web01.cfg --to xl -o web01.xl.cfg",
                             "xlref config convert web01.cfg --to libvirt > web01.xml",
                             "virsh dumpxml web01 | xlref config convert - --to xl"))
def convert(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Config or libvirt XML ('-' reads stdin).")],
    to: Annotated[str, typer.Option("--to", metavar="xl|xm|libvirt", help="Output format.")],
    source: Annotated[str, typer.Option(
        "--from", metavar="auto|xm|xl|libvirt",
        help="Input format; auto tells XML from native configs and xm from xl.")] = "auto",
    output: Annotated[str | None, typer.Option(
        "-o", "--output", metavar="PATH", help="Write here instead of stdout.")] = None,
) -> None:
    """Convert offline: xm/xl -> clean xl or libvirt XML; libvirt XML -> xl or xm (like virsh domxml-*).

    Refuses (exit 1) when a value cannot be computed without running the config; exit 2 for unreadable
    input, invalid XML or bad usage.
    """
    from xlref.config.run import convert as run_convert

    raise typer.Exit(run_convert(file, to, source=source, output=output))
