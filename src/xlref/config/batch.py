"""`config convert` on one file, or on a whole directory the way SUSE's xen2libvirt worked: /etc/xen and xend's
managed-domain store (/var/lib/xend/domains/<uuid>/config.sxp), recursively, one output file per domain, a
summary at the end, an exit code by the worst result, and --define to import into libvirt.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from xlref.exitcodes import ExitCode

if TYPE_CHECKING:
    from xlref.config.convert import Result
    from xlref.config.options import ConvertOptions

_RANK = {"converted": 0, "skipped": 0, "defined": 0, "refused": 1, "exists": 1, "failed": 1, "unreadable": 2,
         "unwritten": 2}


@dataclass
class Outcome:
    path: str
    status: str  # converted | refused | unreadable | skipped (+ defined | exists | failed after --define)
    reason: str = ""
    result: Result | None = None
    output: str | None = None


def convert_text(raw: bytes, path: str, opts: ConvertOptions, pairs: list[tuple[str, str]],
                 err: TextIO) -> Outcome:
    from xlref.config.convert import from_libvirt, to_libvirt_xml, to_xl_text
    from xlref.config.detect import looks_like_xml
    from xlref.config.read import InputError, decode
    from xlref.config.reader import ConversionError
    from xlref.config.specs import SpecError
    from xlref.config.xmcmd import SetError, read_with_sets
    from xlref.config.xmlread import XmlError

    try:
        text = decode(raw, path)
    except InputError as exc:
        return Outcome(path, "unreadable", str(exc))
    source = opts.source
    if source == "auto":
        source = "libvirt" if looks_like_xml(text) else "auto"
    try:
        if source == "libvirt":
            if opts.to == "libvirt":
                return Outcome(path, "skipped", "already libvirt XML")
            result = from_libvirt(text, opts.to)
        else:
            if looks_like_xml(text):
                return Outcome(path, "unreadable", "this is XML; use --from libvirt")
            if opts.to == "xm":
                return Outcome(path, "unreadable", "--to xm needs libvirt XML input (--from libvirt)")
            cfg = read_with_sets(text, path, pairs)
            forced = None if source == "auto" else source
            if opts.verbose:
                from xlref.config.detect import detect

                print(f"xlref config convert: {path}: {detect(cfg, forced).describe()}", file=err)
            result = to_libvirt_xml(cfg, forced, opts.base_dir) if opts.to == "libvirt" else to_xl_text(cfg, forced)
            if opts.to == "xl":
                result.name = str(cfg.values().get("name") or "") or None
    except XmlError as exc:
        return Outcome(path, "unreadable", f"invalid libvirt XML: {exc}")
    except SetError as exc:
        return Outcome(path, "unreadable", str(exc))
    except (ConversionError, SpecError) as exc:
        return Outcome(path, "refused", str(exc))
    return Outcome(path, "converted", "", result)


def _print_warnings(outcome: Outcome, err: TextIO) -> None:
    if outcome.result is not None:
        for warning in outcome.result.warnings:
            where = "" if warning.startswith(outcome.path) else f"{outcome.path}: "
            print(f"xlref config convert: warning: {where}{warning}", file=err)


def convert_one(path: str, opts: ConvertOptions, stdin: BinaryIO | None, out: TextIO, err: TextIO) -> int:
    from xlref.config.options import read_input
    from xlref.config.xmcmd import SetError, parse_sets

    try:
        pairs = parse_sets(opts.sets)
    except SetError as exc:
        print(f"xlref config convert: {exc}", file=err)
        return int(ExitCode.USAGE)
    try:
        raw = read_input(path, stdin)
    except OSError as exc:
        print(f"xlref config convert: {path}: {exc.strerror or exc}", file=err)
        return int(ExitCode.INPUT_ERROR)
    outcome = convert_text(raw, path, opts, pairs, err)
    if outcome.status != "converted" or outcome.result is None:
        verb = "refused" if outcome.status == "refused" else "cannot convert"
        print(f"xlref config convert: {path}: {verb}: {outcome.reason}", file=err)
        return int(ExitCode.FINDINGS if outcome.status in ("refused", "skipped") else ExitCode.INPUT_ERROR)
    _print_warnings(outcome, err)
    if opts.output and opts.output != "-":
        try:  # atomic, keeps owner and mode, never replaces a non-regular file (xlref.atomic)
            _write(Path(opts.output), outcome.result.text)
        except OSError as exc:
            print(f"xlref config convert: {opts.output}: not written: {exc.strerror or exc}", file=err)
            return int(ExitCode.WRITE_ERROR)
    else:
        out.write(outcome.result.text)
    if opts.define:
        return _define([outcome], opts, err)
    return int(ExitCode.OK)


def _write(path: Path, text: str) -> None:
    from xlref.atomic import write_atomic

    if not path.parent.is_dir():
        path.parent.mkdir(parents=True)
    write_atomic(path, text.encode("utf-8"))


def discover(root: str) -> list[tuple[str, str | None]]:
    """Every file under root, sorted, with the reason to skip it (None: a candidate).  Each real file is read
    once: /etc/xen/auto holds symlinks to the configs beside it."""
    from xlref.config.store import SKIP_DIRS, not_a_config

    seen: dict[str, str] = {}
    found: list[tuple[str, str | None]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            path = str(Path(dirpath) / name)
            try:
                real = str(Path(path).resolve())
            except (OSError, RuntimeError) as exc:  # a symlink loop (RuntimeError before Python 3.13)
                found.append((path, f"not opened: {getattr(exc, 'strerror', None) or 'a symlink loop'}"))
                continue
            if real in seen:
                found.append((path, f"the same file as {seen[real]}"))
            elif (why := not_a_config(name)) is not None:
                found.append((path, why))
            elif not Path(real).is_file():
                found.append((path, "not a regular file (a FIFO, a device or a dangling link): not opened"))
            else:
                seen[real] = path
                found.append((path, None))
    return found


def _is_domain(raw: bytes) -> bool:
    from xlref.config.read import is_binary
    from xlref.config.store import HEAD, looks_like_domain

    return not is_binary(raw) and looks_like_domain(raw[:HEAD].decode("utf-8", "replace"))


def convert_many(root: str, opts: ConvertOptions, out: TextIO, err: TextIO) -> int:
    from xlref.config.xmcmd import SetError, parse_sets

    if not opts.output or opts.output == "-":
        print("xlref config convert: a directory needs -o OUTDIR (one file per domain is written there)", file=err)
        return int(ExitCode.USAGE)
    try:
        pairs = parse_sets(opts.sets)
    except SetError as exc:
        print(f"xlref config convert: {exc}", file=err)
        return int(ExitCode.USAGE)
    outdir = Path(opts.output)
    suffix = ".xml" if opts.to == "libvirt" else ".cfg"
    outcomes: list[Outcome] = []
    names: dict[str, str] = {}
    for path, skip in discover(root):
        if skip is not None:
            outcomes.append(Outcome(path, "skipped", skip))
            continue
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            outcomes.append(Outcome(path, "unreadable", exc.strerror or str(exc)))
            continue
        if not _is_domain(raw):
            outcomes.append(Outcome(path, "skipped", "not a domain config (no name, memory, kernel, disk... key)"))
            continue
        outcome = convert_text(raw, path, opts, pairs, err)
        if outcome.result is not None:
            result = outcome.result
            name = result.name or Path(path).name
            if name in names:
                outcome = Outcome(path, "refused", f"domain {name!r} is already defined by {names[name]}")
            else:
                names[name] = path
                target = outdir / (re.sub(r"[^A-Za-z0-9._+@-]", "_", name) + suffix)
                try:
                    _write(target, result.text)
                    outcome.output = str(target)
                except OSError as exc:
                    outcome = Outcome(path, "unwritten", f"{target}: not written: {exc.strerror or exc}")
        _print_warnings(outcome, err)
        outcomes.append(outcome)
    status = _define(outcomes, opts, err) if opts.define else 0
    _summary(outcomes, out)
    worst = max([_RANK[o.status] for o in outcomes] + [status])
    return int(worst)


def _define(outcomes: list[Outcome], opts: ConvertOptions, err: TextIO) -> int:
    from xlref.config.define import DefineError, define_domains

    todo = [o for o in outcomes if o.status == "converted" and o.result is not None and o.result.name]
    try:
        done = define_domains([(o.result.name or "", o.result.text) for o in todo if o.result], opts.connect,
                              opts.force)
    except DefineError as exc:
        print(f"xlref config convert: --define: {exc}", file=err)
        return int(ExitCode.INPUT_ERROR)
    for outcome, defined in zip(todo, done, strict=True):
        outcome.status, outcome.reason = defined.status, defined.detail
        print(f"xlref config convert: {outcome.path}: {defined.status}: {defined.name}: {defined.detail}", file=err)
    return max([_RANK[o.status] for o in todo] + [0])


def _summary(outcomes: list[Outcome], out: TextIO) -> None:
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
        where = f" -> {o.output}" if o.output else ""
        reason = (": " + " ".join(line.strip() for line in o.reason.splitlines())) if o.reason else ""
        out.write(f"{o.status:10} {o.path}{where}{reason}\n")
    out.write("summary: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + f" ({len(outcomes)} files)\n")
