"""The terminal summary of a host Report: the checklist with its evidence, then one table per section with a
header and aligned, wrapped columns that fit the terminal (80 columns unless it or $COLUMNS says otherwise).

The terminal shows the columns that decide what to do next; --format json/md/html carry every column and row.
Rows that need nothing (done, info) are left out of the long sections and counted instead.
"""

from __future__ import annotations

import shutil

from xlref.host import texttable
from xlref.host.model import Conversion, Domain, Report, Status

MARKS = {Status.DONE: "[done] ", Status.INFO: "[info] ", Status.TODO: "[to do]", Status.HUMAN: "[HUMAN]"}
SHORT = {Status.DONE: "done", Status.INFO: "info", Status.TODO: "to do", Status.HUMAN: "HUMAN"}
MAX_ROWS = 40
MAX_EVIDENCE = 5


def width() -> int:
    return max(60, shutil.get_terminal_size((80, 24)).columns)


def _converts(xl: Conversion, xml: Conversion) -> str:
    if xl.ok and xml.ok:
        return "xl.cfg, XML"
    if xl.ok or xml.ok:
        return ("xl.cfg" if xl.ok else "XML") + " only"
    return "refused"


def _codes(codes: dict[str, int]) -> str:
    return " ".join(f"{c}×{n}" if n > 1 else c for c, n in codes.items())


def _domain_row(d: Domain) -> list[str]:
    where = d.path + (" (auto-start)" if d.autostart else "") + (" (managed)" if d.kind == "managed" else "")
    return [SHORT[d.status], where, d.name or "-", d.dialect, _codes(d.codes), _converts(d.xl, d.libvirt)]


def _section(title: str, intro: str, headers: list[str], rows: list[tuple[Status, list[str]]], total: int,
             prose: int | None = None, hide_quiet: bool = False) -> list[str]:
    shown = [cells for status, cells in rows if not hide_quiet or status >= Status.TODO]
    quiet = len(rows) - len(shown)
    lines = ["", title + (f": {intro}" if intro else "")]
    if quiet:
        lines.append(f"  ({quiet} done or info row(s) not shown here; --format json/md/html lists them)")
    if not shown:
        return lines + (["  (nothing to do)"] if rows else ["  (nothing found)"])
    lines += texttable.render(headers, shown[:MAX_ROWS], total, prose)
    if len(shown) > MAX_ROWS:
        lines.append(f"  ... {len(shown) - MAX_ROWS} more rows in --format json/md/html")
    return lines


def _checklist(report: Report, total: int) -> list[str]:
    lines = ["Checklist"]
    for c in report.checklist:
        lines.append(f"  {MARKS[c.status]} {c.title}")
        for evidence in c.evidence[:MAX_EVIDENCE]:
            first, *rest = texttable.wrap(evidence, total - 14)
            lines += [" " * 12 + first, *(" " * 14 + more for more in rest)]
        if len(c.evidence) > MAX_EVIDENCE:
            lines.append(f"{' ' * 12}... ({len(c.evidence) - MAX_EVIDENCE} more in --format json/md/html)")
    return lines


def to_text(report: Report, verdict: str, total: int | None = None) -> str:
    total = total or width()
    lines = [f"xlref host scan of {report.root} (target {report.target})", "", *_checklist(report, total)]
    managed = sum(d.kind == "managed" for d in report.domains)
    intro = f"{len(report.domains)} domain config(s), {managed} xend-managed" + (
        " -- MANAGED DOMAINS VANISH WITH XEND: the bundle keeps each as xl.cfg and libvirt XML" if managed else "")
    lines += _section("Domains", intro, ["status", "config", "name", "read as", "findings", "converts to"],
                      [(d.status, _domain_row(d)) for d in report.domains], total, prose=4, hide_quiet=True)
    lines += _section("xend settings", report.settings_file or "no xend-config.sxp found",
                      ["status", "line", "option", "value", "note"],
                      [(s.status, [SHORT[s.status], str(s.line), s.option, s.value, s.note]) for s in report.settings],
                      total, prose=4, hide_quiet=True)
    lines += _section("Boot and services", "", ["status", "file", "item", "value", "note"],
                      [(f.status, [SHORT[f.status], f"{f.path}:{f.line}" if f.line else f.path, f.item, f.value,
                                   f.note]) for f in report.facts], total, prose=4, hide_quiet=True)
    lines += _section("Scripts", f"{report.scripts_seen} shell script(s) linted, {len(report.scripts)} with findings",
                      ["status", "script", "findings", "safe", "unsafe", "manual", "note"],
                      [(s.status, [SHORT[s.status], s.path, _codes(s.codes), str(s.safe), str(s.unsafe),
                                   str(s.manual), s.note]) for s in report.scripts], total, prose=2,
                      hide_quiet=True)
    if report.problems:
        lines += _section("Problems", "files the scan could not or would not read", ["file", "problem"],
                          [(Status.HUMAN, [p["path"], p["message"]]) for p in report.problems], total, prose=1)
    lines += ["", verdict]
    return "\n".join(lines) + "\n"
