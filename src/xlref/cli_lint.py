"""typer commands `xlref lint` and `xlref rule`; the work is done in xlref.lint.run.

Wired in xlref.cli as:  app.command("lint")(cli_lint.lint)  and  app.command("rule")(cli_lint.rule)
"""

from __future__ import annotations

from typing import Annotated

import typer


def lint(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATH", show_default=False,
        help="Files or directories to lint ('-' reads stdin). Default: the current directory.")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place.")] = False,
    unsafe_fixes: Annotated[bool, typer.Option(
        "--unsafe-fixes", help="Also apply fixes whose behaviour may differ (with --fix or --diff).")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Print the fixes as a unified diff (git apply-able); write nothing.")] = False,
    target: Annotated[str | None, typer.Option(
        "--target", metavar="xl|virsh", help="Toolstack to migrate to (default xl).")] = None,
    xen: Annotated[str | None, typer.Option(
        "--xen", metavar="VERSION", help="Only use what this xl release has, e.g. 4.11.")] = None,
    fmt: Annotated[str, typer.Option(
        "--format", metavar="tty|gcc|json|sarif|checkstyle|diff", help="Output format.")] = "tty",
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="CODES", help="Only these rule codes or prefixes (comma-separated, repeatable).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="CODES", help="Skip these rule codes or prefixes.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List files that were not analysed.")] = False,
    no_config: Annotated[bool, typer.Option(
        "--no-config", help="Ignore .xlref.toml / [tool.xlref] in pyproject.toml.")] = False,
    sniff: Annotated[bool, typer.Option(
        "--sniff", help="Skip named files that are not shell scripts by extension or shebang.")] = False,
    assume: Annotated[list[str] | None, typer.Option(
        "--assume", metavar="NAME",
        help="State a fact about the hosts the scripts run on (repeatable, comma-separated), e.g. "
             "--assume no-managed-domains: fixes that only differ when it is false become safe and say so. "
             "List: xlref lint --assume help.")] = None,
    source_path: Annotated[list[str] | None, typer.Option(
        "--source-path", metavar="DIR",
        help="Where to look for files the scripts source (`. FILE`), besides the script's own directory "
             "(repeatable), e.g. --source-path ./etc-snapshot for `. /etc/default/xendomains`.")] = None,
    max_findings: Annotated[int, typer.Option(
        "--max-findings", metavar="N", help="Report at most N findings per file, then a count (0: all).")] = 1000,
) -> None:
    """Find xm calls and xend references in shell scripts; rewrite them for xl or virsh."""
    from xlref.lint.run import Options, run

    code = run(Options(
        paths=paths or ["."], fix=fix, unsafe_fixes=unsafe_fixes, diff=diff, target=target, xen=xen, fmt=fmt,
        select=select, ignore=ignore or [], exit_zero=exit_zero, verbose=verbose, use_config=not no_config,
        sniff=sniff, assume=assume or [], source_path=source_path or [], max_findings=max_findings,
    ))
    raise typer.Exit(code)


def rule(
    code: Annotated[str | None, typer.Argument(help="Rule code, e.g. XL101. Omit to list every rule.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Explain a lint rule (or list them all)."""
    from xlref.explain import explain

    raise typer.Exit(explain(code, as_json=json))
