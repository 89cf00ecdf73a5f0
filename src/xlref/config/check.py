"""`xlref config check`: turn reader problems and key/value facts into XL5xx Findings.

Every finding on a line that xl's own parser refuses carries data["xl_parser"] = "rejects" (the verdict comes
from xlparse, the port of libxlu's grammar), so "does xl even read this file" is one question with one answer;
file-level facts (empty file, byte order mark, CRLF, no name, duplicates, xm defaults) are checked here, values
in check_values.
"""

from __future__ import annotations

from xlref.config.check_out import Out
from xlref.config.check_values import check_entry
from xlref.config.detect import detect
from xlref.config.keytable import KeyTable, key_table
from xlref.config.model import Config, Entry, Span, Value, unresolved_in
from xlref.config.xlparse import parse_xl
from xlref.config.xmcmd import SOURCE as CLI_SOURCE
from xlref.config.xmsem import KERNEL_ARG_KEYS, XEND_HPET_DEFAULT, XM_MEMORY_DEFAULT, default_name, is_hvm, xm_extra
from xlref.findings import Applicability, Edit, Finding, Fix

REJECTS = {"xl_parser": "rejects"}
#: the finding builder, under the name tests/test_severity.py inspects (its add() takes no severity)
_Out = Out


def check_config(cfg: Config, table: KeyTable | None = None, fmt: str | None = None) -> list[Finding]:
    """fmt: the source tool forced with --from (None: detect it)."""
    table = table or key_table()
    out = Out(cfg)
    for problem in cfg.problems:
        out.add(problem.code, problem.message, problem.span)
    if cfg.dialect == "sxp":
        _mark_all(out)
        return out.findings
    values = cfg.values()
    source = detect(cfg, fmt).format if table.available else "xl"
    for entry in cfg.entries:
        if entry.computed != CLI_SOURCE:
            check_entry(out, entry, table, values, source)
    _file(out, cfg, values, source)
    _xl_grammar(out, cfg)
    out.findings.sort(key=lambda f: (f.line, f.column, f.code))
    return out.findings


def _mark_all(out: Out) -> None:
    out.findings = [Finding(**{**f.__dict__, "data": {**f.data, **REJECTS}}) for f in out.findings]


def _file(out: Out, cfg: Config, values: dict[str, Value], source: str) -> None:
    first = Span(1, 1, 1, 1)
    if not cfg.entries and not [f for f in out.findings if f.code != "XL511"]:
        out.add("XL519", "the file has no settings at all (empty, or only comments): it defines no guest", first)
        return
    if cfg.bom:
        out.add("XL515", "the file starts with a UTF-8 byte order mark: xm's Python accepted it, xl's lexer "
                "refuses the first line", first, Fix(Applicability.SAFE, (Edit(0, 3, b""),), "remove the mark"),
                data=REJECTS)
    if cfg.crlf:
        edits = tuple(Edit(e - 2, e, b"\n") for e in out.starts[2:] if out.raw(e - 2, e) == b"\r\n")
        line = next((n for n, text in enumerate(cfg.text.split("\n"), 1) if text.endswith("\r")), 1)
        out.add("XL515", "CRLF line ends: xl's lexer refuses the CR character on every line", Span(line, 1, line, 1),
                Fix(Applicability.SAFE, edits, "write LF line ends") if edits else None, data=REJECTS)
    _duplicates(out, cfg)
    if "name" not in values and cfg.entries:
        name = default_name(cfg.path) if source in ("xm", "sxp") else None
        fix = Fix(Applicability.SAFE, (Edit(out.byte(1, 1), out.byte(1, 1), f'name = "{name}"\n'.encode()),),
                  f"write name = {name!r}") if name else None
        how = f"; xm create named it after the file ({name!r})" if name else ""
        out.add("XL521", f"no name: xl refuses the config ('Domain name must be specified'){how}", first, fix)
    if source == "xm":
        _xm_facts(out, cfg, values)


def _duplicates(out: Out, cfg: Config) -> None:
    """An assignment followed by another `=` of the same key (a `+=` extends it instead) has no effect."""
    live = [e for e in cfg.entries if e.ignored is None and e.computed != CLI_SOURCE]
    following: dict[str, Entry] = {}
    for entry in reversed(live):
        nxt = following.get(entry.key)
        following[entry.key] = entry
        if nxt is not None and nxt.op == "=" and not (entry.computed or "").startswith("inside"):
            later = nxt.span.line
            fix = Fix(Applicability.SAFE, (out.delete_line(entry.span),), "delete the earlier assignment") \
                if entry.span.line != later else None
            out.add("XL520", f"{entry.key} is assigned again at line {later}; xm and xl both use the last "
                    "assignment, so this one has no effect", entry.key_span, fix)


def _xm_facts(out: Out, cfg: Config, values: dict[str, Value]) -> None:
    """xm meanings that xl does not share: xend's defaults and the kernel-argument keys."""
    end = out.byte(len(out.lines) + 1, 1)
    hvm = is_hvm(values)
    for key, default, why in (("memory", XM_MEMORY_DEFAULT, "xm create's default was 128 MiB, libxl's is 32 MiB"),
                              ("hpet", XEND_HPET_DEFAULT, "xend gave HVM guests hpet=0, libxl's default is 1")):
        if key not in values and (key == "memory" or hvm):
            text = ("" if cfg.text.endswith("\n") or not cfg.text else "\n") + f"{key} = {default}\n"
            out.add("XL522", f"{key} is not set: {why}; write {key} = {default} to keep what the guest had",
                    Span(1, 1, 1, 1), Fix(Applicability.SAFE, (Edit(end, end, text.encode()),),
                                          f"write {key} = {default}"))
    keys = [e for e in cfg.entries if e.key in KERNEL_ARG_KEYS and e.ignored is None]
    if not keys:
        return
    try:
        extra, _ = xm_extra({k: v for k, v in values.items() if unresolved_in(v) is None})
    except ValueError as err:
        out.add("XL523", str(err), keys[0].key_span)
        return
    anchor = next((e for e in cfg.entries if e.key == "extra"), None)
    edits = [out.delete_line(e.span) for e in keys]
    literal = f'extra = "{extra}"' if extra else ""
    if anchor is not None:
        edits.append(out.edit(anchor.span, literal))
    elif literal:
        edits.append(Edit(end, end, (literal + "\n").encode()))
    fix = Fix(Applicability.SAFE, tuple(sorted(edits)), "write the arguments into extra")
    names = ", ".join(e.key for e in keys)
    out.add("XL523", f"{names}: xm built kernel arguments from these keys and xl ignores them; xm's result "
            f"was extra = {extra!r}", keys[0].key_span, fix)


def _xl_grammar(out: Out, cfg: Config) -> None:
    """Mark every finding on a line xl's parser refuses; report refused lines nothing else explains."""
    clean = cfg.text.replace("\r\n", "\n") if cfg.crlf else cfg.text
    # a file read by the strict xl reader without a problem needs no second pass
    problems = [] if cfg.dialect == "xl" and not cfg.problems else parse_xl(clean, cfg.path).problems
    bad = {p.span.line for p in problems}
    covered: set[int] = set()
    marked = []
    for f in out.findings:
        lines = set(range(f.line, f.end_line + 1))
        if lines & bad and f.code not in ("XL520", "XL521", "XL522"):
            f = Finding(**{**f.__dict__, "data": {**f.data, **REJECTS}})
            covered |= lines
        marked.append(f)
    out.findings = marked
    for problem in problems:
        if problem.span.line in covered:
            continue
        fix = None
        if problem.message.startswith("a comment on the last line"):
            end = out.byte(len(out.lines) + 1, 1)
            fix = Fix(Applicability.SAFE, (Edit(end, end, b"\n"),), "end the file with a newline")
        out.add("XL515", problem.message, problem.span, fix, data=REJECTS)
        covered.add(problem.span.line)


def xl_rejects(findings: list[Finding]) -> bool:
    """check's verdict on whether xl's config parser reads the file at all."""
    return any(f.data.get("xl_parser") == "rejects" for f in findings)


__all__ = ["check_config", "xl_rejects"]
