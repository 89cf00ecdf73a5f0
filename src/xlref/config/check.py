"""`xlref config check`: turn reader problems and key/value facts into XL5xx Findings."""

from __future__ import annotations

import re

from xlref.config.diskspec import parse_xl_disk
from xlref.config.keytable import KeyTable, key_table
from xlref.config.model import Config, Entry, Span, Unresolved, Value, byte_offset, line_starts, unresolved_in
from xlref.config.render import FormatError, render_value
from xlref.config.specs import SpecError, parse_keyvals
from xlref.config.xlparse import parse_xl
from xlref.findings import Applicability, Edit, Finding, Fix
from xlref.rules.config import CONFIG_RULES as RULES

#: xm keys whose xl name takes exactly the same value
XL_VIF_KEYS = {"type", "mac", "bridge", "netdev", "gatewaydev", "ip", "script", "backend", "vifname", "model",
               "rate", "forwarddev", "accel", "devid", "mtu", "vlan"}
XL_KEY_NAME = re.compile(r"[a-z][._0-9a-z]*")
IGNORED_DISK_PREFIXES = ("tapdisk", "tap2", "tap", "aio", "ioemu", "file", "phy")


class _Out:
    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.lines = cfg.text.splitlines()
        self.starts = line_starts(cfg.text)
        self.findings: list[Finding] = []

    def byte(self, line: int, col: int) -> int:
        return byte_offset(self.lines, self.starts, line, col)

    def add(self, code: str, message: str, span: Span, fix: Fix | None = None,
            data: dict[str, str] | None = None) -> None:
        # The severity is the rule's, always: a case that deserves another severity is another rule.
        rule = RULES[code]
        self.findings.append(Finding(
            path=self.cfg.path, code=code, severity=rule.severity, message=message,
            line=span.line, column=span.column, end_line=span.end_line, end_column=span.end_column,
            start_byte=self.byte(span.line, span.column), end_byte=self.byte(span.end_line, span.end_column),
            fix=fix, data=data or {}))

    def edit(self, span: Span, text: str) -> Edit:
        return Edit(self.byte(span.line, span.column), self.byte(span.end_line, span.end_column),
                    text.encode("utf-8"))

    def delete_line(self, span: Span) -> Edit:
        start = self.starts[span.line]
        end = self.starts[span.end_line + 1] if span.end_line + 1 < len(self.starts) else self.starts[-1]
        return Edit(start, end, b"")


def check_config(cfg: Config, table: KeyTable | None = None) -> list[Finding]:
    table = table or key_table()
    out = _Out(cfg)
    for problem in cfg.problems:
        out.add(problem.code, problem.message, problem.span)
    if cfg.dialect == "sxp":
        return out.findings
    for entry in cfg.entries:
        _entry(out, entry, table, cfg)
    if cfg.dialect == "xm":
        _xl_grammar(out, cfg)
    out.findings.sort(key=lambda f: (f.line, f.column, f.code))
    return out.findings


def _xl_grammar(out: _Out, cfg: Config) -> None:
    """Literal-looking xm lines that xl's lexer still refuses (negative numbers, upper-case names...)."""
    busy: set[int] = {f.line for f in out.findings if f.code != "XL511"}
    for entry in cfg.entries:
        if entry.computed or unresolved_in(entry.value) is not None:
            busy.update(range(entry.span.line, entry.span.end_line + 1))
    for problem in parse_xl(cfg.text, cfg.path).problems:
        if problem.span.line not in busy:
            out.add("XL515", problem.message, problem.span)
            busy.add(problem.span.line)


def _entry(out: _Out, entry: Entry, table: KeyTable, cfg: Config) -> None:
    value = entry.value
    unres = unresolved_in(value)
    if unres is not None:
        if not unres.reason.startswith("assigned inside"):
            out.add("XL504", f"{entry.key}: {unres.reason}", entry.value_span or entry.span)
        return
    if entry.computed:
        fix = None
        if entry.value_span is not None:
            try:
                literal = render_value(value)
                fix = Fix(Applicability.SAFE, (out.edit(entry.value_span, literal),),
                          f"write the computed value {literal}")
            except FormatError:
                fix = None
        out.add("XL502", f"{entry.key}: value computed by Python ({entry.computed}); xl needs the literal "
                f"{_short(value)}", entry.value_span or entry.span, fix)
    if not table.available:
        return
    key = entry.key
    if not XL_KEY_NAME.fullmatch(key):
        out.add("XL515", f"key {key!r}: xl key names are lower-case letters, digits, '_' and '.'; xl refuses "
                "the file", entry.key_span)
        return
    xl_rec, xm_rec = table.xl.get(key), table.xm.get(key)
    if xl_rec is not None and table.xl_reads(key):
        _value_checks(out, entry, cfg)
        dep = xl_rec.get("deprecated")
        if dep and key != "builder":
            out.add("XL512", f"{key} is deprecated in xl; use {dep}", entry.key_span, data={"replacement": dep})
        return
    rec = xm_rec or xl_rec
    if rec is not None:
        rename = [str(r) for r in rec.get("rename") or ([rec["deprecated"]] if rec.get("deprecated") else [])]
        note = rec.get("note") or ""
        if key in table.safe_renames():
            new = table.safe_renames()[key]
            fix = Fix(Applicability.SAFE, (out.edit(entry.key_span, new),), f"rename {key} to {new}")
            out.add("XL508", f"{key} is called {new} in xl; xl ignores {key}", entry.key_span, fix,
                    data={"replacement": new})
        elif rename:
            out.add("XL508", f"xl ignores {key}; use {' / '.join(rename)} instead. {note}".strip(),
                    entry.key_span, data={"replacement": ",".join(rename)})
        else:
            out.add("XL509", f"xl ignores {key}. {note}".strip(), entry.key_span)
        return
    out.add("XL511", f"unknown key {key!r}: xl ignores it silently (typo, or an xm helper variable?)",
            entry.key_span)


def _short(value: Value) -> str:
    text = render_value(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _guest_type(cfg: Config) -> str:
    vtype = cfg.get("type")
    if isinstance(vtype, str):
        return vtype
    return "hvm" if cfg.get("builder") == "hvm" else "pv"


def _value_checks(out: _Out, entry: Entry, cfg: Config) -> None:
    key, value = entry.key, entry.value
    span = entry.value_span or entry.span
    fix: Fix | None
    if key == "builder":
        kind = str(value)
        if kind and "hvm".startswith(kind):
            fix = Fix(Applicability.SAFE, (out.edit(entry.span, 'type = "hvm"'),), 'write type = "hvm"')
            out.add("XL512", 'builder is deprecated in xl; use type = "hvm"', entry.key_span, fix,
                    data={"replacement": "type"})
        elif kind and "generic".startswith(kind):
            fix = Fix(Applicability.SAFE, (out.edit(entry.span, 'type = "pv"'),), 'write type = "pv"')
            out.add("XL512", 'builder is deprecated in xl; use type = "pv"', entry.key_span, fix)
        else:
            fix = Fix(Applicability.SAFE, (out.edit(entry.span, 'type = "pv"'),), 'write type = "pv"') \
                if kind == "linux" else None
            out.add("XL517", f"builder = {kind!r}: xl accepts only hvm or generic and exits otherwise; "
                    'write type = "pv" for a PV guest', span, fix)
    elif isinstance(value, int) and (names := key_table().value_names(key)):
        name = names.get(value)
        fix = Fix(Applicability.SAFE, (out.edit(span, f'"{name}"'),), f'write "{name}"') if name else None
        out.add("XL510" if name else "XL517", f"{key} = {value}: numbers are deprecated in xl"
                + (f'; the name is "{name}"' if name else "; and this number is out of range"), span, fix)
    elif key == "kernel" and isinstance(value, str) and "hvmloader" in value and _guest_type(cfg) == "hvm":
        if value.rsplit("/", 1)[-1] == "hvmloader":
            fix = Fix(Applicability.SAFE, (out.delete_line(entry.span),),
                      "delete the line (xl ignores it and loads its own hvmloader)")
            out.add("XL510", "kernel = .../hvmloader was xm's HVM firmware path; xl ignores it with a warning. "
                    "Delete the line (use firmware_override only for a non-default firmware)", span, fix)
        else:
            fix = Fix(Applicability.SAFE, (out.edit(entry.key_span, "firmware_override"),),
                      "rename kernel to firmware_override")
            out.add("XL517", f"kernel = {value!r}: xl boots an HVM kernel= as a direct kernel; a custom "
                    "firmware belongs in firmware_override", span, fix)
    elif key == "disk":
        for item in _items(value):
            _disk_item(out, entry, item)
    elif key == "vif":
        for item in _items(value):
            _vif_item(out, entry, item)


def _items(value: Value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _item_span(out: _Out, entry: Entry, item: str) -> Span:
    span = entry.value_span or entry.span
    for line in range(span.line, span.end_line + 1):
        text = out.lines[line - 1] if line <= len(out.lines) else ""
        col = text.find(item)
        if col >= 0 and item:
            return Span(line, col + 1, line, col + 1 + len(item))
    return span


def _disk_item(out: _Out, entry: Entry, item: str) -> None:
    span = _item_span(out, entry, item)
    fields = [f.strip() for f in item.split(",")]
    modes = [f.split("=", 1)[1] if f.startswith("access=") else f for f in fields[2:4] + fields]
    if any(m in ("w!", "!") for m in modes[:2]) or any(f in ("access=w!", "access=!") for f in fields):
        out.add("XL507", f"disk {item!r}: shared-write mode w! is rejected by xl; use w (and make sure no "
                "other guest writes this device)", span)
        return
    try:
        disk = parse_xl_disk(item)
    except SpecError as err:
        out.add("XL516", f"disk {item!r}: {err}", span)
        return
    ignored = [p for p in disk.prefixes if p in IGNORED_DISK_PREFIXES]
    if ignored:
        # phy:/file: only restate what libxl picks anyway; tap:/aio: used to force blktap
        mild = set(ignored) <= {"phy", "file"}
        out.add("XL518" if mild else "XL513", f"disk {item!r}: xl drops the {':'.join(ignored)}: prefix; the "
                "backend is chosen by libxl (write backendtype= and format= to pin it)", span)


def _vif_item(out: _Out, entry: Entry, item: str) -> None:
    span = _item_span(out, entry, item)
    try:
        pairs = parse_keyvals(item.replace("trusted", "trusted=1") if "=" not in item else item)
    except SpecError as err:
        out.add("XL516", f"vif {item!r}: {err}", span)
        return
    for key, val in pairs:
        if key == "type" and val not in ("vif", "ioemu"):
            hint = " (xm's netfront is spelled vif)" if val == "netfront" else ""
            out.add("XL514", f"vif type={val}: xl knows only vif and ioemu and ignores it{hint}", span)
        elif key == "accel":
            out.add("XL514", "vif accel=: xl does not support accelerators and ignores it", span)
        elif key not in XL_VIF_KEYS and not key.startswith("colo_") and key not in ("trusted", "untrusted"):
            out.add("XL514", f"vif {key}=: xl does not know this option and ignores it", span)


__all__ = ["Unresolved", "check_config"]
