"""Files a script sources (`. FILE`, `source FILE`) by a path the linter can work out, and the variable
assignments and functions they define (like ShellCheck's -x): relative paths are looked up next to the
script, then in each --source-path directory; an absolute path only in the --source-path directories (under
its full path, then by its name), so the result never depends on the machine running the linter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from xlref.lint.shell import Node, Tree, enclosing, literal, parse

#: `. FILE` / `source FILE`: the command word, then blanks and the start of the path
_SOURCE = re.compile(rb"(?:\.|source)[ \t]+[^ \t\n;&|#]")
_BEFORE_COMMAND = frozenset(b"\n;&|({ \t")


def _sources(source: bytes) -> list[int]:
    """Offsets of the command words of `. FILE` / `source FILE` candidates (checked against the tree later)."""
    if b". " not in source and b".\t" not in source and b"source" not in source:
        return []
    return [m.start() for m in _SOURCE.finditer(source)
            if m.start() == 0 or source[m.start() - 1] in _BEFORE_COMMAND]
#: forms that expand to the script's own directory
_SCRIPT_DIR = re.compile(r"""^(?:\$\(\s*dirname\s+["']?(?:\$0|\$\{0\}|"\$0"|\$\{BASH_SOURCE(?:\[0\])?\})["']?\s*\)|"""
                         r"""`dirname\s+["']?\$0["']?`|\$\{0%/\*\}|\$\{BASH_SOURCE(?:\[0\])?%/\*\})$""")
MAX_DEPTH = 4
MAX_BYTES = 2_000_000


@dataclass
class Unit:
    """One file of the analysis: the script itself (path None in offsets' sense: `own`) or a sourced file."""

    path: str
    source: bytes
    tree: Tree
    own: bool


@dataclass
class Sourced:
    units: list[Unit] = field(default_factory=list)  # sourced files, in the order they are read
    unresolved: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, why) in the script


@cache
def _load(path: str, size: int, mtime: float) -> tuple[bytes, Tree]:
    raw = Path(path).read_bytes()
    return raw, parse(raw)


def _read(path: Path) -> Unit | None:
    try:
        st = path.stat()
        if not path.is_file() or st.st_size > MAX_BYTES:
            return None
        raw, tree = _load(str(path), st.st_size, st.st_mtime)
    except OSError:
        return None
    return Unit(str(path), raw, tree, False)


def _path_text(word: Node, source: bytes, script_dir_vars: dict[str, str]) -> str | None:
    """The sourced path as text with the script's directory written as `{SCRIPTDIR}`, or None."""
    lit = literal(word)
    if lit is not None:
        return lit
    parts = word.named_children if word.type in ("concatenation", "string") else [word]
    out = []
    for i, part in enumerate(parts):
        text = (part.text or b"").decode("utf-8", "replace")
        if part.type in ("string_content", "word"):
            out.append(literal(part) if part.type == "word" else text)
            continue
        if i == 0 and _SCRIPT_DIR.match(text):
            out.append("{SCRIPTDIR}")
            continue
        if i == 0 and part.type in ("simple_expansion", "expansion"):
            name = text.strip("${}")
            if name in script_dir_vars:
                out.append("{SCRIPTDIR}")
                continue
        return None
    joined = "".join(p for p in out if p is not None)
    return joined if None not in out else None


def _candidates(text: str, script: Path, source_path: list[str]) -> list[Path]:
    if text.startswith("{SCRIPTDIR}"):
        rel = text.removeprefix("{SCRIPTDIR}").lstrip("/")
        return [script.parent / rel, *(Path(d) / rel for d in source_path)]
    if text.startswith("/"):
        rel = text.lstrip("/")
        return [c for d in source_path for c in (Path(d) / rel, Path(d) / Path(rel).name)]
    return [script.parent / text, *(Path(d) / text for d in source_path)]


def script_dir_vars(source: bytes, tree: Tree) -> dict[str, str]:
    """Variables assigned the script's directory (`DIR=$(dirname "$0")`), found by a cheap scan."""
    out: dict[str, str] = {}
    if b"dirname" not in source and b"${0%" not in source and b"BASH_SOURCE" not in source:
        return out
    for m in re.finditer(rb"([A-Za-z_][A-Za-z0-9_]*)=", source):
        node = enclosing(tree.root_node, m.start(), m.end(), ("variable_assignment",))
        value = node.child_by_field_name("value") if node is not None else None
        if value is None:
            continue
        text = (value.text or b"").decode("utf-8", "replace").strip('"')
        if _SCRIPT_DIR.match(text) or re.match(r'^\$\(\s*cd\s+["\']?\$\(\s*dirname\s+["\']?\$\{?0', text):
            out[m.group(1).decode()] = "{SCRIPTDIR}"
    return out


def follow(path: str, source: bytes, tree: Tree, source_path: list[str], depth: int = 0,
           seen: set[str] | None = None) -> Sourced:
    """Every file `source` sources (recursively, each once), and the ones that could not be found."""
    out = Sourced()
    starts = _sources(source) if depth < MAX_DEPTH else []
    if not starts:
        return out
    seen = seen if seen is not None else {str(Path(path).resolve()) if path != "-" else "-"}
    script = Path(path if path != "-" else "stdin")
    dirs = script_dir_vars(source, tree)
    for start in starts:
        node = enclosing(tree.root_node, start, start + 1, ("command",))
        if node is None:
            continue
        name = node.child_by_field_name("name")
        args = node.children_by_field_name("argument")
        if name is None or (name.text or b"") not in (b".", b"source") or not args:
            continue
        text = _path_text(args[0], source, dirs)
        if text is None:
            out.unresolved.append((node.start_byte, node.end_byte, "its path is computed at run time"))
            continue
        unit = None
        for cand in _candidates(text, script, source_path):
            key = str(cand.resolve())
            if key in seen:
                unit = None
                break
            unit = _read(cand)
            if unit is not None:
                seen.add(key)
                break
        else:
            where = "in --source-path" if text.startswith("/") else "next to the script or in --source-path"
            out.unresolved.append((node.start_byte, node.end_byte,
                                   f"{text.replace('{SCRIPTDIR}', '.')} was not found {where}"))
            continue
        if unit is None:
            continue
        out.units.append(unit)
        inner = follow(unit.path, unit.source, unit.tree, source_path, depth + 1, seen)
        out.units.extend(inner.units)
    return out
