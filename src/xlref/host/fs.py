"""Read a host's files under ROOT without changing anything and without ever leaving ROOT.

Paths are host paths ("/etc/xen/web.cfg"); ROOT is where that host's "/" is (a live root, a mounted image, an
extracted tarball).  Symlinks are resolved by hand, component by component, the way a chroot would: an absolute
target restarts at ROOT and `..` stops at ROOT, so nothing outside ROOT is ever reached.  On top of that a symlinked
file is only read when its target lies in one of the places the scan looks at (`areas`): a link in the tree that
points at /etc/shadow is reported, not read.  Only regular files are opened (lstat first, then O_NOFOLLOW and
an fstat check), so FIFOs and device nodes are never opened; unreadable files become problems, not errors.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Larger files are not configs or scripts worth reading (and would cost memory).
MAX_BYTES = 4 * 1024 * 1024
MAX_LINKS = 40
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", ".cache", ".local", ".venv", "venv",
                       ".mypy_cache", ".tox", "proc", "sys", "dev"})


class Refused(Exception):
    """A file the scan will not (or cannot) read; the message says why."""


@dataclass
class Problem:
    path: str  # host path
    message: str


@dataclass
class HostFS:
    root: str
    areas: tuple[str, ...] = ("/",)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # special files (FIFOs, devices, sockets) met while walking

    def __post_init__(self) -> None:
        self.root = os.path.realpath(self.root)

    def real(self, host_path: str) -> str:
        return posixpath.join(self.root, host_path.lstrip("/")) if host_path != "/" else self.root

    def resolve(self, host_path: str) -> str:
        """The host path a path names once every symlink is followed inside ROOT.  Raises Refused on a loop."""
        parts = [p for p in host_path.split("/") if p and p != "."]
        done: list[str] = []
        hops = 0
        while parts:
            part = parts.pop(0)
            if part == "..":
                if done:
                    done.pop()
                continue
            candidate = "/" + "/".join([*done, part])
            try:
                st = os.lstat(self.real(candidate))
            except OSError:
                done.append(part)  # missing: the caller's open reports it
                continue
            if not stat.S_ISLNK(st.st_mode):
                done.append(part)
                continue
            hops += 1
            if hops > MAX_LINKS:
                raise Refused("too many levels of symbolic links")
            target = os.fsdecode(Path(self.real(candidate)).readlink())
            if target.startswith("/"):
                done = []
            parts = [p for p in target.split("/") if p and p != "."] + parts
        return "/" + "/".join(done)

    def _leaf(self, host_path: str) -> str:
        """The path with every directory above it resolved inside ROOT (the last component left as it is), so
        that the OS never follows a symlink of the tree on our behalf."""
        parent = self.resolve(posixpath.dirname(host_path.rstrip("/")) or "/")
        return posixpath.join(parent, posixpath.basename(host_path.rstrip("/")))

    def in_areas(self, host_path: str) -> bool:
        return any(host_path == a or host_path.startswith(a.rstrip("/") + "/") for a in self.areas)

    def read(self, host_path: str, limit: int = MAX_BYTES, head: bool = False) -> bytes:
        """The bytes of a regular file (following symlinks inside ROOT and the scan's areas only); with head,
        only the first `limit` bytes of a file of any size."""
        target = self._leaf(host_path)
        try:
            st = os.lstat(self.real(target))
        except OSError as exc:
            raise Refused(exc.strerror or str(exc)) from exc
        if stat.S_ISLNK(st.st_mode):
            target = self.resolve(host_path)
            if not self.in_areas(target):
                raise Refused(f"symlink to {target}, outside the places scanned: not read")
            try:
                st = os.lstat(self.real(target))
            except OSError as exc:
                raise Refused(f"symlink to {target}: {exc.strerror}") from exc
        if not stat.S_ISREG(st.st_mode):
            raise Refused("not a regular file: not opened")
        if st.st_size > limit and not head:
            raise Refused(f"{st.st_size} bytes: larger than the {limit} bytes the scan reads")
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
        try:
            fd = os.open(self.real(target), flags)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise Refused("changed into a symlink while being read") from exc
            raise Refused(exc.strerror or str(exc)) from exc
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise Refused("not a regular file: not read")
            chunks = []
            left = limit + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            os.close(fd)
        data = b"".join(chunks)
        if head:
            return data[:limit]
        if len(data) > limit:
            raise Refused(f"larger than the {limit} bytes the scan reads")
        return data

    def try_read(self, host_path: str) -> bytes | None:
        """read(), with a refusal recorded as a problem (None then)."""
        try:
            return self.read(host_path)
        except Refused as exc:
            self.problems.append(Problem(host_path, str(exc)))
            return None

    def exists(self, host_path: str) -> bool:
        try:
            return os.path.lexists(self.real(self._leaf(host_path)))
        except Refused:
            return False

    def is_dir(self, host_path: str) -> bool:
        """A directory (a symlink to a directory inside ROOT counts)."""
        try:
            return stat.S_ISDIR(os.lstat(self.real(self.resolve(host_path))).st_mode)
        except (OSError, Refused):
            return False

    def listdir(self, host_path: str) -> list[str]:
        try:
            with os.scandir(self.real(self.resolve(host_path))) as entries:
                return sorted(e.name for e in entries)
        except Refused:
            return []
        except OSError as exc:
            if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
                self.problems.append(Problem(host_path, f"cannot list: {exc.strerror}"))
            return []

    def files(self, host_dir: str, recursive: bool = True, skip: frozenset[str] = SKIP_DIRS) -> Iterator[str]:
        """Host paths of regular files and symlinks under a directory, sorted, never entering symlinked dirs."""
        if not self.is_dir(host_dir):
            return
        try:
            start = self.resolve(host_dir)
        except Refused:
            return
        stack = [start]
        while stack:
            current = stack.pop()
            try:
                entries = sorted(os.scandir(self.real(current)), key=lambda e: e.name)
            except OSError as exc:
                self.problems.append(Problem(current, f"cannot list: {exc.strerror}"))
                continue
            subdirs = []
            for entry in entries:
                path = f"{current.rstrip('/')}/{entry.name}"
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if recursive and entry.name not in skip:
                            subdirs.append(path)
                    elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
                        yield path
                    else:
                        self.skipped += 1
                except OSError as exc:
                    self.problems.append(Problem(path, f"cannot stat: {exc.strerror}"))
            stack.extend(reversed(subdirs))
