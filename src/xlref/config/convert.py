"""`xlref config convert`: native config -> clean xl / libvirt XML, and libvirt XML -> xl / xm.

A conversion either writes a config that keeps the guest's meaning, with every fact it had to decide or leave
out in `warnings`, or refuses with the reasons (ConversionError).  It refuses when a value it needs cannot be
computed without running the file, when a line it cannot read may have set something, and when the source
is one that xm itself refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlref.config.convert_xl import XlWriter
from xlref.config.detect import Detection, detect
from xlref.config.fromconfig import to_domain
from xlref.config.keytable import KeyTable, key_table
from xlref.config.model import Config
from xlref.config.reader import ConversionError
from xlref.config.render import FormatError, render, xl_literal
from xlref.config.toconfig import from_domain
from xlref.config.xmlread import parse_domain_xml
from xlref.config.xmlwrite import to_xml


@dataclass
class Result:
    text: str
    warnings: list[str] = field(default_factory=list)
    detection: Detection | None = None
    name: str | None = None


def blockers(cfg: Config) -> list[str]:
    """Reasons to refuse the whole file before looking at values."""
    if cfg.dialect == "sxp" and not cfg.entries:
        bad = next((p for p in cfg.problems if p.code == "XL516"), None)
        if bad is None:
            return [f"{cfg.path}: cannot read this SXP config (no settings found)"]
        return [f"{cfg.path}:{bad.span.line}: cannot read this SXP config ({bad.message})"]
    if not cfg.entries and not cfg.problems:
        return [f"{cfg.path}: the file has no settings at all (empty, or only comments)"]
    out = []
    for problem in cfg.problems:
        where = f"{cfg.path}:{problem.span.line}"
        if problem.code == "XL505" and "syntax error" in problem.message:
            out.append(f"{where}: {problem.message}")
        elif problem.code == "XL505" and not _harmless(cfg, problem.span.line):
            out.append(f"{where}: this line could not be read, and it may set a value ({problem.message})")
        elif problem.code == "XL515" and cfg.dialect == "xm":
            out.append(f"{where}: {problem.message}")
    return out


def _harmless(cfg: Config, line: int) -> bool:
    """A Python-2-only line that sets nothing: a print statement, or a number literal that was read anyway."""
    text = cfg.text.splitlines()[line - 1].lstrip() if line <= len(cfg.text.splitlines()) else ""
    return text.startswith("print") or any(e.span.line <= line <= e.span.end_line for e in cfg.entries)


def semantics(detection: Detection) -> str:
    return "xm" if detection.format in ("xm", "sxp") else "xl"


def _refuse(cfg: Config) -> None:
    found = blockers(cfg)
    if found:
        raise ConversionError("\n  ".join(found))


def _file_notes(cfg: Config) -> list[str]:
    """Facts about the file as a whole, and the lines Python could not read that set nothing (print...)."""
    notes = [f"{cfg.path}:{p.span.line}: dropped a line that sets nothing: {p.message}" for p in cfg.problems
             if p.code == "XL505" and not any(e.span.line <= p.span.line <= e.span.end_line for e in cfg.entries)]
    if cfg.bom:
        notes.append(f"{cfg.path}: the UTF-8 byte order mark is not written (xl refuses it)")
    if cfg.crlf:
        notes.append(f"{cfg.path}: CRLF line ends are written as LF (xl refuses CR)")
    return notes


def to_xl_text(cfg: Config, forced: str | None = None, table: KeyTable | None = None) -> Result:
    """A literal xl.cfg: values folded, keys renamed, xm's meaning made explicit, comments kept."""
    det = detect(cfg, forced)
    _refuse(cfg)
    writer = XlWriter(cfg, semantics(det), table or key_table())
    text = writer.convert()
    return Result(text, _file_notes(cfg) + writer.warnings, det, None)


def to_libvirt_xml(cfg: Config, forced: str | None = None, base_dir: str | None = None) -> Result:
    det = detect(cfg, forced)
    _refuse(cfg)
    dom = to_domain(cfg, semantics(det), base_dir)
    dropped = [f"{cfg.path}:{span.line}: dropped {why}" for span, why in cfg.dropped]
    ignored = [f"{cfg.path}:{e.span.line}: dropped {e.key}: {e.ignored}" for e in cfg.entries if e.ignored]
    return Result(to_xml(dom), _file_notes(cfg) + dropped + ignored + _shadowed(cfg) + _located(cfg, dom.dropped),
                  det, dom.name)


def _located(cfg: Config, notes: list[str]) -> list[str]:
    """`KEY: why` notes of the XML writer with the file and the line of the key's (last) setting, as the xl.cfg
    writer gives them; a note about a key the file does not set (an xm default) keeps the file alone."""
    lines = {e.key: e.span.line for e in cfg.entries}
    out = []
    for note in notes:
        line = lines.get(note.partition(":")[0])
        out.append(f"{cfg.path}:{line}: {note}" if line else note)
    return out


def _shadowed(cfg: Config) -> list[str]:
    """Assignments a later `=` of the same key replaces (xm and xl both use the last one)."""
    out: list[str] = []
    later: dict[str, int] = {}
    for entry in reversed([e for e in cfg.entries if e.ignored is None]):
        if entry.key in later and entry.op == "=" and not (entry.computed or "").startswith("inside"):
            out.append(f"{cfg.path}:{entry.span.line}: dropped {entry.key}: assigned again at line "
                       f"{later[entry.key]}; xm and xl both use the last assignment")
        if entry.op == "=":
            later[entry.key] = entry.span.line
    return out[::-1]


def from_libvirt(xml: bytes | str, fmt: str) -> Result:
    dom = parse_domain_xml(xml)
    try:
        entries, warnings = from_domain(dom, fmt)
        if fmt == "xl":
            entries = [(key, xl_literal(value)) for key, value in entries]
        body = render(entries)
    except FormatError as err:
        raise ConversionError(str(err)) from err
    header = f"# {fmt} domain config written by xlref from libvirt XML\n"
    return Result(header + body, warnings, None, dom.name)


__all__ = ["ConversionError", "Result", "from_libvirt", "to_libvirt_xml", "to_xl_text"]
