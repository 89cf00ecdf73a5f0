"""`xlref search` and `xlref list`: one table layout (TOOL NAME STATUS SUMMARY, sized to the terminal), one
mark for "no status" ("-"), a pager on a terminal, and one exit-code rule: 0 when something is shown, 1 when
nothing matches (like grep), 2 for bad usage, 3 for a broken dataset.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

from xlref.data.index import TOOLS
from xlref.data.load import Dataset
from xlref.exitcodes import ExitCode
from xlref.lookup.actions import columns, dataset_or_report, fail, release_arg
from xlref.lookup.columns import table

STATUSES = ("unchanged", "changed", "removed", "new")
HEADERS = ["TOOL", "NAME", "STATUS", "SUMMARY"]
NO_STATUS = "-"


def rows_text(rows: list[dict[str, Any]], width: int) -> str:
    cells = [[r["tool"] if r.get("kind", r["tool"]) == r["tool"] else r["kind"], r["name"],
              r.get("status") or NO_STATUS, r["summary"]] for r in rows]
    return "\n".join(table(HEADERS, cells, width)) + "\n"


def page(text: str, out: IO[str], pager: bool) -> None:
    """Through $PAGER (default `less` with -FRX, which quits when the text fits) on a terminal, when the
    text is taller than it; straight out otherwise or when the pager cannot be started."""
    if pager and out.isatty():
        try:
            height = os.get_terminal_size(out.fileno()).lines
        except (OSError, ValueError, AttributeError):
            height = 0
        if height and text.count("\n") >= height:
            import shlex
            import subprocess

            env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
            try:
                proc = subprocess.Popen(shlex.split(os.environ.get("PAGER") or "less"), stdin=subprocess.PIPE,
                                        env=env, text=True)
                proc.communicate(text)
                return
            except (OSError, ValueError):
                pass
    out.write(text)


def _emit(rows: list[dict[str, Any]], as_json: bool, pager: bool, out: IO[str]) -> None:
    if as_json:
        import json

        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    else:
        page(rows_text(rows, columns(out)), out, pager)


def run_search(words: list[str], *, tool: str | None = None, as_json: bool = False, limit: int = 20,
               pager: bool = True, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if tool is not None and tool not in TOOLS:
        return fail(f"unknown tool {tool!r}: choose one of {', '.join(TOOLS)}", ExitCode.USAGE, err)
    data = dataset_or_report(err)
    if data is None:
        return ExitCode.DATA_ERROR
    from xlref.lookup.search import search

    hits = search(data, words, tool, limit)
    if not hits:
        return fail(f"nothing matches {' '.join(words)!r}", ExitCode.NOT_FOUND, err)
    _emit(hits, as_json, pager, out)
    return ExitCode.OK


def select(data: Dataset, tool: str | None, status: str | None, category: str | None,
           release: str | None) -> list[dict[str, Any]]:
    from xlref.data.releases import available

    return [
        rec for rec in data["commands"]
        if (tool is None or rec["tool"] == tool)
        and (status is None or rec.get("status") == status)
        and (category is None or rec["category"] == category)
        and (release is None or rec["tool"] != "xl" or available(rec, release))
    ]


def run_list(*, tool: str | None = None, status: str | None = None, category: str | None = None,
             xen: str | None = None, as_json: bool = False, pager: bool = True,
             out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    for value, allowed, what in ((tool, TOOLS, "tool"), (status, STATUSES, "status")):
        if value is not None and value not in allowed:
            return fail(f"unknown {what} {value!r}: choose one of {', '.join(allowed)}", ExitCode.USAGE, err)
    data = dataset_or_report(err)
    if data is None:
        return ExitCode.DATA_ERROR
    ok, release = release_arg(xen, data["releases"]["xl"], err)
    if not ok:
        return ExitCode.USAGE
    if category is not None and category not in data["categories"]:
        return fail(f"unknown category {category!r}: choose one of {', '.join(data['categories'])}",
                     ExitCode.USAGE, err)
    rows = [{k: r.get(k) for k in ("tool", "name", "status", "category", "summary")}
            for r in select(data, tool, status, category, release)]
    if not rows:
        return fail("no command matches these filters", ExitCode.NOT_FOUND, err)
    _emit(rows, as_json, pager, out)
    return ExitCode.OK
