"""What the reference subcommands do, given already-parsed arguments.  Each returns an exit code.

`run_lookup` is the start-up hot path: it imports nothing it does not use, not even the ExitCode enum
(the enum module with functools and collections is a tenth of a lookup's start-up), so its success path
returns OK (= ExitCode.OK, checked by a test) and failures import the enum when they need it.
"""

from __future__ import annotations

import os
import sys

from xlref.data.index import PREFIX_MIN, TOOLS
from xlref.data.load import Catalog, DataError, Dataset, load_catalog, load_dataset

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs a measurable slice of a lookup's start-up
    from typing import IO, Any

    from xlref.data.index import Index, Resolution

#: ExitCode.OK
OK = 0
#: what `xlref lookup KIND NAME` accepts besides the three tools (the TOOL column of `xlref search`)
KINDS = (*TOOLS, "xm.cfg", "xl.cfg", "xend", "topic")


def use_color(stream: IO[str]) -> bool:
    """Colour only on a terminal, never with NO_COLOR or TERM=dumb; FORCE_COLOR wins."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


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


def fail(message: str, code: int, err: IO[str]) -> int:
    print(f"xlref: {message}", file=err)
    return code


def _usage(message: str, err: IO[str]) -> int:
    from xlref.exitcodes import ExitCode

    return fail(message, ExitCode.USAGE, err)


def _not_found_code() -> int:
    from xlref.exitcodes import ExitCode

    return ExitCode.NOT_FOUND


def _data_error(exc: DataError, err: IO[str]) -> int:
    from xlref.exitcodes import ExitCode

    for problem in exc.problems:
        print(problem, file=err)
    return ExitCode.DATA_ERROR


def dataset_or_report(err: IO[str]) -> Dataset | None:
    try:
        return load_dataset()
    except DataError as exc:
        _data_error(exc, err)
        return None


def release_arg(xen: str | None, known: list[str], err: IO[str]) -> tuple[bool, str | None]:
    """`--xen VERSION` as a known xl release ("4.20"); a usage error (reported) for anything else, as in lint."""
    if xen is None:
        return True, None
    from xlref.data.releases import parse

    try:
        release = parse(xen)
    except ValueError as exc:
        _usage(str(exc), err)
        return False, None
    if release not in known:  # else "xl 4.1+ (in 9.9: yes)" would be an invented fact
        _usage(f"unknown Xen release {release} (known: {', '.join(known)})", err)
        return False, None
    return True, release


def _not_found(index: Index, res: Resolution, release: str | None, err: IO[str]) -> int:
    from xlref.data.releases import span

    tool, command = res.tool, res.word
    if res.how in ("ambiguous", "short") and res.candidates:
        from xlref.lookup.columns import grid

        if res.how == "short":
            head = (f"{tool} {command}: {tool} needs at least {PREFIX_MIN[tool]} letters of a command; "
                    f"{len(res.candidates)} start with {command!r}:")
        else:
            head = f"{tool} {command}: ambiguous prefix, could be:"
        print(f"xlref: {head}", file=err)
        for line in grid(res.candidates, columns(err) - 2):
            print(f"  {line}", file=err)
        return _not_found_code()
    latest = index.resolve(tool, command)
    if release is not None and latest.record is not None:
        return fail(f"{tool} {latest.record['name']} is not in Xen {release} "
                     f"(available {span(latest.record) or 'in older releases'})", _not_found_code(), err)
    hint = index.suggest(tool, command)
    more = f"; did you mean: {', '.join(hint)}?" if hint else ""
    return fail(f"no {tool} command {command!r}{more}", _not_found_code(), err)


def run_lookup(tool: str, command: str, args: list[str], *, as_json: bool = False, xen: str | None = None,
               full: bool = False, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if tool == "topic":
        return run_topic(command, as_json=as_json, out=out, err=err)
    if tool in KINDS and tool not in TOOLS:
        return _run_key(tool, command, as_json, out, err)
    if tool not in TOOLS:
        return _usage(f"unknown tool {tool!r}: choose one of {', '.join(KINDS)}", err)
    try:
        catalog: Catalog = load_catalog()
    except DataError as exc:
        return _data_error(exc, err)
    ok, release = release_arg(xen, catalog.section("releases")["xl"], err)
    if not ok:
        from xlref.exitcodes import ExitCode

        return ExitCode.USAGE
    from xlref.data.index import Index

    index = Index.from_catalog(catalog)
    res = index.resolve(tool, command, release)
    if res.record is None:
        return _not_found(index, res, release, err)
    from xlref.lookup.query import lookup

    answer = lookup(index, res, args, release)
    if as_json:
        import json

        json.dump(answer, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return OK
    from xlref.lookup.render_text import render

    out.write(render(answer, width=columns(out), full=full, color=use_color(out)))
    return OK


def _run_key(kind: str, name: str, as_json: bool, out: IO[str], err: IO[str]) -> int:
    """`xlref lookup xm.cfg KEY` / `xl.cfg KEY` / `xend NAME`."""
    data = dataset_or_report(err)
    if data is None:
        from xlref.exitcodes import ExitCode

        return ExitCode.DATA_ERROR
    from xlref.lookup.keys import names, run_key

    if run_key(kind, name, as_json=as_json, data=data, out=out, width=columns(out), color=use_color(out)):
        return OK
    import difflib

    hint = difflib.get_close_matches(name, names(data, kind), n=3)
    more = f"; did you mean: {', '.join(hint)}?" if hint else ""
    return fail(f"no {kind} {'option' if kind == 'xend' else 'key'} {name!r}{more}", _not_found_code(), err)


def run_topic(name: str, *, as_json: bool = False, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    """`xlref lookup topic ID`: a topic record (what `xlref search` lists with tool "topic")."""
    out, err = out or sys.stdout, err or sys.stderr
    data = dataset_or_report(err)
    if data is None:
        from xlref.exitcodes import ExitCode

        return ExitCode.DATA_ERROR
    topics = {t["id"]: t for t in data.get("topics", [])}
    topic = topics.get(name) or next((t for t in topics.values() if name.lower() in t["words"]), None)
    if topic is None:
        return fail(f"no topic {name!r}; topics: {', '.join(topics)}", _not_found_code(), err)
    if as_json:
        import json

        out.write(json.dumps(topic, indent=2, ensure_ascii=False) + "\n")
        return OK
    from xlref.lookup.render_text import render_topic

    out.write(render_topic(topic, width=columns(out), color=use_color(out)))
    return OK


def export_document(data: Dataset) -> dict[str, Any]:
    """The public export: schema_version first, then every section of the dataset."""
    return {"schema_version": data["schema_version"], **{k: v for k, v in data.items() if k != "schema_version"}}


def run_export(fmt: str, output: str | None, *, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    from xlref.exitcodes import ExitCode

    out, err = out or sys.stdout, err or sys.stderr
    if fmt not in ("json", "yaml"):
        return fail(f"unknown format {fmt!r}: choose json or yaml", ExitCode.USAGE, err)
    data = dataset_or_report(err)
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
        return fail(f"{output}: cannot write: {exc.strerror}", ExitCode.INPUT_ERROR, err)
    return ExitCode.OK


def run_completion(shell: str, *, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    from xlref.exitcodes import ExitCode
    from xlref.lookup.completion import SHELLS

    out, err = out or sys.stdout, err or sys.stderr
    if shell not in SHELLS:
        return fail(f"unknown shell {shell!r}: choose one of {', '.join(SHELLS)}", ExitCode.USAGE, err)
    data = dataset_or_report(err)
    if data is None:
        return ExitCode.DATA_ERROR
    out.write(SHELLS[shell](data))
    return ExitCode.OK
