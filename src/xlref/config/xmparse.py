"""Reader for xm configs: Python 2 programs that `xm create` executed.  Parsed with `ast`, never run.

Each top-level assignment becomes an entry; its value is folded by pyfold (literals, arithmetic, names set
earlier or given with --set, xm_vars checks...).  xm kept only strings, lists, integers and floats from the
file's variables (RELEASE-4.4.4 tools/python/xen/xm/opts.py, Opts.load): a bool, None, tuple or dict is kept as
a helper for later expressions but marked ignored as a setting.  Statements xl would reject are Problems; every
statement that is no setting is listed in cfg.dropped with the reason, so a conversion can say what it left out.

Python 2 files that Python 3 cannot parse are retried with the offending line neutralised (octal literals like
`0755` are read the Python 2 way); each such line is reported, and a line that is not valid Python 2 either is
called a syntax error, not "Python 2 only".
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import Any

from xlref.config.model import Config, Entry, Problem, Span, Unresolved, Value
from xlref.config.pyfold import Choices, Folder, Refused, Unknown, show
from xlref.config.xlparse import parse_xl
from xlref.config.xmstmt import Statements, as_value, node_span

_OCTAL = re.compile(r"(?<![\w.'\"])0([0-7]+)(?![\w.])")
_LONG = re.compile(r"(?<![\w.'\"])([0-9]+)[lL](?![\w.])")
_MAX_RETRIES = 200
#: constructs Python 2 accepted and Python 3 refuses (a SyntaxError on any other line is a real error)
_PY2_ONLY = [
    (re.compile(r"^\s*print(\s+[^\s(=]|\s*$|\s*>>)"), "`print x` is Python 2 only"),
    (re.compile(r"^\s*exec\s+[^\s(=]"), "`exec code` is Python 2 only"),
    (re.compile(r"`"), "backquotes are Python 2 only"),
    (re.compile(r"<>"), "the <> operator is Python 2 only"),
    (re.compile(r"(?<![\w])[uU][rR]['\"]"), "ur'' strings are Python 2 only"),
    (re.compile(r"^\s*except\s+[^:]+,\s*\w+\s*:"), "`except E, e:` is Python 2 only"),
    (re.compile(r"^\s*raise\s+[^,]+,"), "`raise E, msg` is Python 2 only"),
]


def _py2_fixups(text: str) -> tuple[str, list[Problem]]:
    """Rewrite Python 2 literals (0755, 10L) to their Python 3 spelling, reporting each line touched."""
    problems: list[Problem] = []
    out: list[str] = []
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        code, hash_, rest = line.partition("#")
        new = _OCTAL.sub(lambda m: "0o" + m.group(1), code)
        new = _LONG.sub(lambda m: m.group(1), new)
        if new != code and '"' not in code and "'" not in code:
            problems.append(Problem("XL505", "Python 2 number literal (octal 0NNN or long NNNL): Python 3 "
                                    "rejects it; xl reads 0NNN as octal too, but write the decimal value",
                                    Span(number, 1, number, len(line.rstrip("\n")) + 1)))
            out.append(new + hash_ + rest)
        else:
            out.append(line)
    return "".join(out), problems


def _comments(text: str) -> tuple[dict[int, str], dict[int, str]]:
    """(full-line comments and blank lines, trailing comments) by line number; tolerant of bad input."""
    full: dict[int, str] = {}
    trailing: dict[int, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            full[number] = line.strip()
    if "#" not in text:
        return full, trailing
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and tok.start[0] not in full:
                trailing[tok.start[0]] = tok.string[1:]
    except (tokenize.TokenError, SyntaxError, IndentationError, RecursionError):
        pass
    return full, trailing


def _syntax_hint(line: str, err: SyntaxError) -> str:
    for pattern, hint in _PY2_ONLY:
        if pattern.search(line.split("#", 1)[0]):
            return f"Python 3 cannot parse this line ({hint}); xm ran it as Python 2, xl rejects it"
    return (f"syntax error ({err.msg}): this is not valid Python 2 either, so `xm create` refused the file "
            "too; xl rejects it")


def _parse_module(text: str) -> tuple[ast.Module | None, list[Problem]]:
    fixed, problems = _py2_fixups(text)
    lines = fixed.splitlines(keepends=True)
    for _ in range(_MAX_RETRIES):
        try:
            return ast.parse("".join(lines)), problems
        except SyntaxError as err:
            number = min(err.lineno or 1, len(lines))
            if number < 1:
                return None, problems
            bad = lines[number - 1]
            if not any(p.span.line == number for p in problems):
                problems.append(Problem("XL505", _syntax_hint(bad, err),
                                        Span(number, 1, number, len(bad.rstrip()) + 1)))
            indent = bad[: len(bad) - len(bad.lstrip())]
            replacement = "\n" if "indent" in (err.msg or "") else indent + "pass\n"
            if lines[number - 1] == replacement:
                return None, problems
            lines[number - 1] = replacement
        except (RecursionError, MemoryError, ValueError) as err:
            reason = "nested too deeply" if not isinstance(err, ValueError) else str(err)
            problems.append(Problem("XL505", f"Python cannot read this file ({reason})", Span(1, 1, 1, 2)))
            return None, problems
    return None, problems


def parse_xm(text: str, path: str = "-", variables: dict[str, str] | None = None) -> Config:
    """Read an xm config without executing it.  variables: `xm create FILE NAME=VALUE` strings."""
    module, problems = _parse_module(text)
    if module is None:
        # hopeless for Python: fall back to the literal reader so the user still gets line-level answers
        cfg = parse_xl(text, path, dialect="xm", strict=False)
        cfg.problems = problems + cfg.problems
        return cfg
    cfg = Config(path=path, text=text, dialect="xm", problems=list(problems))
    full, trailing = _comments(text)
    cfg.comments = full
    env: dict[str, Any] = dict(variables or {})
    Statements(cfg, env, trailing, record).run(module.body)
    _char_columns(cfg)
    return cfg


def record(cfg: Config, stmt: ast.stmt, name: ast.Name, obj: Any, folder: Folder | None,
           trailing: dict[int, str], op: str = "=", note: str | None = None) -> None:
    """Add the entry for one assignment (obj: the folded object, an Unknown, a Refused or a Choices)."""
    span = node_span(stmt)
    node = getattr(stmt, "value", None)
    source = show(node) if isinstance(node, ast.expr) else ""
    ignored = None
    value: Value
    if isinstance(obj, Unknown):
        value = Unresolved(obj.reason, source, suffix=obj.suffix)
    elif isinstance(obj, Refused):
        value = Unresolved(f"{obj}; `xm create` failed here too", source)
    elif isinstance(obj, Choices):
        choices = tuple(v for v in (as_value(c) for c in obj.values) if v is not None)
        value = Unresolved(f"it depends on run time ({obj.why}): one of "
                           + ", ".join(repr(c) for c in choices), source, choices=choices)
    else:
        got = as_value(obj)
        if got is None:
            value = repr(obj)[:60]
            ignored = (f"xm ignored it: a {type(obj).__name__} is no setting (xm kept only strings, lists, "
                       "integers and floats from the file)")
        else:
            value = got
    how = ", ".join(dict.fromkeys(folder.how)) if folder is not None and folder.how else None
    if note:
        how = f"{note}, {how}" if how else note
    cfg.entries.append(Entry(name.id, value, span, node_span(name), computed=how, op=op,
                             comment=trailing.get(span.end_line), ignored=ignored,
                             value_span=node_span(node) if isinstance(node, ast.expr) else None))


def _char_columns(cfg: Config) -> None:
    """ast columns count UTF-8 bytes; Findings count characters.  Convert (a no-op for ASCII lines)."""
    if cfg.text.isascii():
        return
    lines = cfg.text.splitlines()

    def col(line: int, byte_col: int) -> int:
        if not 1 <= line <= len(lines):
            return byte_col
        raw = lines[line - 1].encode("utf-8")
        return len(raw[: byte_col - 1].decode("utf-8", errors="ignore")) + 1

    def conv(span: Span) -> Span:
        return Span(span.line, col(span.line, span.column), span.end_line, col(span.end_line, span.end_column))

    for entry in cfg.entries:
        entry.span, entry.key_span = conv(entry.span), conv(entry.key_span)
        if entry.value_span is not None:
            entry.value_span = conv(entry.value_span)
    cfg.problems = [Problem(p.code, p.message, conv(p.span)) if p.code in ("XL501", "XL503") else p
                    for p in cfg.problems]
    cfg.dropped = [(conv(span), why) for span, why in cfg.dropped]
