"""What each reference subcommand does, given already-parsed arguments.  Returns an exit code."""

from __future__ import annotations

import os
import sys

from xlref.data.index import PREFIX_MIN, TOOLS
from xlref.data.load import Catalog, DataError, Dataset, load_catalog, load_dataset
from xlref.exitcodes import ExitCode

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs a measurable slice of a lookup's start-up
    from typing import IO, Any

STATUSES = ("unchanged", "changed", "removed", "new")


def use_color(stream: IO[str]) -> bool:
    """Colour only on a terminal, never with NO_COLOR or TERM=dumb; FORCE_COLOR wins."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def _fail(message: str, code: ExitCode, err: IO[str]) -> int:
    print(f"xlref: {message}", file=err)
    return code


def _report(exc: DataError, err: IO[str]) -> None:
    for problem in exc.problems:
        print(problem, file=err)


def _dataset(err: IO[str]) -> Dataset | None:
    try:
        return load_dataset()
    except DataError as exc:
        _report(exc, err)
        return None


def _catalog(err: IO[str]) -> Catalog | None:
    try:
        return load_catalog()
    except DataError as exc:
        _report(exc, err)
        return None


def _release(xen: str | None, err: IO[str]) -> tuple[bool, str | None]:
    if xen is None:
        return True, None
    from xlref.data.releases import parse

    try:
        return True, parse(xen)
    except ValueError as exc:
        _fail(str(exc), ExitCode.USAGE, err)
        return False, None


def columns(stream: IO[str]) -> int:
    """Width to lay text out for: the terminal's, else $COLUMNS, else 80 (clamped to 40..200)."""
    width = 0
    if stream.isatty():
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):  # a stream without a real descriptor
            width = 0
    if not width:
        env = os.environ.get("COLUMNS", "")
        width = int(env) if env.isdigit() else 80
    return max(40, min(width, 200))


def _not_found(index: Any, res: Any, tool: str, command: str, release: str | None, err: IO[str]) -> int:
    from xlref.data.releases import span

    if res.how in ("ambiguous", "short"):
        from xlref.lookup.columns import grid

        if res.how == "short":
            head = (f"{tool} {command}: {tool} needs at least {PREFIX_MIN[tool]} letters of a command; "
                    f"{len(res.candidates)} start with {command!r}:")
        else:
            head = f"{tool} {command}: ambiguous prefix, could be:"
        if not res.candidates:
            return _fail(f"no {tool} command starts with {command!r}", ExitCode.NOT_FOUND, err)
        print(f"xlref: {head}", file=err)
        for line in grid(res.candidates, columns(err) - 2):
            print(f"  {line}", file=err)
        return ExitCode.NOT_FOUND
    latest = index.resolve(tool, command)
    if release is not None and latest.record is not None:
        return _fail(f"{tool} {latest.record['name']} is not in Xen {release} "
                     f"(available {span(latest.record)})", ExitCode.NOT_FOUND, err)
    hint = index.suggest(tool, command)
    more = f"; did you mean: {', '.join(hint)}?" if hint else ""
    return _fail(f"no {tool} command {command!r}{more}", ExitCode.NOT_FOUND, err)


def run_lookup(tool: str, command: str, args: list[str], *, as_json: bool = False, xen: str | None = None,
               full: bool = False, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if tool not in TOOLS:
        return _fail(f"unknown tool {tool!r}: choose one of {', '.join(TOOLS)}", ExitCode.USAGE, err)
    ok, release = _release(xen, err)
    catalog = _catalog(err) if ok else None
    if catalog is None:
        return ExitCode.USAGE if not ok else ExitCode.DATA_ERROR
    from xlref.data.index import Index

    index = Index.from_catalog(catalog)
    res = index.resolve(tool, command, release)
    if res.record is None:
        return _not_found(index, res, tool, command, release, err)
    from xlref.lookup.query import lookup

    answer = lookup(index, res, args, release)
    if as_json:
        import json

        json.dump(answer, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return ExitCode.OK
    from xlref.lookup.render_text import render

    out.write(render(answer, width=columns(out), full=full, color=use_color(out)))
    return ExitCode.OK


def run_search(words: list[str], *, tool: str | None = None, as_json: bool = False, limit: int = 20,
               out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    data = _dataset(err)
    if data is None:
        return ExitCode.DATA_ERROR
    from xlref.lookup.search import search

    hits = search(data, words, tool, limit)
    if as_json:
        import json

        json.dump(hits, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for hit in hits:
            out.write(f"{hit['tool']:<6} {hit['name']:<28} {hit['status'] or '':<10} {hit['summary']}\n")
    if not hits:
        return _fail(f"nothing matches {' '.join(words)!r}", ExitCode.NOT_FOUND, err)
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
             xen: str | None = None, as_json: bool = False,
             out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    for value, allowed, what in ((tool, TOOLS, "tool"), (status, STATUSES, "status")):
        if value is not None and value not in allowed:
            return _fail(f"unknown {what} {value!r}: choose one of {', '.join(allowed)}", ExitCode.USAGE, err)
    ok, release = _release(xen, err)
    if not ok:
        return ExitCode.USAGE
    data = _dataset(err)
    if data is None:
        return ExitCode.DATA_ERROR
    if category is not None and category not in data["categories"]:
        return _fail(f"unknown category {category!r}: choose one of {', '.join(data['categories'])}",
                     ExitCode.USAGE, err)
    rows = select(data, tool, status, category, release)
    if as_json:
        import json

        brief = [{k: r.get(k) for k in ("tool", "name", "status", "category", "summary")} for r in rows]
        json.dump(brief, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return ExitCode.OK
    for rec in rows:
        out.write(f"{rec['tool']:<6} {rec['name']:<28} {rec.get('status') or '-':<10} {rec['summary']}\n")
    return ExitCode.OK


def export_document(data: Dataset) -> dict[str, Any]:
    """The public export: schema_version first, then every section of the dataset."""
    return {"schema_version": data["schema_version"], **{k: v for k, v in data.items() if k != "schema_version"}}


def run_export(fmt: str, output: str | None, *, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if fmt not in ("json", "yaml"):
        return _fail(f"unknown format {fmt!r}: choose json or yaml", ExitCode.USAGE, err)
    data = _dataset(err)
    if data is None:
        return ExitCode.DATA_ERROR
    doc = export_document(data)
    if fmt == "json":
        import json

        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    else:
        import yaml

        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110)
    if output is None or output == "-":
        out.write(text)
        return ExitCode.OK
    from xlref.atomic import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        return _fail(f"{output}: cannot write: {exc.strerror}", ExitCode.INPUT_ERROR, err)
    return ExitCode.OK


def run_completion(shell: str, *, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from xlref.lookup.completion import SHELLS

    if shell not in SHELLS:
        return _fail(f"unknown shell {shell!r}: choose one of {', '.join(SHELLS)}", ExitCode.USAGE, err)
    data = _dataset(err)
    if data is None:
        return ExitCode.DATA_ERROR
    out.write(SHELLS[shell](data))
    return ExitCode.OK
