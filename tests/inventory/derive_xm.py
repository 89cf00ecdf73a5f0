"""Derive the xm command/option inventory from the Xen source (RELEASE-4.4.4).

Reads ``tools/python/xen/xm/*.py`` straight from a bare Xen git mirror with
``git show REF:PATH`` (nothing is checked out, nothing is executed) and writes
``tests/inventory/xm.json``:

    {"tool": "xm",
     "source": {"repo": "xen-project/xen", "ref": "RELEASE-4.4.4", "paths": [...]},
     "releases": {"4.4": {"commands": {NAME: {"aliases": [...], "options": [...], "silent": [...]}},
                          "global_options": []}}}

``silent`` (only where non-empty) lists flags that do nothing visible: the module tests ``"-?" in argv`` and
calls a ``help()`` that returns its text without printing it, then returns (exit 0, no output).

xm is Python 2, which the Python 3 ``ast`` module cannot parse as a whole.  So
the script cuts the file into top-level statements (a statement starts at
column 0) and hands ``ast`` only the small pieces that are valid Python 3 as
they stand: the ``commands``/``aliases`` literals, the ``IMPORTED_COMMANDS``
list, each ``getopt(...)`` call and each ``Opts.opt(...)`` call.  Flags that a
function compares by hand (``force != "--force"``, ``"-?" in argv``) are found
with a narrow regular expression.  See tests/inventory/README.md ("xm").

Usage: python tests/inventory/derive_xm.py [MIRROR] [-o OUT]
"""

from __future__ import annotations

import argparse
import ast
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = "xen-project/xen"
REF = "RELEASE-4.4.4"
RELEASE = "4.4"
XM_DIR = "tools/python/xen/xm"
DEFAULT_MIRROR = "/work/.mirror/xen-project+xen/repo"
DEFAULT_OUT = Path(__file__).resolve().parent / "xm.json"

# Imported commands whose module reuses another module's parser in a way that
# cannot carry a flag: dry-run.py hands its argv to create.parseCommandLine but
# first insists on exactly one word (the config file), so create's flags can
# never be combined with a config file there.
NO_FOLLOW = {"dry-run"}

# main() answers -h/--help anywhere on the command line with the help text
# before any subcommand runs, so the copies declared in create.py, migrate.py,
# shutdown.py and cpupool.py are unreachable.  Left out, as derive_xl.py does.
HELP_FLAGS = {"-h", "--help"}

_STMT_START = re.compile(r"^[A-Za-z_@]", re.M)
_DEF = re.compile(r"^def\s+(\w+)\s*\(", re.M)
_GETOPT = re.compile(r"getopt\.(?:gnu_)?getopt\(")
_OPT_CALL = re.compile(r"\b\w+\.opt\(")
_CALL = re.compile(r"(?<![.\w])(\w+)\s*\(")
_MOD_MAIN = re.compile(r"(?<![.\w])(\w+)\.main\(")
_MOD_PARSE = re.compile(r"(?<![.\w])(\w+)\.parseCommandLine\(")
_FROM_IMPORT = re.compile(r"^from\s+(?:xen\.xm\.)?(\w+)\s+import\s+(.+)$", re.M)
_FLAG = r"-{1,2}[A-Za-z0-9?][A-Za-z0-9_-]*"
_MANUAL = re.compile(rf"(?:[!=]=\s*(['\"])({_FLAG})\1)|(?:(['\"])({_FLAG})\3\s+in\s+argv\b)")
# `if "-?" in argv: help(); return` where help() only *returns* its text: the flag prints nothing, exit 0.
_DISCARDED_HELP = re.compile(rf"if\s+(['\"])({_FLAG})\1\s+in\s+argv\s*:\s*\n\s+help\(\)\s*\n\s+return\b")
_RETURNING_HELP = re.compile(r"^def\s+help\(\)\s*:\s*\n\s+return\b", re.M)


def git_show(mirror: str, path: str) -> str:
    """Return the text of PATH at REF from the bare mirror."""
    return subprocess.run(
        ["git", "-C", mirror, "show", f"{REF}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def git_ls(mirror: str, path: str) -> list[str]:
    """List the file names directly under PATH at REF."""
    out = subprocess.run(
        ["git", "-C", mirror, "ls-tree", "--name-only", f"{REF}", f"{path}/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line.rsplit("/", 1)[-1] for line in out.splitlines()]


def strip_comments(src: str) -> str:
    """Blank out ``#`` comments that are not inside a string (good enough here)."""
    out = []
    for line in src.splitlines():
        quote = ""
        for i, ch in enumerate(line):
            if quote:
                if ch == quote and line[i - 1] != "\\":
                    quote = ""
            elif ch in "'\"":
                quote = ch
            elif ch == "#":
                line = line[:i]
                break
        out.append(line)
    return "\n".join(out)


def statements(src: str) -> dict[str, str]:
    """Map each top-level ``def NAME`` / ``NAME =`` to its source text."""
    starts = [m.start() for m in _STMT_START.finditer(src)] + [len(src)]
    blocks: dict[str, str] = {}
    for begin, end in itertools.pairwise(starts):
        text = src[begin:end]
        m = _DEF.match(text) or re.match(r"(\w+)\s*=", text)
        if m:
            blocks.setdefault(m.group(1), text)
    return blocks


def balanced_call(text: str, open_paren: int) -> str:
    """Return text[start:close+1] for the call whose ``(`` is at open_paren."""
    depth = 0
    quote = ""
    for i in range(open_paren, len(text)):
        ch = text[i]
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return text[open_paren + 1 : i]
    raise ValueError("unbalanced call")


def literal(expr: str) -> object:
    """Evaluate a Python literal with ast (never exec)."""
    return ast.literal_eval(ast.parse(expr.strip(), mode="eval").body)


def getopt_flags(body: str) -> list[str]:
    """Flags declared by every getopt.getopt/gnu_getopt call in BODY."""
    flags: list[str] = []
    for m in _GETOPT.finditer(body):
        call = ast.parse("f(" + balanced_call(body, m.end() - 1) + ")", mode="eval")
        assert isinstance(call.body, ast.Call)
        args = call.body.args
        try:
            short = ast.literal_eval(args[1]) if len(args) > 1 else ""
            longs = ast.literal_eval(args[2]) if len(args) > 2 else []
        except ValueError:
            continue  # computed spec (opts.py's generic parser): not a command's
        flags += ["-" + c for c in str(short).replace(":", "")]
        flags += ["--" + str(x).rstrip("=") for x in longs]
    return flags


def manual_flags(body: str) -> list[str]:
    """Flags a function compares against by hand (==, != or ``in argv``)."""
    return [m.group(2) or m.group(4) for m in _MANUAL.finditer(body)]


def silent_flags(src: str) -> list[str]:
    """Hand-tested flags whose branch calls a help() that returns its text instead of printing it."""
    if not _RETURNING_HELP.search(src):
        return []
    return [m.group(2) for m in _DISCARDED_HELP.finditer(src)]


def opts_flags(src: str) -> list[str]:
    """Flags declared by ``gopts.opt(NAME, short=..., long=...)`` calls."""
    flags: list[str] = []
    for m in _OPT_CALL.finditer(src):
        call = ast.parse("f(" + balanced_call(src, m.end() - 1) + ")", mode="eval")
        assert isinstance(call.body, ast.Call)
        kw = {k.arg: ast.literal_eval(k.value) for k in call.body.keywords if k.arg in ("short", "long")}
        name = ast.literal_eval(call.body.args[0])
        if kw.get("short"):
            flags.append("-" + str(kw["short"]))
        flags.append("--" + str(kw.get("long") or name))
    return flags


class XmSource:
    """The xm modules at REF, read lazily from the mirror."""

    def __init__(self, mirror: str) -> None:
        self.mirror = mirror
        self.files = set(git_ls(mirror, XM_DIR))
        self.text: dict[str, str] = {}
        self.used: set[str] = set()

    def module(self, name: str) -> str | None:
        """Comment-stripped source of xen/xm/NAME.py, or None if absent."""
        fname = f"{name}.py"
        if fname not in self.files:
            return None
        if fname not in self.text:
            self.text[fname] = strip_comments(git_show(self.mirror, f"{XM_DIR}/{fname}"))
        self.used.add(f"{XM_DIR}/{fname}")
        return self.text[fname]

    def module_flags(self, name: str, seen: set[str]) -> list[str]:
        """Flags an imported-command module parses, following its parser imports."""
        if name in seen:
            return []
        seen.add(name)
        src = self.module(name)
        if src is None:
            return []
        flags = opts_flags(src) + manual_flags(src) + getopt_flags(src)
        if not opts_flags(src):
            # The module may borrow another module's Opts parser.
            for mod, names in _FROM_IMPORT.findall(src):
                if "parseCommandLine(" not in src:
                    continue
                other = self.module(mod) or ""
                if "def parseCommandLine(" in other and ("parseCommandLine" in names or names.strip() == "*"):
                    flags += self.module_flags(mod, seen)
            for mod in _MOD_PARSE.findall(src):
                flags += self.module_flags(mod, seen)
        return flags


def function_flags(src: XmSource, blocks: dict[str, str], name: str, seen: set[str]) -> list[str]:
    """Flags parsed by main.py function NAME and the helpers it calls."""
    if name in seen or name not in blocks:
        return []
    seen.add(name)
    body = blocks[name]
    flags = getopt_flags(body) + manual_flags(body)
    for callee in _CALL.findall(body):
        if callee != name and callee in blocks and blocks[callee].startswith("def "):
            flags += function_flags(src, blocks, callee, seen)
    for mod in _MOD_MAIN.findall(body):
        flags += src.module_flags(mod, set())
    return flags


def dedupe(flags: list[str]) -> list[str]:
    """Keep first occurrences, in order, minus the help flags."""
    return [f for f in dict.fromkeys(flags) if f not in HELP_FLAGS]


def derive(mirror: str) -> dict[str, object]:
    """Build the inventory document."""
    src = XmSource(mirror)
    main = src.module("main")
    assert main is not None
    blocks = statements(main)

    table = ast.parse(blocks["commands"]).body[0]
    assert isinstance(table, ast.Assign) and isinstance(table.value, ast.Dict)
    handlers: dict[str, str] = {}
    for key, value in zip(table.value.keys, table.value.values, strict=True):
        assert isinstance(key, ast.Constant) and isinstance(value, ast.Name)
        handlers[str(key.value)] = value.id
    imported = literal(blocks["IMPORTED_COMMANDS"].split("=", 1)[1])
    aliases = literal(blocks["aliases"].split("=", 1)[1])
    assert isinstance(imported, list) and isinstance(aliases, dict)

    commands: dict[str, dict[str, list[str]]] = {}
    for cmd, func in handlers.items():
        commands[cmd] = {"aliases": [], "options": dedupe(function_flags(src, blocks, func, set()))}
    for cmd in imported:
        flags = [] if cmd in NO_FOLLOW else src.module_flags(cmd, set())
        if cmd in NO_FOLLOW:
            src.module(cmd)
        commands[cmd] = {"aliases": [], "options": dedupe(flags)}
        silent = silent_flags(src.module(cmd) or "")
        if silent:
            commands[cmd]["silent"] = silent
    for alias, target in aliases.items():
        commands[target]["aliases"].append(alias)

    return {
        "tool": "xm",
        "source": {"repo": REPO, "ref": REF, "paths": sorted(src.used)},
        "releases": {
            RELEASE: {
                "commands": dict(sorted(commands.items())),
                "global_options": [],
            }
        },
    }


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirror", nargs="?", default=DEFAULT_MIRROR, help="bare Xen git mirror (default: %(default)s)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUT,
        help="where to write the JSON (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    doc = derive(args.mirror)
    args.output.write_text(json.dumps(doc, indent=2) + "\n")
    rel = doc["releases"][RELEASE]  # type: ignore[index]
    n_cmd = len(rel["commands"])
    n_alias = sum(len(c["aliases"]) for c in rel["commands"].values())
    n_opt = sum(len(c["options"]) for c in rel["commands"].values())
    print(f"xm {REF}: {n_cmd} commands, {n_alias} aliases, {n_opt} options", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
