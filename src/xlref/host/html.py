"""The HTML report: one self-contained page (inline CSS, no scripts, no external files), a table per section."""

from __future__ import annotations

from html import escape

from xlref.host.model import Report, Status, Table

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td{word-break:break-word}
.s-done td:first-child{color:#1a7f37}.s-info td:first-child{color:#57606a}
.s-todo td:first-child{color:#9a6700;font-weight:600}.s-human td:first-child{color:#cf222e;font-weight:700}
.intro{color:#444}
"""
_CLASS = {s.label: f"s-{s.key}" for s in Status}


def to_html(report: Report, tables: list[Table], verdict: str) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Migration plan for {escape(report.root)}</title>", f"<style>{_CSS}</style></head><body>",
           f"<h1>Migration plan for {escape(report.root)}</h1>",
           f"<p>Target toolstack: {escape(report.target)}. {escape(verdict)}.</p>"]
    for table in tables:
        slug = table.title.lower().replace(" ", "-")
        out.append(f'<h2 id="{escape(slug)}">{escape(table.title)}</h2>')
        if table.intro:
            out.append(f'<p class="intro">{escape(table.intro)}</p>')
        if not table.rows:
            out.append("<p>(nothing found)</p>")
            continue
        out.append("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in table.headers)
                   + "</tr></thead><tbody>")
        for row in table.rows:
            cls = _CLASS.get(row[0], "")
            out.append(f'<tr class="{cls}">' + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
