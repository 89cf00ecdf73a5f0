"""`xlref config check|convert` end to end: read files, run, render, pick the exit code.  No typer here."""

from __future__ import annotations

import errno
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from xlref.exitcodes import ExitCode
from xlref.findings import Applicability, Edit, Finding

CONVERT_TARGETS = ("xl", "xm", "libvirt")
CONVERT_SOURCES = ("auto", "xm", "xl", "libvirt")


def _read(path: str, stdin: BinaryIO | None) -> bytes:
    if path == "-":
        stream = stdin or getattr(sys.stdin, "buffer", None)
        if stream is None:  # started with standard input closed (`<&-`): an input error, not a traceback
            raise OSError(errno.EBADF, "standard input is closed")
        return stream.read()
    return Path(path).read_bytes()


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
          fix: bool = False, *,
          stdin: BinaryIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from xlref import __version__
    from xlref.atomic import read_regular, replace_file
    from xlref.config.check import check_config
    from xlref.config.read import InputError, decode, looks_like_xml, read_config
    from xlref.report import FORMATS, render
    from xlref.rules.config import CONFIG_RULES as RULES

    out, err = stdout or sys.stdout, stderr or sys.stderr
    if fmt not in FORMATS:
        print(f"xlref config check: unknown format {fmt!r} (choose from {', '.join(FORMATS)})", file=err)
        return int(ExitCode.USAGE)
    findings: list[Finding] = []
    sources: dict[str, bytes] = {}
    fixed: dict[str, bytes] = {}
    status = ExitCode.OK
    for path in paths:
        try:
            # --fix reads as the writer will check: a regular file, never a FIFO (xlref.atomic)
            raw, seen = read_regular(path) if fix and path != "-" else (_read(path, stdin), None)
            text = decode(raw, path)
        except (OSError, InputError) as exc:
            print(f"xlref config check: {path}: {getattr(exc, 'strerror', None) or exc}", file=err)
            status = ExitCode.INPUT_ERROR
            continue
        if looks_like_xml(text):
            print(f"xlref config check: {path}: libvirt XML, nothing to check for xl "
                  "(use `xlref config convert --to xl`)", file=err)
            continue
        these = check_config(read_config(text, path))
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
                    these = check_config(read_config(decode(raw, path), path))
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
            stdin: BinaryIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from xlref.config.convert import from_libvirt, to_libvirt_xml, to_xl_text
    from xlref.config.fromconfig import ConversionError
    from xlref.config.read import InputError, decode, guess_format, looks_like_xml, read_config
    from xlref.config.specs import SpecError
    from xlref.config.xmlread import XmlError

    out, err = stdout or sys.stdout, stderr or sys.stderr
    if to not in CONVERT_TARGETS:
        print(f"xlref config convert: --to must be one of {', '.join(CONVERT_TARGETS)}", file=err)
        return int(ExitCode.USAGE)
    if source not in CONVERT_SOURCES:
        print(f"xlref config convert: --from must be one of {', '.join(CONVERT_SOURCES)}", file=err)
        return int(ExitCode.USAGE)
    try:
        text = decode(_read(path, stdin), path)
    except (OSError, InputError) as exc:
        print(f"xlref config convert: {path}: {getattr(exc, 'strerror', None) or exc}", file=err)
        return int(ExitCode.INPUT_ERROR)
    is_xml = looks_like_xml(text)
    if source == "auto":
        source = "libvirt" if is_xml else "native"
    try:
        if source == "libvirt":
            if to == "libvirt":
                print("xlref config convert: input is already libvirt XML", file=err)
                return int(ExitCode.USAGE)
            result = from_libvirt(text, to)
        else:
            if is_xml:
                print(f"xlref config convert: {path} is XML; use --from libvirt", file=err)
                return int(ExitCode.USAGE)
            cfg = read_config(text, path)
            if to == "libvirt":
                fmt = source if source in ("xm", "xl") else guess_format(cfg)
                result = to_libvirt_xml(cfg, fmt)
            elif to == "xl":
                result = to_xl_text(cfg)
            else:
                print("xlref config convert: --to xm needs libvirt XML input (--from libvirt)", file=err)
                return int(ExitCode.USAGE)
    except XmlError as exc:
        print(f"xlref config convert: {path}: invalid libvirt XML: {exc}", file=err)
        return int(ExitCode.INPUT_ERROR)
    except (ConversionError, SpecError) as exc:
        print(f"xlref config convert: {path}: refused: {exc}", file=err)
        return int(ExitCode.FINDINGS)
    for warning in result.warnings:
        print(f"xlref config convert: warning: {warning}", file=err)
    if output and output != "-":
        from xlref.atomic import write_atomic

        try:  # atomic, keeps owner and mode, never replaces a non-regular file (xlref.atomic)
            write_atomic(output, result.text.encode("utf-8"))
        except OSError as exc:
            print(f"xlref config convert: {output}: not written: {exc.strerror or exc}", file=err)
            return int(ExitCode.WRITE_ERROR)
    else:
        out.write(result.text)
    return int(ExitCode.OK)
