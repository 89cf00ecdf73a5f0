"""`xlref config check|convert` end to end: read files, run, render, pick the exit code.  No typer here.

A directory given to convert is xen2libvirt's whole job (see batch); --define imports with virsh (see define).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from xlref.config.options import ConvertOptions, read_input
from xlref.exitcodes import ExitCode
from xlref.findings import Applicability, Edit, Finding

CONVERT_TARGETS = ("xl", "xm", "libvirt")
CONVERT_SOURCES = ("auto", "xm", "xl", "sxp", "libvirt")


def apply_fixes(source: bytes, findings: Sequence[Finding], unsafe: bool = False) -> bytes:
    """Apply every non-overlapping fix edit, later ones first."""
    edits: list[Edit] = []
    for f in findings:
        if f.fix is None or (f.fix.applicability is Applicability.UNSAFE and not unsafe):
            continue
        edits.extend(f.fix.edits)
    out = source
    last_start = len(source) + 1
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > last_start:
            continue
        out = out[: edit.start] + edit.text + out[edit.end :]
        last_start = edit.start
    return out


def check(paths: Sequence[str], fmt: str = "tty", exit_zero: bool = False, unsafe_fixes: bool = False,
          fix: bool = False, *, sets: Sequence[str] = (), source: str = "auto", verbose: bool = False,
          stdin: BinaryIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from xlref import __version__
    from xlref.atomic import read_regular, replace_file
    from xlref.config.check import check_config
    from xlref.config.detect import detect, looks_like_xml
    from xlref.config.read import InputError, decode
    from xlref.config.xmcmd import SetError, parse_sets, read_with_sets
    from xlref.report import FORMATS, render
    from xlref.rules.config import CONFIG_RULES as RULES

    out, err = stdout or sys.stdout, stderr or sys.stderr
    if fmt not in FORMATS:
        print(f"xlref config check: unknown format {fmt!r} (choose from {', '.join(FORMATS)})", file=err)
        return int(ExitCode.USAGE)
    if source not in CONVERT_SOURCES or source == "libvirt":
        print("xlref config check: --from must be one of auto, xm, xl, sxp", file=err)
        return int(ExitCode.USAGE)
    try:
        pairs = parse_sets(list(sets))
    except SetError as exc:
        print(f"xlref config check: {exc}", file=err)
        return int(ExitCode.USAGE)
    forced = None if source == "auto" else source
    findings: list[Finding] = []
    sources: dict[str, bytes] = {}
    fixed: dict[str, bytes] = {}
    status = ExitCode.OK
    for path in paths:
        try:
            # --fix reads as the writer will check: a regular file, never a FIFO (xlref.atomic)
            raw, seen = read_regular(path) if fix and path != "-" else (read_input(path, stdin), None)
            text = decode(raw, path)
            if looks_like_xml(text):
                print(f"xlref config check: {path}: libvirt XML, nothing to check for xl "
                      "(use `xlref config convert --to xl`)", file=err)
                continue
            cfg = read_with_sets(text, path, pairs)
        except (OSError, InputError) as exc:
            print(f"xlref config check: {path}: {getattr(exc, 'strerror', None) or exc}", file=err)
            status = ExitCode.INPUT_ERROR
            continue
        except SetError as exc:
            print(f"xlref config check: {exc}", file=err)
            return int(ExitCode.USAGE)
        if verbose:
            print(f"xlref config check: {path}: {detect(cfg, forced).describe()}", file=err)
        these = check_config(cfg, fmt=forced)
        if fix and seen is not None:
            new = apply_fixes(raw, these, unsafe_fixes)
            if new != raw:
                try:  # owner, mode, links, concurrent changes: xlref.atomic's rules; one failure ends no run
                    replace_file(path, new, raw, seen)
                except OSError as exc:
                    print(f"xlref config check: {path}: not written: {exc.strerror or exc}", file=err)
                    status = ExitCode.WRITE_ERROR
                else:
                    raw = new
                    these = check_config(read_with_sets(decode(raw, path), path, pairs), fmt=forced)
        sources[path] = raw
        findings.extend(these)
        if fmt == "diff":
            fixed[path] = apply_fixes(raw, these, unsafe_fixes)
    text_out = render(findings, fmt, sources, fixed=fixed, rules=list(RULES.values()), tool="xlref",
                      version=__version__)
    if text_out:
        out.write(text_out if text_out.endswith("\n") else text_out + "\n")
    if status != ExitCode.OK:
        return int(status)
    return int(ExitCode.FINDINGS if findings and not exit_zero else ExitCode.OK)


def convert(path: str, to: str, source: str = "auto", output: str | None = None, *,
            opts: ConvertOptions | None = None,
            stdin: BinaryIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    opts = opts or ConvertOptions(to=to, source=source, output=output)
    err = stderr or sys.stderr
    if opts.to not in CONVERT_TARGETS:
        print(f"xlref config convert: --to must be one of {', '.join(CONVERT_TARGETS)}", file=err)
        return int(ExitCode.USAGE)
    if opts.source not in CONVERT_SOURCES:
        print(f"xlref config convert: --from must be one of {', '.join(CONVERT_SOURCES)}", file=err)
        return int(ExitCode.USAGE)
    if opts.define and opts.to != "libvirt":
        print("xlref config convert: --define imports libvirt XML: use it with --to libvirt", file=err)
        return int(ExitCode.USAGE)
    from xlref.config.batch import convert_many, convert_one

    if path != "-" and Path(path).is_dir():
        return convert_many(path, opts, stdout or sys.stdout, err)
    return convert_one(path, opts, stdin, stdout or sys.stdout, err)
