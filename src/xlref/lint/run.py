"""`xlref lint` end to end: read inputs, lint, fix, render, pick the exit code.  No typer here."""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from xlref.exitcodes import ExitCode

if TYPE_CHECKING:
    from xlref.data.load import Dataset
    from xlref.findings import Finding
    from xlref.lint.config import FileConfig
    from xlref.lint.engine import Linter

TARGETS = ("xl", "virsh")


@dataclass
class Options:
    paths: list[str] = field(default_factory=lambda: ["."])
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    target: str | None = None
    xen: str | None = None
    fmt: str = "tty"
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    exit_zero: bool = False
    verbose: bool = False
    use_config: bool = True
    sniff: bool = False  # apply the extension/shebang test to files named explicitly too
    assume: list[str] = field(default_factory=list)  # host assumptions (dataset ids)
    source_path: list[str] = field(default_factory=list)  # directories searched for sourced files


class UsageError(Exception):
    pass


def _split_codes(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _check_codes(codes: list[str]) -> None:
    from xlref import rules

    for code in codes:
        if code.upper() != "ALL" and not any(r.code.startswith(code.upper()) for r in rules.lint_rules()):
            raise UsageError(f"unknown rule code {code!r}")


class Resolver:
    """Per file: the nearest config file, merged with the command line, gives the Linter to use."""

    def __init__(self, opts: Options, data: Dataset) -> None:
        self.opts = opts
        self.data = data
        self.select = _split_codes(opts.select)
        self.ignore = _split_codes(opts.ignore) or []
        _check_codes([*(self.select or []), *self.ignore])
        self._configs: dict[Path, FileConfig] = {}
        self._linters: dict[tuple[object, ...], Linter] = {}

    def config(self, path: Path) -> FileConfig:
        from xlref.lint.config import ConfigError, FileConfig, find_config

        if not self.opts.use_config:
            return FileConfig()
        where = path if path.is_dir() else path.parent
        key = where.resolve()
        if key not in self._configs:
            try:
                self._configs[key] = find_config(where)
            except ConfigError as exc:
                raise UsageError(str(exc)) from exc
        return self._configs[key]

    def linter(self, name: str) -> Linter:
        from xlref.data.releases import parse as parse_release
        from xlref.lint.engine import Linter, Settings

        path = Path.cwd() if name == "-" else Path(name)
        cfg = self.config(path)
        target = self.opts.target or cfg.target or "xl"
        if target not in TARGETS:
            raise UsageError(f"unknown target {target!r} (choose xl or virsh)")
        xen = self.opts.xen or cfg.xen
        try:
            release = parse_release(xen) if xen else None
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        known = self.data["releases"]["xl"]
        if release is not None and release not in known:
            raise UsageError(f"unknown Xen release {release} (known: {', '.join(known)})")
        assume = sorted({*cfg.assume, *(_split_codes(self.opts.assume) or [])})
        known_assumptions = [a["id"] for a in self.data.get("assumptions", [])]
        for a in assume:
            if a not in known_assumptions:
                raise UsageError(f"unknown assumption {a!r} (known: {', '.join(known_assumptions)})")
        source_path = [str(Path(p).resolve()) for p in self.opts.source_path] + cfg.source_path
        select = self.select or cfg.select or ["ALL"]
        ignore = [*cfg.ignore, *self.ignore]
        if cfg.path is not None:
            rel = path.resolve().relative_to(cfg.path.parent.resolve()).as_posix() \
                if path.resolve().is_relative_to(cfg.path.parent.resolve()) else path.as_posix()
            for pattern, codes in cfg.per_file_ignores.items():
                if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(path.name, pattern):
                    ignore.extend(codes)
        _check_codes([*select, *ignore])
        key = (target, release, tuple(select), tuple(ignore), tuple(assume), tuple(source_path))
        if key not in self._linters:
            self._linters[key] = Linter(self.data, Settings(target, release, select, ignore, assume, source_path))
        return self._linters[key]


def _read_inputs(opts: Options, resolver: Resolver, stdin: BinaryIO | None,
                 err: TextIO) -> tuple[dict[str, bytes], list[str]]:
    """(name -> bytes, problems).  Directories are walked; unreadable or binary inputs are problems."""
    from xlref.lint.discover import SNIFF, discover, is_binary, looks_like_shell

    paths = opts.paths or ["."]
    exclude = resolver.config(Path(next((p for p in paths if p != "-"), "."))).exclude
    try:
        files, skipped = discover([Path(p) for p in paths if p != "-"], exclude)
    except FileNotFoundError as exc:
        raise UsageError(f"{exc}: no such file or directory") from exc
    sources: dict[str, bytes] = {}
    problems: list[str] = []
    if "-" in paths:
        sources["-"] = (stdin or sys.stdin.buffer).read()
    for f in files:
        try:
            raw = f.read_bytes()
        except OSError as exc:
            problems.append(f"{f}: cannot read: {exc.strerror}")
            continue
        if opts.sniff and not looks_like_shell(f, raw[:SNIFF]):
            skipped.append(f)
            continue
        sources[str(f)] = raw
    problems += [f"{n}: binary file, not a shell script" for n, raw in sources.items() if is_binary(raw[:SNIFF])]
    if opts.verbose:
        for s in skipped:
            print(f"not analysed (not a shell script): {s}", file=err)
    return sources, problems


def _assumption_catalogue(data: Dataset) -> str:
    lines = ["Host assumptions for --assume (or `assume = [...]` under [tool.xlref]):", ""]
    for a in data.get("assumptions", []):
        lines += [f"  {a['id']}", f"      {a['summary']}"]
        if a.get("how_to_check"):
            lines.append(f"      check: {a['how_to_check']}")
        lines += [f"      makes irrelevant: {', '.join(r.removeprefix('xm:') for r in a['neutralises'])}", ""]
    return "\n".join(lines)


def run(opts: Options, *, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None,
        stderr: TextIO | None = None) -> int:
    from xlref import __version__, rules
    from xlref.atomic import write_atomic
    from xlref.data.load import DataError, load_dataset
    from xlref.lint.apply import fix_source
    from xlref.report import FORMATS, render

    out = stdout or sys.stdout.buffer
    err = stderr or sys.stderr
    fmt = "diff" if opts.diff else opts.fmt
    try:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {opts.fmt!r} (choose from {', '.join(FORMATS)})")
        if opts.target is not None and opts.target not in TARGETS:
            raise UsageError(f"unknown target {opts.target!r} (choose xl or virsh)")
        try:
            data = load_dataset()
        except DataError as exc:
            print(f"xlref lint: dataset problem:\n{exc}", file=err)
            return int(ExitCode.DATA_ERROR)
        if "help" in (_split_codes(opts.assume) or []):
            out.write(_assumption_catalogue(data).encode())
            return int(ExitCode.OK)
        resolver = Resolver(opts, data)
        sources, problems = _read_inputs(opts, resolver, stdin, err)
        linters = {name: resolver.linter(name) for name in sources}  # config errors surface before writing
    except UsageError as exc:
        print(f"xlref lint: {exc}", file=err)
        return int(ExitCode.USAGE)
    if problems:
        for p in problems:
            print(f"xlref lint: {p}", file=err)
        return int(ExitCode.INPUT_ERROR)

    fixing = opts.fix or fmt == "diff"
    findings: list[Finding] = []
    fixed: dict[str, bytes] = {}
    applied = 0
    for name, raw in sources.items():
        linter = linters[name]

        def lint_one(text: bytes, name: str = name, linter: Linter = linter) -> list[Finding]:
            return linter.lint(name, text)

        if not fixing:
            findings.extend(lint_one(raw))
            continue
        res = fix_source(raw, lint_one, opts.unsafe_fixes)
        if res.abandoned:
            print(f"xlref lint: {name}: fixes abandoned (the result did not parse)", file=err)
        if res.source != raw:
            fixed[name] = res.source
            applied += res.applied
        findings.extend(res.remaining)

    writing = opts.fix and fmt != "diff"
    if writing:
        for name, new in fixed.items():
            if name == "-":
                continue
            try:
                write_atomic(name, new)
            except OSError as exc:
                print(f"xlref lint: {name}: cannot write: {exc.strerror}", file=err)
                return int(ExitCode.INPUT_ERROR)
        if "-" in sources:
            out.write(fixed.get("-", sources["-"]))
    if fmt == "diff":
        text = render([], "diff", sources, fixed=fixed)
    else:
        shown = {n: fixed.get(n, s) for n, s in sources.items()} if writing else sources
        text = render(findings, fmt, shown, rules=rules.lint_rules(), version=__version__)
    if writing and "-" in sources:
        print(text, end="", file=err)  # stdout carries the fixed script
    else:
        out.write(text.encode("utf-8", "surrogateescape"))
        out.flush()
    if writing and applied:
        print(f"Fixed {applied} finding{'s' if applied != 1 else ''} in {len(fixed)} file"
              f"{'s' if len(fixed) != 1 else ''}.", file=err)
    if opts.exit_zero:
        return int(ExitCode.OK)
    if fmt == "diff":
        return int(ExitCode.FINDINGS) if fixed else int(ExitCode.OK)
    return int(ExitCode.FINDINGS) if findings else int(ExitCode.OK)
