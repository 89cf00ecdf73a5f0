"""Which files to lint: explicit paths always; in directories, shell files by extension or shebang."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SHELL_EXTENSIONS = (".sh", ".bash", ".ksh", ".dash", ".sh.in", ".bash.in", ".init", ".rc")
_SHEBANG = re.compile(rb"^#![ \t]*(?:/\S*/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?(sh|bash|dash|ksh|mksh|ash|busybox[ \t]+sh)\b")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", ".tox", ".venv", "venv", ".mypy_cache"})
SNIFF = 8192


@dataclass(frozen=True)
class Candidate:
    path: Path
    explicit: bool  # named on the command line: always linted (unless binary)


def is_binary(head: bytes) -> bool:
    return b"\0" in head[:SNIFF]


def shell_shebang(head: bytes) -> bool:
    return _SHEBANG.match(head) is not None


def looks_like_shell(path: Path, head: bytes) -> bool:
    name = path.name
    if is_binary(head):
        return False
    if name.endswith(SHELL_EXTENSIONS):
        return True
    if head.startswith(b"#!"):
        return shell_shebang(head)
    if name.endswith(".in") and shell_shebang(head):
        return True
    parent = path.parent.name
    return parent in ("init.d", "rc.d", "cron.daily", "cron.hourly", "cron.weekly", "cron.monthly") and (
        b"\n" in head and not head.lstrip().startswith((b"<", b"{", b"["))
    )


def walk(root: Path, exclude: list[str]) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not _excluded(Path(dirpath, d), exclude))
        for name in sorted(filenames):
            p = Path(dirpath, name)
            if not _excluded(p, exclude) and not p.is_symlink():
                yield p


def _excluded(path: Path, patterns: list[str]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, pat) or fnmatch.fnmatch(path.name, pat) for pat in patterns)


def read_head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(SNIFF)


def discover(paths: list[Path], exclude: list[str]) -> tuple[list[Path], list[Path]]:
    """(files to lint, files skipped as not shell). Missing paths raise FileNotFoundError."""
    files: list[Path] = []
    skipped: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in walk(p, exclude):
                try:
                    head = read_head(f)
                except OSError:
                    skipped.append(f)
                    continue
                (files if looks_like_shell(f, head) else skipped).append(f)
        elif p.exists():
            files.append(p)
        else:
            raise FileNotFoundError(str(p))
    return files, skipped
