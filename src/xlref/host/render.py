"""Render a host Report: Markdown and JSON from the same tables (HTML in html, the terminal summary in textreport)."""

from __future__ import annotations

import json

from xlref.host.model import Conversion, Report, Table, exit_code, to_dict

FORMATS = ("text", "json", "md", "html")


def _conv(c: Conversion) -> str:
    if not c.ok:
        return "refused"
    return f"ok ({len(c.warnings)} warning{'s' if len(c.warnings) != 1 else ''})" if c.warnings else "ok"


def _where(side: dict[str, object]) -> str:
    if not side:
        return ""
    where, with_ = side.get("where"), side.get("with")
    return f"{where}: {with_}" if with_ else str(where)


def tables(report: Report) -> list[Table]:
    out = [Table("Checklist", ["status", "item", "evidence"],
                 [[c.status.label, c.title + (f" (seed {c.seed})" if c.seed else ""), "; ".join(c.evidence)]
                  for c in report.checklist])]
    managed = sum(d.kind == "managed" for d in report.domains)
    out.append(Table("Domains", ["status", "config", "name", "kind", "format", "findings", "xl.cfg", "libvirt XML"],
                     [[d.status.label, d.path, d.name or "", d.kind + (", auto-start" if d.autostart else ""),
                       d.dialect, " ".join(f"{c}×{n}" for c, n in d.codes.items()), _conv(d.xl), _conv(d.libvirt)]
                      for d in report.domains],
                     f"{len(report.domains)} domain config(s), {managed} xend-managed"
                     + (" — MANAGED DOMAINS VANISH WITH XEND: the bundle keeps each as xl.cfg and libvirt XML"
                        if managed else "")))
    out.append(Table("xend settings", ["status", "line", "option", "value", "default", "xl", "libvirt", "note"],
                     [[s.status.label, str(s.line), s.option, s.value, s.default or "", _where(s.xl),
                       _where(s.virsh), s.note] for s in report.settings],
                     report.settings_file or "no xend-config.sxp found"))
    out.append(Table("Boot and services", ["status", "area", "file", "item", "value", "note"],
                     [[f.status.label, f.area, f"{f.path}:{f.line}" if f.line else f.path, f.item, f.value, f.note]
                      for f in report.facts]))
    out.append(Table("Scripts", ["status", "script", "findings", "codes", "safe", "unsafe", "manual", "note"],
                     [[s.status.label, s.path, str(s.findings), " ".join(f"{c}×{n}" for c, n in s.codes.items()),
                       str(s.safe), str(s.unsafe), str(s.manual), s.note] for s in report.scripts],
                     f"{report.scripts_seen} shell script(s) linted, {len(report.scripts)} with findings"))
    if report.problems:
        out.append(Table("Problems", ["file", "problem"], [[p["path"], p["message"]] for p in report.problems],
                         "files the scan could not or would not read"))
    return out


def verdict(report: Report) -> str:
    worst = report.worst()
    counts = report.counts()
    return (f"checklist: {counts['done']} done, {counts['todo']} to do, {counts['human']} need a human; "
            f"worst: {worst.label} (exit {int(exit_code(worst))})")


def to_text(report: Report) -> str:
    from xlref.host.textreport import to_text as terminal

    return terminal(report, verdict(report))


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    lines = [f"# Migration plan for {report.root}", "", f"Target toolstack: {report.target}. {verdict(report)}.", ""]
    for table in tables(report):
        lines += [f"## {table.title}", ""]
        if table.intro:
            lines += [_md_cell(table.intro), ""]
        if not table.rows:
            lines += ["(nothing found)", ""]
            continue
        lines.append("| " + " | ".join(table.headers) + " |")
        lines.append("|" + "---|" * len(table.headers))
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def to_json(report: Report, version: str) -> str:
    return json.dumps(to_dict(report, version), indent=2, ensure_ascii=False) + "\n"


def render(report: Report, fmt: str, version: str) -> str:
    if fmt == "json":
        return to_json(report, version)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "html":
        from xlref.host.html import to_html

        return to_html(report, tables(report), verdict(report))
    return to_text(report)
