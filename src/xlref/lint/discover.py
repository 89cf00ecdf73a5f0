"""Which files to lint: explicit paths always; in directories, shell files by extension or shebang.
FIFOs, sockets and devices are never opened, whether named or found in a directory."""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from xlref.atomic import READ_FLAGS, NotRegular, kind

SHELL_EXTENSIONS = (".sh", ".bash", ".ksh", ".dash", ".sh.in", ".bash.in", ".init", ".rc")
_SHEBANG = re.compile(rb"^#![ \t]*(?:/\S*/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?(sh|bash|dash|ksh|mksh|ash|busybox[ \t]+sh)\b")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", ".tox", ".venv", "venv", ".mypy_cache"})
SNIFF = 8192


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


def walk(root: Path, exclude: list[str], skipped: list[tuple[Path, str]]) -> Iterator[Path]:
    """Regular files under `root`, sorted, by directory entry type (no extra stat, nothing opened).
    Symlinks are not followed; FIFOs, sockets and devices go to `skipped` with their kind."""
    stack = [root]
    while stack:
        top = stack.pop()
        try:
            entries = sorted(os.scandir(top), key=lambda e: e.name)
        except OSError as exc:
            skipped.append((top, f"cannot list: {exc.strerror}"))
            continue
        subdirs = []
        for e in entries:
            p = Path(top, e.name)
            if _excluded(p, exclude):
                continue
            try:
                if e.is_symlink():
                    continue
                if e.is_dir(follow_symlinks=False):
                    if e.name not in SKIP_DIRS:
                        subdirs.append(p)
                    continue
                if e.is_file(follow_symlinks=False):
                    yield p
                    continue
                skipped.append((p, f"not a regular file ({kind(e.stat(follow_symlinks=False).st_mode)})"))
            except OSError as exc:
                skipped.append((p, f"cannot stat: {exc.strerror}"))
        stack.extend(reversed(subdirs))


def _excluded(path: Path, patterns: list[str]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, pat) or fnmatch.fnmatch(path.name, pat) for pat in patterns)


def read_head(path: Path) -> bytes:
    """The first bytes of a regular file; NotRegular (never a hang) for a FIFO or device."""
    fd = os.open(path, READ_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(kind(mode), str(path))
        return os.read(fd, SNIFF)
    finally:
        os.close(fd)


def discover(paths: list[Path], exclude: list[str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(files to lint, (path, why) of files not analysed).  Missing paths raise FileNotFoundError.
    Explicit paths are followed through symlinks, but only regular files are ever linted."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for p in paths:
        try:
            st = p.stat()
        except FileNotFoundError:
            raise FileNotFoundError(str(p)) from None
        except OSError:
            files.append(p)  # named but out of reach: reading it reports why
            continue
        if stat.S_ISDIR(st.st_mode):
            for f in walk(p, exclude, skipped):
                try:
                    head = read_head(f)
                except NotRegular as exc:
                    skipped.append((f, f"not a regular file ({exc.kind})"))
                    continue
                except OSError as exc:
                    skipped.append((f, f"cannot read: {exc.strerror}"))
                    continue
                if looks_like_shell(f, head):
                    files.append(f)
                else:
                    skipped.append((f, "not a shell script"))
        elif stat.S_ISREG(st.st_mode):
            files.append(p)
        else:
            skipped.append((p, f"not a regular file ({kind(st.st_mode)})"))
    return files, skipped
