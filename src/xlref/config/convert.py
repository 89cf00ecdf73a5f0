"""`xlref config convert`: native config -> clean xl / libvirt XML, and libvirt XML -> xl / xm."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from xlref.config.check import XL_KEY_NAME
from xlref.config.fromconfig import ConversionError, to_domain
from xlref.config.keytable import KeyTable, key_table
from xlref.config.model import Config, Entry, Value, unresolved_in
from xlref.config.read import guess_format
from xlref.config.render import FormatError, render, render_value
from xlref.config.toconfig import from_domain
from xlref.config.xmlread import parse_domain_xml
from xlref.config.xmlwrite import to_xml

RESTART = {"always": ("restart", "restart", "restart"), "never": ("destroy", "destroy", "destroy"),
           "onreboot": ("destroy", "restart", "destroy")}


@dataclass
class Result:
    text: str
    warnings: list[str] = field(default_factory=list)


def _refuse_if_unresolved(cfg: Config) -> None:
    if cfg.dialect == "sxp" and not cfg.entries:
        reason = "; ".join(p.message for p in cfg.problems if p.code == "XL516") or "no settings found"
        raise ConversionError(f"{cfg.path}: cannot read this SXP config ({reason})")
    blockers = []
    for entry in cfg.entries:
        unres = unresolved_in(entry.value)
        if unres is not None:
            blockers.append(f"{cfg.path}:{entry.span.line}: {entry.key}: {unres.reason}")
    for problem in cfg.problems:
        if problem.code in ("XL505", "XL515") and "print" not in problem.message and "number literal" \
                not in problem.message:
            blockers.append(f"{cfg.path}:{problem.span.line}: {problem.message}")
    if blockers:
        raise ConversionError("cannot compute every value without running the config:\n  "
                              + "\n  ".join(blockers))


def to_xl_text(cfg: Config, table: KeyTable | None = None) -> Result:
    """A literal xl.cfg: values folded, keys renamed, xm-only keys commented out, comments kept."""
    table = table or key_table()
    _refuse_if_unresolved(cfg)
    res = Result("")
    last: dict[str, Entry] = {}
    for entry in cfg.entries:
        last[entry.key] = entry
    keys = set(last)
    effective = cfg.values()
    out: list[str] = []
    emitted_until = 0
    lines = cfg.text.splitlines()
    for entry in cfg.entries:
        if last[entry.key] is not entry:
            continue
        for number in range(emitted_until + 1, entry.span.line):
            if number in cfg.comments:
                out.append(lines[number - 1].strip() if cfg.comments[number] else "")
        emitted_until = max(emitted_until, entry.span.end_line)
        # one assignment per key, with the effective value (xl's += already applied)
        final = replace(entry, value=effective[entry.key], op="=")
        for line in _convert_entry(final, keys, cfg, table, res.warnings):
            out.append(line + (f"  #{entry.comment}" if entry.comment and not line.startswith("#") else ""))
    for number in range(emitted_until + 1, len(lines) + 1):
        if number in cfg.comments:
            out.append(lines[number - 1].strip() if cfg.comments[number] else "")
    while out and not out[-1]:
        out.pop()
    res.text = "\n".join(out) + "\n"
    return res


def _line(key: str, value: Value) -> str:
    return f"{key} = {render_value(_xl_literal(value))}"


def _xl_literal(value: Value) -> Value:
    """xl's lexer has no signed or fractional numbers: write those as strings (xl converts them back)."""
    if isinstance(value, bool):
        return int(value)
    if (isinstance(value, int) and value < 0) or isinstance(value, float):
        return str(value)
    if isinstance(value, list):
        return [_xl_literal(v) for v in value]
    return value


def _convert_entry(entry: Entry, keys: set[str], cfg: Config, table: KeyTable, warn: list[str]) -> list[str]:
    key, value = entry.key, entry.value
    where = f"{cfg.path}:{entry.span.line}"
    if not XL_KEY_NAME.fullmatch(key):
        warn.append(f"{where}: {key} is not a valid xl key name; commented out")
        return [f"# xlref: not an xl key name: {key} = {render_value(_xl_literal(value))}"]
    renames = key_table().safe_renames()
    if key in renames:
        return [_line(renames[key], value)]
    if key == "builder":
        kind = str(value)
        if "hvm".startswith(kind) and kind:
            return [_line("type", "hvm")]
        return [_line("type", "pv")]
    if isinstance(value, int) and value in (names := key_table().value_names(key)):
        return [_line(key, names[value])]
    if key == "kernel" and isinstance(value, str) and "hvmloader" in value and \
            (cfg.get("builder") == "hvm" or cfg.get("type") == "hvm"):
        if value.rsplit("/", 1)[-1] != "hvmloader":
            return [_line("firmware_override", value)]
        warn.append(f"{where}: dropped kernel = {value!r} (xm's HVM firmware path; xl ignores it)")
        return [f"# xlref: xl loads the HVM firmware itself; was: kernel = {render_value(value)}"]
    if key == "restart" and isinstance(value, str) and value in RESTART:
        lines = []
        for name, action in zip(("on_poweroff", "on_reboot", "on_crash"), RESTART[value], strict=True):
            if name not in keys:
                lines.append(_line(name, action))
        return lines or [f"# xlref: restart = {render_value(value)} dropped; on_* keys are set"]
    if key == "disk" and isinstance(value, list):
        fixed: list[Value] = []
        for item in value:
            if isinstance(item, str) and any(f.strip() in ("w!", "!", "access=w!", "access=!")
                                             for f in item.split(",")):
                parts = [("w" if f.strip() in ("w!", "!") else "access=rw" if f.strip().startswith("access=")
                          else f) for f in item.split(",")]
                new = ",".join(parts)
                warn.append(f"{where}: disk {item!r}: shared-write w! has no xl equivalent; written as {new!r} "
                            "- make sure no other guest writes this device")
                fixed.append(new)
            else:
                fixed.append(item)
        return [_line(key, fixed)]
    if table.available and not table.xl_reads(key) and key in table.xm:
        rec = table.xm[key]
        rename = rec.get("rename") or []
        hint = f" use {' / '.join(rename)}" if rename else " no xl equivalent"
        warn.append(f"{where}: {key} is ignored by xl ({hint.strip()}); commented out")
        return [f"# xlref: xl ignores {key} ({hint.strip()}): {key} = {render_value(_xl_literal(value))}"]
    return [_line(key, value)]


def to_libvirt_xml(cfg: Config, fmt: str | None = None) -> Result:
    _refuse_if_unresolved(cfg)
    fmt = fmt or guess_format(cfg)
    dom = to_domain(cfg, fmt)
    return Result(to_xml(dom), dom.dropped)


def from_libvirt(xml: bytes | str, fmt: str) -> Result:
    dom = parse_domain_xml(xml)
    try:
        entries, warnings = from_domain(dom, fmt)
        if fmt == "xl":
            entries = [(key, _xl_literal(value)) for key, value in entries]
        body = render(entries)
    except FormatError as err:
        raise ConversionError(str(err)) from err
    header = f"# {fmt} domain config written by xlref from libvirt XML\n"
    return Result(header + body, warnings)
