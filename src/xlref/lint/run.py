"""`xlref lint` end to end: read inputs, lint, fix, render, pick the exit code.  No typer here."""

from __future__ import annotations

import fnmatch
import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from xlref.exitcodes import ExitCode

if TYPE_CHECKING:
    from xlref.data.load import Dataset
    from xlref.findings import Finding
    from xlref.lint.config import FileConfig
    from xlref.lint.engine import Linter
    from xlref.lint.inputs import Input
    from xlref.lint.judge import Pending
    from xlref.lint.verdict import Judge

TARGETS = ("xl", "virsh")
HUMAN_FORMATS = ("tty", "gcc")
#: findings reported per file by default; the rest are counted in a summary line (--max-findings 0: all)
MAX_FINDINGS = 1000
#: linting only: how many files' shells may be judging at once
WINDOW = max(4, 2 * (os.cpu_count() or 1))


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
    max_findings: int = MAX_FINDINGS  # per file; 0 reports every finding


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
    from xlref.data.load import DataError, load_dataset
    from xlref.lint import judge as shell_judge
    from xlref.lint.apply import lint_started
    from xlref.lint.discover import SNIFF, discover, looks_like_shell
    from xlref.lint.inputs import InputProblem, Skipped, read_file, read_stdin
    from xlref.lint.session import Report, Streams, fix_one
    from xlref.lint.verdict import Judge
    from xlref.report import FORMATS, render

    fmt = "diff" if opts.diff else opts.fmt
    io_ = Streams(opts.fix and fmt != "diff" and "-" in (opts.paths or []), fmt in HUMAN_FORMATS, stdout, stderr)
    fixing = opts.fix or fmt == "diff"
    writing = opts.fix and fmt != "diff"
    try:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {opts.fmt!r} (choose from {', '.join(FORMATS)})")
        if opts.target is not None and opts.target not in TARGETS:
            raise UsageError(f"unknown target {opts.target!r} (choose xl or virsh)")
        if io_.out is None:
            raise UsageError("standard output is closed")
        missing = shell_judge.available()
        if fixing and missing:
            raise UsageError(f"--fix and --diff check every result with the shell: {missing}")
        try:
            data = load_dataset()
        except DataError as exc:
            io_.error(f"dataset problem:\n{exc}")
            return int(ExitCode.DATA_ERROR)
        if "help" in (_split_codes(opts.assume) or []):
            io_.out.write(_assumption_catalogue(data).encode())
            return int(ExitCode.OK)
        resolver = Resolver(opts, data)
        paths = opts.paths or ["."]
        exclude = resolver.config(Path(next((p for p in paths if p != "-"), "."))).exclude
        try:
            files, skipped = discover([Path(p) for p in paths if p != "-"], exclude)
        except FileNotFoundError as exc:
            raise UsageError(f"{exc}: no such file or directory") from exc
        names = (["-"] if "-" in paths else []) + [str(f) for f in files]
        linters = {name: resolver.linter(name) for name in names}  # config errors surface before any write
    except UsageError as exc:
        io_.error(str(exc))
        return int(ExitCode.USAGE)

    failed = False
    report = Report(opts.max_findings)
    originals: dict[str, bytes] = {}  # diff: the bytes before
    fixed: dict[str, bytes] = {}  # diff: the bytes after
    script_out: bytes | None = None  # `--fix -`: the script for stdout
    applied = files_fixed = 0
    # Linting only, the shells judging several files run side by side while the next files are linted.
    window: deque[tuple[str, bytes, list[Finding], Pending, Judge]] = deque()
    for name in names:
        try:
            item: Input = read_stdin(stdin) if name == "-" else read_file(Path(name))
        except Skipped as exc:
            skipped.append((Path(name), str(exc)))
            continue
        except InputProblem as exc:
            io_.error(f"{name}: {exc}")
            failed = True
            continue
        raw = item.data
        if opts.sniff and name != "-" and not looks_like_shell(Path(name), raw[:SNIFF]):
            skipped.append((Path(name), "not a shell script"))
            continue
        linter = linters[name]

        def lint_one(text: bytes, name: str = name, linter: Linter = linter) -> list[Finding]:
            return linter.lint(name, text)

        judge = Judge(name, report=linter.settings.enabled("XL904")) if not missing else None
        try:
            if not fixing:
                found, pending = lint_started(raw, lint_one, judge)
                if pending is None or judge is None:
                    report.add(name, found, raw)
                    continue
                window.append((name, raw, found, pending, judge))
                if len(window) >= WINDOW:
                    report.judged(*window.popleft())
                continue
            found, now, n = fix_one(item, lint_one, judge, opts.unsafe_fixes, writing, io_)
        except shell_judge.JudgeUnavailable as exc:
            io_.error(f"{name}: not checked, nothing fixed: {exc}")
            failed = True
            continue
        if n < 0:
            failed = True
        elif now != raw:
            applied += n
            files_fixed += 1
            if fmt == "diff":
                fixed[name], originals[name] = now, raw
        if writing and name == "-":
            script_out = now
        report.add(name, found, now)
    while window:
        report.judged(*window.popleft())
    findings, shown, omitted = report.findings, report.shown, report.omitted
    if opts.verbose:
        for path, why in skipped:
            io_.note(f"not analysed ({why}): {path}")

    if fmt == "diff":
        text = render([], "diff", originals, fixed=fixed)
    else:
        text = render(findings, fmt, shown, rules=rules.lint_rules(), version=__version__,
                      omitted=omitted)
    try:
        if script_out is not None:
            io_.out.write(script_out)
        if io_.report_on_err:
            if script_out is not None:  # else standard input could not be read: nothing to report
                print(text, end="", file=io_.err)  # stdout carries the fixed script
        else:
            io_.out.write(text.encode("utf-8", "surrogateescape"))
        io_.out.flush()
    except OSError as exc:
        io_.error(f"cannot write to standard output: {exc.strerror or exc}")
        return int(ExitCode.WRITE_ERROR)
    if writing and applied and fmt in HUMAN_FORMATS:
        io_.note(f"Fixed {applied} finding{'s' if applied != 1 else ''} in {files_fixed} file"
                 f"{'s' if files_fixed != 1 else ''}.")
    if failed:
        return int(ExitCode.WRITE_ERROR)
    if opts.exit_zero:
        return int(ExitCode.OK)
    if fmt == "diff":
        return int(ExitCode.FINDINGS) if fixed else int(ExitCode.OK)
    return int(ExitCode.FINDINGS) if findings or omitted else int(ExitCode.OK)
