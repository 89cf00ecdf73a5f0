#!/usr/bin/env python3
"""Derive the virsh command/option inventory from a libvirt source tree.

Reads the static command tables of virsh (``vshCmdDef`` arrays referenced
from ``cmdGroups`` in tools/virsh.c) and each command's ``vshCmdOptDef``
array, expanding the option/command macros of tools/vsh.h, tools/virsh.h and
the file-local ``#define``s, so options hidden inside macros such as
``VIRSH_COMMON_OPT_DOMAIN_FULL`` or ``VSH_OPTS_IOTUNE`` are counted.

Writes ``tests/inventory/virsh.json``::

    {"tool": "virsh",
     "source": {"repo": "libvirt/libvirt", "ref": "v11.3.0", "paths": [...]},
     "releases": {"11.3": {"commands": {NAME: {"aliases": [...], "group": TITLE,
                                               "options": ["--opt", ...]}},
                           "global_options": ["-c", "--connect", ...]}}}

Command aliases (table entries carrying only ``.alias``) are listed under
their target; option aliases (``VSH_OT_ALIAS``) are listed among the
options because virsh accepts them.  Hidden commands are included.

Usage::

    derive_virsh.py [LIBVIRT_TREE] [-o OUT] [--details [COMMAND ...]]

``--details`` prints per-option facts (type, required, positional, alias
target) as JSON on stdout instead of writing the inventory.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csource import strip_comments  # sibling module: these scripts run as files

DEFAULT_TREE = Path("/work/src/libvirt-11.3.0")
DEFAULT_OUT = Path(__file__).resolve().parent / "virsh.json"
RELEASE = "11.3"
REF = "v11.3.0"

_TOKEN_RE = re.compile(
    r'"(?:[^"\\\n]|\\.)*"'  # string literal
    r"|'(?:[^'\\\n]|\\.)*'"  # char literal
    r"|[A-Za-z_][A-Za-z0-9_]*"  # identifier
    r"|\d[\w.]*"  # number
    r"|##|#|\.\.\.|->|[^\s]"  # punctuation
)


@dataclass
class Macro:
    """A preprocessor macro: ``params`` is None for object-like macros."""

    params: list[str] | None
    body: list[str]


@dataclass
class OptDef:
    """One ``vshCmdOptDef`` entry."""

    name: str
    type: str
    required: bool = False
    positional: bool = False
    unwanted_positional: bool = False
    alias_of: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": "--" + self.name, "type": self.type}
        if self.required:
            out["required"] = True
        if self.positional or self.unwanted_positional:
            out["positional"] = True
        if self.alias_of is not None:
            out["alias_of"] = self.alias_of
        return out


@dataclass
class CmdDef:
    """One ``vshCmdDef`` entry (a command or a command alias)."""

    name: str
    table: str
    opts: str | None = None
    alias: str | None = None
    flags: list[str] = field(default_factory=list)


def tokenize(text: str) -> list[str]:
    """Split C text into tokens (no whitespace)."""
    return _TOKEN_RE.findall(text)


def macro_events(text: str) -> list[tuple[int, str, Macro | None]]:
    """List the ``#define``/``#undef`` lines of *text* as (offset, name, macro or None)."""
    events: list[tuple[int, str, Macro | None]] = []
    pat = re.compile(r"^[ \t]*#[ \t]*(define|undef)[ \t]+([A-Za-z_]\w*)((?:\\\n|.)*)$", re.M)
    for m in pat.finditer(text):
        name, rest = m.group(2), m.group(3).replace("\\\n", " ")
        if m.group(1) == "undef":
            events.append((m.start(), name, None))
            continue
        params = None
        pm = re.match(r"\(([^)]*)\)", rest)
        if pm:
            params = [p.strip() for p in pm.group(1).split(",") if p.strip()]
            rest = rest[pm.end() :]
        events.append((m.start(), name, Macro(params, tokenize(rest))))
    return events


def apply_events(events: list[tuple[int, str, Macro | None]], macros: dict[str, Macro], upto: int) -> None:
    """Apply the macro events before offset *upto* to *macros*."""
    for off, name, mac in events:
        if off >= upto:
            break
        if mac is None:
            macros.pop(name, None)
        else:
            macros[name] = mac


def collect_macros(text: str, macros: dict[str, Macro]) -> None:
    """Add every ``#define`` of *text* (comment-stripped) to *macros*, honouring ``#undef``."""
    apply_events(macro_events(text), macros, len(text))


def _split_args(tokens: list[str], start: int) -> tuple[list[list[str]], int]:
    """Parse a macro call's arguments; *start* indexes the '('. Returns args, index after ')'."""
    depth = 0
    args: list[list[str]] = [[]]
    i = start
    while i < len(tokens):
        t = tokens[i]
        if t in "([{":
            depth += 1
            if depth > 1:
                args[-1].append(t)
        elif t in ")]}":
            depth -= 1
            if depth == 0:
                return args, i + 1
            args[-1].append(t)
        elif t == "," and depth == 1:
            args.append([])
        else:
            args[-1].append(t)
        i += 1
    raise ValueError("unterminated macro call")


def expand(tokens: list[str], macros: dict[str, Macro], active: frozenset[str] = frozenset()) -> list[str]:
    """Expand macros in a token list (no stringizing/pasting needed here)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        mac = macros.get(t)
        if mac is None or t in active:
            out.append(t)
            i += 1
            continue
        if mac.params is None:
            out.extend(expand(mac.body, macros, active | {t}))
            i += 1
            continue
        if i + 1 >= len(tokens) or tokens[i + 1] != "(":
            out.append(t)
            i += 1
            continue
        args, i = _split_args(tokens, i + 1)
        exp_args = [expand(a, macros, active) for a in args]
        body: list[str] = []
        for bt in mac.body:
            if bt in mac.params:
                body.extend(exp_args[mac.params.index(bt)])
            else:
                body.append(bt)
        out.extend(expand(body, macros, active | {t}))
    return out


def find_arrays(text: str, typename: str) -> dict[str, tuple[int, str]]:
    """Return {array name: (offset, initializer text)} for ``TYPE NAME[] = { ... };``.

    Preprocessor lines inside the initializer (``#ifndef WIN32`` ...) are dropped,
    keeping the guarded entries: virsh is built for Linux here.
    """
    found: dict[str, tuple[int, str]] = {}
    pat = re.compile(r"\b" + typename + r"\s+([A-Za-z_]\w*)\s*\[\s*\]\s*=\s*\{")
    for m in pat.finditer(text):
        depth, j = 1, m.end()
        while depth and j < len(text):
            c = text[j]
            if c == '"':
                j += 1
                while text[j] != '"':
                    j += 2 if text[j] == "\\" else 1
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            j += 1
        init = text[m.end() : j - 1].replace("\\\n", " ")
        init = "\n".join(ln for ln in init.splitlines() if not ln.lstrip().startswith("#"))
        found[m.group(1)] = (m.start(), init)
    return found


def split_entries(tokens: list[str]) -> list[list[str]]:
    """Split the tokens of an array initializer into its top-level ``{...}`` entries."""
    entries: list[list[str]] = []
    depth = 0
    cur: list[str] = []
    for t in tokens:
        if t == "{":
            depth += 1
            if depth == 1:
                cur = []
                continue
        elif t == "}":
            depth -= 1
            if depth == 0:
                entries.append(cur)
                continue
        if depth >= 1:
            cur.append(t)
    return entries


def fields(entry: list[str]) -> dict[str, list[str]]:
    """Map designated-initializer fields (``.x = ...``) of one entry to their tokens."""
    out: dict[str, list[str]] = {}
    positional: list[list[str]] = [[]]
    depth = 0
    key: str | None = None
    i = 0
    while i < len(entry):
        t = entry[i]
        if depth == 0 and t == "." and i + 2 < len(entry) and entry[i + 2] == "=":
            key = entry[i + 1]
            out[key] = []
            i += 3
            continue
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
        if depth == 0 and t == ",":
            key = None
            positional.append([])
        elif key is not None:
            out[key].append(t)
        else:
            positional[-1].append(t)
        i += 1
    for n, toks in enumerate(p for p in positional if p):
        out.setdefault(f"#{n}", toks)
    return out


def string_value(tokens: list[str]) -> str | None:
    """Concatenate the string literals among *tokens* (handles N_("...") wrappers)."""
    parts = [t[1:-1] for t in tokens if t.startswith('"')]
    return "".join(parts) if parts else None


def is_true(tokens: list[str] | None) -> bool:
    return bool(tokens) and tokens != ["false"] and tokens != ["0"]


def parse_file(path: Path, header_macros: dict[str, Macro]) -> tuple[dict[str, list[OptDef]], list[CmdDef]]:
    """Parse one C file: its option arrays and command tables."""
    text = strip_comments(path.read_text(encoding="utf-8", errors="replace"))
    events = macro_events(text)

    def macros_at(offset: int) -> dict[str, Macro]:
        macros = dict(header_macros)
        apply_events(events, macros, offset)
        return macros

    opts: dict[str, list[OptDef]] = {}
    for name, (offset, init) in find_arrays(text, "vshCmdOptDef").items():
        defs: list[OptDef] = []
        for entry in split_entries(expand(tokenize(init), macros_at(offset))):
            f = fields(entry)
            oname = string_value(f.get("name", []))
            if oname is None:
                continue  # list terminator
            otype = (f.get("type") or ["VSH_OT_NONE"])[0]
            od = OptDef(
                name=oname,
                type=otype.removeprefix("VSH_OT_"),
                required=is_true(f.get("required")),
                positional=is_true(f.get("positional")),
                unwanted_positional=is_true(f.get("unwanted_positional")),
            )
            if od.type == "ALIAS":
                od.alias_of = string_value(f.get("help", []))
            defs.append(od)
        opts[name] = defs
    cmds: list[CmdDef] = []
    for table, (offset, init) in find_arrays(text, "vshCmdDef").items():
        for entry in split_entries(expand(tokenize(init), macros_at(offset))):
            f = fields(entry)
            cname = string_value(f.get("name", []))
            if cname is None:
                continue
            opt_tokens = f.get("opts") or ["NULL"]
            cmds.append(
                CmdDef(
                    name=cname,
                    table=table,
                    opts=None if opt_tokens == ["NULL"] else opt_tokens[0],
                    alias=string_value(f.get("alias", [])),
                    flags=[t for t in f.get("flags", []) if t.startswith("VSH_CMD_FLAG")],
                )
            )
    return opts, cmds


def parse_groups(virsh_c: Path, macros: dict[str, Macro]) -> list[tuple[str, str, str]]:
    """Return (group title, help keyword, table name) from ``cmdGroups``."""
    text = strip_comments(virsh_c.read_text(encoding="utf-8"))
    groups: list[tuple[str, str, str]] = []
    init = find_arrays(text, "vshCmdGrp")["cmdGroups"][1]
    for entry in split_entries(expand(tokenize(init), macros)):
        f = fields(entry)
        title, keyword, table = f.get("#0"), f.get("#1"), f.get("#2")
        if not title or not keyword or not table:
            continue
        groups.append((string_value(title) or "", string_value(keyword) or "", table[0]))
    return groups


def parse_global_options(virsh_c: Path) -> list[str]:
    """Return virsh's own command-line options (getopt_long table and short option string)."""
    text = strip_comments(virsh_c.read_text(encoding="utf-8"))
    m = re.search(r"struct option opt\[\]\s*=\s*\{(.*?)\};", text, re.S)
    g = re.search(r'getopt_long\([^"]*"([^"]*)"', text)
    if not m or not g:
        raise SystemExit("cannot find virsh's getopt_long table")
    shorts = [c for c in g.group(1) if c.isalnum()]
    result: list[str] = []
    seen_short: set[str] = set()
    for lm in re.finditer(r'\{\s*"([^"]+)"\s*,\s*\w+\s*,\s*NULL\s*,\s*\'(.)\'\s*\}', m.group(1)):
        long_name, short = lm.group(1), lm.group(2)
        if short in shorts:
            result.append("-" + short)
            seen_short.add(short)
        result.append("--" + long_name)
    result.extend("-" + s for s in shorts if s not in seen_short)
    return result


def derive(tree: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Build the inventory document and the per-command option details."""
    tools = tree / "tools"
    header_macros: dict[str, Macro] = {}
    headers = [tools / "vsh.h", tools / "virsh.h", *sorted(tools.glob("virsh-*.h"))]
    for h in headers:
        collect_macros(strip_comments(h.read_text(encoding="utf-8")), header_macros)
    c_files = [tools / "vsh.c", tools / "virsh.c", *sorted(tools.glob("virsh-*.c"))]
    all_opts: dict[str, list[OptDef]] = {}
    all_cmds: list[CmdDef] = []
    used_paths: list[str] = []
    for c in c_files:
        opts, cmds = parse_file(c, header_macros)
        if opts or cmds:
            used_paths.append(str(c.relative_to(tree)))
        all_opts.update(opts)
        all_cmds.extend(cmds)
    groups = parse_groups(tools / "virsh.c", header_macros)
    table_group = {table: title for title, _kw, table in groups}
    commands: dict[str, dict[str, Any]] = {}
    details: dict[str, list[dict[str, Any]]] = {}
    for cmd in all_cmds:
        if cmd.table not in table_group or cmd.alias is not None:
            continue
        optdefs = all_opts.get(cmd.opts, []) if cmd.opts else []
        if cmd.opts and cmd.opts not in all_opts:
            raise SystemExit(f"{cmd.name}: option array {cmd.opts} not found")
        commands[cmd.name] = {
            "aliases": [],
            "group": table_group[cmd.table],
            "options": ["--" + o.name for o in optdefs],
        }
        details[cmd.name] = [o.as_dict() for o in optdefs]
    for cmd in all_cmds:
        if cmd.table in table_group and cmd.alias is not None:
            if cmd.alias not in commands:
                raise SystemExit(f"alias {cmd.name} points to unknown command {cmd.alias}")
            commands[cmd.alias]["aliases"].append(cmd.name)
    doc = {
        "tool": "virsh",
        "source": {
            "repo": "libvirt/libvirt",
            "ref": REF,
            "paths": [*[str(h.relative_to(tree)) for h in headers[:2]], *used_paths],
        },
        "releases": {
            RELEASE: {
                "commands": dict(sorted(commands.items())),
                "global_options": parse_global_options(tools / "virsh.c"),
            }
        },
    }
    return doc, details


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tree", nargs="?", type=Path, default=DEFAULT_TREE, help="libvirt source tree")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT, help="inventory JSON to write")
    ap.add_argument("--details", nargs="*", metavar="COMMAND", help="print option details instead")
    args = ap.parse_args(argv)
    doc, details = derive(args.tree)
    if args.details is not None:
        wanted = args.details or sorted(details)
        json.dump({c: details[c] for c in wanted}, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    args.output.write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    cmds = doc["releases"][RELEASE]["commands"]
    n_opts = sum(len(c["options"]) for c in cmds.values())
    print(f"{args.output}: {len(cmds)} commands, {n_opts} options", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
