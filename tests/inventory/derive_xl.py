#!/usr/bin/env python3
"""Derive the xl command/option inventory from Xen's source code.

For every release tag RELEASE-4.1.0 ... RELEASE-4.22.0 of a local Xen git
mirror this script reads, without checking anything out:

* the command table ``cmd_table[]`` in ``xl_cmdtable.c`` (``tools/libxl/``
  up to 4.8, ``tools/xl/`` from 4.9): one command per entry, whatever
  preprocessor condition guards it (the conditions are reported with
  ``--conditions``);
* for every entry, the ``main_<cmd>`` function named in the table, found in
  the xl C sources of that tag, and inside it the real option parser:
  ``SWITCH_FOREACH_OPT(opt, "short", longopts, ...)`` (4.4+),
  ``def_getopt(argc, argv, "short", [longopts,] ...)`` (4.2/4.3) or plain
  ``getopt``/``getopt_long`` loops (4.1).  Short options come from the
  optstring, long options from the ``struct option`` array passed to the
  parser;
* the global options from the ``getopt`` call in ``xl.c``'s ``main``.

``-h``/``--help`` are left out: every command accepts them (the ``h`` in
each optstring, ``COMMON_LONG_OPTS``) and they only print the help text.

Output: ``tests/inventory/xl.json`` (see the "xl" section of
``tests/inventory/README.md`` for the exact shape).  Facts only; no text
from Xen is copied apart from command and option names.

Usage::

    python tests/inventory/derive_xl.py [--repo PATH] [--out FILE]
    python tests/inventory/derive_xl.py --conditions   # guarded entries
    python tests/inventory/derive_xl.py --dryrun       # can_dryrun per tag
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from csource import strip_comments  # sibling module: these scripts run as files

DEFAULT_REPO = "/work/.mirror/xen-project+xen/repo"
DEFAULT_OUT = Path(__file__).with_name("xl.json")
RELEASES = [f"4.{n}" for n in range(1, 23)]

# One or more adjacent C string literals.
_STRS = r'((?:"(?:[^"\\]|\\.)*"\s*)+)'
_PARSERS = [
    # SWITCH_FOREACH_OPT(opt, "short", longopts, "cmd", N)
    re.compile(r"SWITCH_FOREACH_OPT\s*\(\s*\w+\s*,\s*" + _STRS + r",\s*(\w+)"),
    # def_getopt(argc, argv, "short", longopts, "cmd", N)  (4.3)
    # def_getopt(argc, argv, "short", "cmd", N)            (4.2)
    re.compile(r"def_getopt\s*\(\s*argc\s*,\s*argv\s*,\s*" + _STRS + r",\s*(\w+)?"),
    # getopt_long(argc, argv, "short", longopts, ...)
    re.compile(r"getopt_long\s*\(\s*argc\s*,\s*argv\s*,\s*" + _STRS + r",\s*(\w+)"),
    # getopt(argc, argv, "short")
    re.compile(r"\bgetopt\s*\(\s*argc\s*,\s*argv\s*,\s*" + _STRS + r"()\)"),
]
_ENTRY = re.compile(r'\{\s*"([a-z0-9-]+)"\s*,\s*&?\s*(\w+)\s*,(\s*\d+\s*,\s*\d+\s*,)?')
_HANDFLAG = re.compile(r'strcmp\s*\(\s*argv\s*\[[^\]]*\]\s*,\s*"(-[A-Za-z-][^"]*)"')
_HANDOFF = re.compile(r"\b(\w+)\s*\([^;]*\bargc\s*,\s*argv\b")
_LONGNAME = re.compile(r'\{\s*"([^"]+)"\s*,')


@dataclass
class Entry:
    """One cmd_table[] entry at one tag."""

    name: str
    impl: str
    can_dryrun: bool
    condition: list[str]
    options: list[str] = field(default_factory=list)


def git(repo: str, *args: str) -> str:
    """Run git in the mirror and return stdout as text."""
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def c_strings(lits: str) -> str:
    """Concatenate adjacent C string literals (no escapes occur in optstrings)."""
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', lits))


def block_at(src: str, start: int) -> str:
    """Return the brace block starting at the first '{' at or after start."""
    i = src.index("{", start)
    depth = 0
    j = i
    while j < len(src):
        c = src[j]
        if c in "\"'":
            k = j + 1
            while src[k] != c:
                k += 2 if src[k] == "\\" else 1
            j = k
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return src[i : j + 1]
        j += 1
    raise ValueError("unbalanced braces")


def conditions_at(src: str, pos: int) -> list[str]:
    """Preprocessor conditions (#if/#ifdef/#ifndef, #else) in force at pos."""
    stack: list[str] = []
    for line in src[:pos].splitlines():
        s = line.strip()
        if re.match(r"#\s*if", s):
            stack.append(re.sub(r"^#\s*", "", s))
        elif re.match(r"#\s*else", s) and stack:
            stack[-1] = "not(" + stack[-1] + ")"
        elif re.match(r"#\s*elif", s) and stack:
            stack[-1] = re.sub(r"^#\s*", "", s)
        elif re.match(r"#\s*endif", s) and stack:
            stack.pop()
    return stack


def short_flags(optstring: str) -> list[str]:
    """getopt optstring -> ['-x', ...] without -h and without arg markers."""
    chars = optstring.lstrip("+-").replace(":", "")
    return [f"-{c}" for c in chars if c != "h"]


def long_flags(src: str, name: str) -> list[str]:
    """Long option names of `struct option NAME[] = {...}` in src."""
    m = re.search(r"struct\s+option\s+" + re.escape(name) + r"\s*\[\s*\]\s*=\s*\{", src)
    if not m:
        raise LookupError(f"struct option {name}[] not found")
    body = block_at(src, m.end() - 1)[1:-1]
    return [f"--{n}" for n in _LONGNAME.findall(body) if n != "help"]


def find_function(sources: dict[str, str], name: str) -> tuple[str, str]:
    """Return (file source, function body) of the definition of `int NAME(...)`."""
    pat = re.compile(r"^(?:static\s+)?int\s+" + re.escape(name) + r"\s*\([^;{]*\)\s*(?=\{)", re.M)
    for src in sources.values():
        m = pat.search(src)
        if m:
            return src, block_at(src, m.end())
    raise LookupError(f"{name} not found")


def parse_options(sources: dict[str, str], src: str, body: str, depth: int = 0) -> list[str]:
    """All flags accepted by the parser calls found in one function body.

    A main_<cmd> without a parser of its own that hands argc/argv to a
    helper (main_shutdown -> main_shutdown_or_reboot) is followed one level.
    Flags compared by hand against argv[...] (xenstore-quota-get -g) count.
    """
    flags: list[str] = _HANDFLAG.findall(body)
    if depth == 0 and not any(rx.search(body) for rx in _PARSERS):
        for callee in _HANDOFF.findall(body):
            try:
                csrc, cbody = find_function(sources, callee)
            except LookupError:
                continue
            flags += parse_options(sources, csrc, cbody, depth + 1)
    for rx in _PARSERS:
        for m in rx.finditer(body):
            flags += short_flags(c_strings(m.group(1)))
            longname = m.group(2)
            if longname and longname != "NULL":
                try:
                    flags += long_flags(body, longname)
                except LookupError:
                    flags += long_flags(src, longname)
    # Ordered, de-duplicated: short flags first, then long ones.
    seen = list(dict.fromkeys(flags))
    return sorted(seen, key=lambda f: (f.startswith("--"), f.lower(), f))


def xl_dir(repo: str, tag: str) -> str:
    """Directory holding xl_cmdtable.c at tag."""
    files = git(repo, "ls-tree", "-r", "--name-only", tag, "tools/").split()
    for d in ("tools/xl", "tools/libxl"):
        if f"{d}/xl_cmdtable.c" in files:
            return d
    raise LookupError(f"no xl_cmdtable.c at {tag}")


def read_sources(repo: str, tag: str, d: str) -> dict[str, str]:
    """Comment-stripped xl C sources (xl.c, xl_*.c) of one tag."""
    files = git(repo, "ls-tree", "--name-only", tag, f"{d}/").split()
    wanted = [f for f in files if re.search(r"/xl(_[a-z0-9_]+)?\.c$", f)]
    return {f: strip_comments(git(repo, "show", f"{tag}:{f}")) for f in wanted}


def derive_release(repo: str, release: str) -> tuple[list[Entry], list[str], list[str]]:
    """Commands, global options and source paths of one release."""
    tag = f"RELEASE-{release}.0"
    d = xl_dir(repo, tag)
    sources = read_sources(repo, tag, d)
    table_src = sources[f"{d}/xl_cmdtable.c"]
    start = re.search(r"cmd_table\s*\[\s*\]\s*=\s*", table_src)
    if not start:
        raise LookupError(f"cmd_table not found at {tag}")
    table = block_at(table_src, start.end())
    entries: list[Entry] = []
    pos = 1
    while True:
        m = _ENTRY.search(table, pos)
        if not m:
            break
        dry = m.group(3)
        can_dryrun = bool(dry) and dry.split(",")[0].strip() == "1"
        e = Entry(m.group(1), m.group(2), can_dryrun, conditions_at(table, m.start()))
        fsrc, body = find_function(sources, e.impl)
        e.options = parse_options(sources, fsrc, body)
        entries.append(e)
        pos = m.start() + len(block_at(table, m.start()))
    main_src = sources[f"{d}/xl.c"]
    mm = re.search(r"^int\s+main\s*\(", main_src, re.M)
    if not mm:
        raise LookupError(f"main not found at {tag}")
    main_body = block_at(main_src, mm.end())
    globals_: list[str] = []
    gm = re.search(r"getopt(?:_long)?\s*\(\s*argc\s*,\s*argv\s*,\s*" + _STRS + r"(?:,\s*(\w+))?", main_body)
    if gm:
        globals_ += short_flags(c_strings(gm.group(1)))
        if gm.group(2):
            globals_ += long_flags(main_src, gm.group(2))
    paths = sorted({f"{d}/xl_cmdtable.c", f"{d}/xl.c"} | set(sources))
    return entries, globals_, paths


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", default=DEFAULT_REPO, help="Xen git mirror (bare ok)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON file to write")
    ap.add_argument("--conditions", action="store_true", help="print guarded entries")
    ap.add_argument("--dryrun", action="store_true", help="print can_dryrun commands")
    args = ap.parse_args(argv)

    releases: dict[str, object] = {}
    all_paths: set[str] = set()
    for rel in RELEASES:
        entries, globals_, paths = derive_release(args.repo, rel)
        all_paths |= set(paths)
        commands: dict[str, dict[str, list[str]]] = {}
        for e in entries:
            commands[e.name] = {"aliases": [], "options": e.options}
            if args.conditions and e.condition:
                print(f"{rel}\t{e.name}\t{' && '.join(e.condition)}")
        if args.dryrun:
            print(rel, " ".join(sorted(e.name for e in entries if e.can_dryrun)))
        releases[rel] = {"commands": commands, "global_options": globals_}
    if args.conditions or args.dryrun:
        return 0
    doc = {
        "tool": "xl",
        "source": {
            "repo": "xen-project/xen",
            "ref": "RELEASE-4.N.0 (per release)",
            "paths": sorted(all_paths),
        },
        "releases": releases,
    }
    args.out.write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
