"""typer sub-app `xlref config`: check xm/xl domain configs for xl, convert between xm/xl/SXP and libvirt XML.

Wired in xlref.cli as:  app.add_typer(cli_config.app, name="config")
The work is done in xlref.config.run (imported lazily so `xlref --help` stays fast).
"""

from __future__ import annotations

from typing import Annotated

import typer

from xlref.cli_help import examples

app = typer.Typer(help="Check and convert guest (domain) configs: xm, xl, xend SXP, libvirt XML.",
                  no_args_is_help=True)

SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", metavar="NAME=VALUE",
    help="A variable `xm create FILE NAME=VALUE` took on its command line; repeatable. "
         "Example: --set vmid=3")]
VerboseOpt = Annotated[bool, typer.Option("-v", "--verbose", help="Say which tool the file was read as, and why. "
                                          "Example: xlref config check -v guest.cfg")]


@app.command("check", short_help="Report what xl will reject or ignore in xm/xl domain configs.",
             epilog=examples("xlref config check /etc/xen/*.cfg", "xlref config check --fix web01.cfg",
                             "xlref config check --set vmid=3 -v /etc/xen/xmexample2",
                             "xlref config check --format json /etc/xen/auto/* > report.json"))
def check(
    files: Annotated[list[str], typer.Argument(
        metavar="FILE", help="xm or xl configs ('-' reads stdin). Example: /etc/xen/*.cfg")],
    fmt: Annotated[str, typer.Option(
        "--format", metavar="tty|gcc|json|sarif|checkstyle|diff",
        help="Output format. Example: --format json")] = "tty",
    fix: Annotated[bool, typer.Option(
        "--fix", help="Apply safe fixes in place (computed values, renames). Example: --fix guest.cfg")] = False,
    unsafe_fixes: Annotated[bool, typer.Option(
        "--unsafe-fixes", help="Also apply fixes whose behaviour may differ (with --fix or --format diff). "
                               "Example: --fix --unsafe-fixes")] = False,
    exit_zero: Annotated[bool, typer.Option(
        "--exit-zero", help="Exit 0 even when findings remain. Example: --exit-zero")] = False,
    sets: SetOpt = None,
    source: Annotated[str, typer.Option(
        "--from", metavar="auto|xm|xl|sxp",
        help="Whose meaning the file has (auto decides by syntax and by keys only one tool knows). "
             "Example: --from xm")] = "auto",
    verbose: VerboseOpt = False,
) -> None:
    """Report what xl will reject or ignore in an xm/xl config (Python code, w! disks, SXP, renamed keys...).

    The file is parsed, never executed. Exit 0: clean; 1: findings; 2: unreadable input, a file --fix could not
    write, or bad usage.
    """
    from xlref.config.run import check as run_check

    raise typer.Exit(run_check(files, fmt=fmt, exit_zero=exit_zero, unsafe_fixes=unsafe_fixes, fix=fix,
                               sets=sets or [], source=source, verbose=verbose))


@app.command("convert", short_help="Convert xm/xl/SXP configs to xl or libvirt XML (and back); directories; --define.",
             epilog=examples("xlref config convert web01.cfg --to xl -o web01.xl.cfg",
                             "xlref config convert web01.cfg --to libvirt > web01.xml",
                             "virsh dumpxml web01 | xlref config convert - --to xl",
                             "xlref config convert /etc/xen --to libvirt -o /root/libvirt --define"))
def convert(
    path: Annotated[str, typer.Argument(
        metavar="PATH", help="A config, libvirt XML ('-' reads stdin), or a directory converted recursively "
                             "(needs -o OUTDIR). Example: /etc/xen")],
    to: Annotated[str, typer.Option("--to", metavar="xl|xm|libvirt", help="Output format. Example: --to xl")],
    source: Annotated[str, typer.Option(
        "--from", metavar="auto|xm|xl|sxp|libvirt",
        help="Input format; auto tells XML, SXP and Python apart and xm from xl by the keys only one knows. "
             "Example: --from xm")] = "auto",
    output: Annotated[str | None, typer.Option(
        "-o", "--output", metavar="PATH|OUTDIR",
        help="Write here instead of stdout; a directory input writes one file per domain into OUTDIR. "
             "Example: -o /root/converted")] = None,
    sets: SetOpt = None,
    base_dir: Annotated[str | None, typer.Option(
        "--base-dir", metavar="DIR",
        help="The directory `xm create` ran in: relative kernel, ramdisk and image paths are resolved there "
             "(default: the config's own directory). Example: --base-dir /srv/xen")] = None,
    verbose: VerboseOpt = False,
    define: Annotated[bool, typer.Option(
        "--define", help="Import the result into libvirt with `virsh define` (with --to libvirt; without it "
                         "nothing is imported). Example: --to libvirt --define")] = False,
    connect: Annotated[str | None, typer.Option(
        "--connect", "-c", metavar="URI", help="libvirt URI for --define. Example: --connect xen:///system")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="With --define: replace a domain libvirt already has. Example: --define --force")] = False,
) -> None:
    """Convert offline: xm/xl/SXP -> clean xl or libvirt XML; libvirt XML -> xl or xm (like virsh domxml-*).

    Refuses (exit 1) when the result would not keep the guest's meaning (a value that needs running the
    config, a disk xl would read differently...), each time with the reason; exit 2 for unreadable input,
    invalid XML, an output not written, bad usage, or (--define) a libvirt virsh cannot reach. A directory is
    converted recursively (xen2libvirt's job: /etc/xen and /var/lib/xend/domains), with a summary and the exit
    code of the worst result.
    """
    from xlref.config.options import ConvertOptions
    from xlref.config.run import convert as run_convert

    opts = ConvertOptions(to=to, source=source, output=output, sets=sets or [], base_dir=base_dir,
                          verbose=verbose, define=define, connect=connect, force=force)
    raise typer.Exit(run_convert(path, to, opts=opts))
