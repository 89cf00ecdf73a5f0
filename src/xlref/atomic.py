"""Safe reads and writes for every command that writes a file (lint --fix, config check --fix, config
convert -o, export -o).

Rules (the README's "Writes" section says the same):
- A new version is written to a temporary file in the same directory and renamed over the old one, so a
  reader sees the old bytes or the new ones, never half a file.
- The new file gets the old one's owner, group, mode (setuid/setgid included) and extended attributes (ACLs).
  Owner and group are set before the mode, and all of it is checked before the rename: if any of it cannot
  be reproduced the file is not written, so a setuid bit never lands on a file of another owner.
- Only regular files are replaced.  Fixers never open FIFOs, sockets or devices (`read_regular`); an output
  (`-o`) that is a FIFO or a character device is written into, not replaced.
- A file with several hard links is refused: renaming would split the links and writing in place is not
  atomic.
- Fixers pass what they read: a file that vanished, was replaced or changed since is not written (a small
  window between the last check and the rename remains; the tool cannot lock against other writers).
- A symlink is written through: its target is replaced, the link stays.

Every refusal is a `WriteRefused`, an OSError whose `strerror` says why in one sentence.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class WriteRefused(OSError):
    """A write xlref will not do; `strerror` is the reason."""

    def __init__(self, reason: str, path: str = "") -> None:
        super().__init__(errno.EPERM, reason, path or None)


class NotRegular(OSError):
    """The path names a FIFO, socket, device or directory; `kind` says which."""

    def __init__(self, kind: str, path: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file ({kind})", path)
        self.kind = kind


@dataclass(frozen=True)
class Snapshot:
    """Which file a read saw: the real path and its identity."""

    path: str
    dev: int
    ino: int


def kind(mode: int) -> str:
    for test, name in ((stat.S_ISREG, "regular file"), (stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "fifo"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISLNK, "symlink")):
        if test(mode):
            return name
    return "special file"


def _read_fd(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def read_regular(path: str | os.PathLike[str]) -> tuple[bytes, Snapshot]:
    """Read a regular file without ever blocking on a FIFO or touching a device (NotRegular otherwise)."""
    real = os.path.realpath(path)
    st = Path(real).stat()
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular(kind(st.st_mode), os.fspath(path))
    fd = os.open(real, READ_FLAGS)  # O_NONBLOCK: a FIFO swapped in since the stat cannot hang the open
    try:
        fst = os.fstat(fd)
        if not stat.S_ISREG(fst.st_mode):
            raise NotRegular(kind(fst.st_mode), os.fspath(path))
        data = _read_fd(fd)
    finally:
        os.close(fd)
    return data, Snapshot(real, fst.st_dev, fst.st_ino)


def replace_file(path: str | os.PathLike[str], content: bytes, original: bytes, seen: Snapshot) -> None:
    """Replace the regular file `path`, read earlier as `original` (`seen`), by `content`."""
    name = os.fspath(path)
    real = os.path.realpath(name)
    try:
        st = os.lstat(real)
    except FileNotFoundError:
        raise WriteRefused("it vanished after it was read; not re-created", name) from None
    if not stat.S_ISREG(st.st_mode):
        raise WriteRefused(f"it is now a {kind(st.st_mode)}, not the regular file that was read", name)
    if (real, st.st_dev, st.st_ino) != (seen.path, seen.dev, seen.ino):
        raise WriteRefused("it was replaced by another file after it was read; not overwritten", name)
    _refuse_links(st, name)

    def unchanged() -> None:
        try:
            fd = os.open(real, READ_FLAGS)
        except FileNotFoundError:
            raise WriteRefused("it vanished after it was read; not re-created", name) from None
        try:
            now, fst = _read_fd(fd), os.fstat(fd)
        finally:
            os.close(fd)
        if (fst.st_dev, fst.st_ino) != (seen.dev, seen.ino):
            raise WriteRefused("it was replaced by another file after it was read; not overwritten", name)
        if now != original:
            raise WriteRefused("it changed after it was read (another program wrote to it); not overwritten",
                               name)

    _replace(real, content, st, name, unchanged)


def write_atomic(path: str | os.PathLike[str], content: bytes) -> None:
    """Write an output file (`-o`): create it, or replace a regular file keeping owner, group and mode;
    a FIFO or character device is written into; anything else is refused."""
    name = os.fspath(path)
    real = os.path.realpath(name)
    try:
        st = Path(real).stat()
    except FileNotFoundError:
        _create(real, content)
        return
    if stat.S_ISREG(st.st_mode):
        _refuse_links(st, name)
        _replace(real, content, st, name, None)
    elif stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        with Path(real).open("wb") as fh:  # /dev/stdout, a named pipe: a stream, not a file to replace
            fh.write(content)
    else:
        raise WriteRefused(f"it is a {kind(st.st_mode)}, not a regular file", name)


def _refuse_links(st: os.stat_result, name: str) -> None:
    if st.st_nlink > 1:
        raise WriteRefused(f"it has {st.st_nlink} hard links: replacing it would split them and writing in "
                           "place would not be atomic; not written", name)


def _temp(real: str) -> tuple[int, str]:
    directory, base = os.path.split(real)
    return tempfile.mkstemp(dir=directory or ".", prefix=f".{base}.", suffix=".xlref-tmp")


def current_umask() -> int:
    """The process umask (reading it means setting it, so it is put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _create(real: str, content: bytes) -> None:
    # mkstemp made the file 0600; this is the mode open() would give
    _install(real, content, lambda fd: os.fchmod(fd, 0o666 & ~current_umask()), None)


def _replace(real: str, content: bytes, st: os.stat_result, name: str,
             check: Callable[[], None] | None) -> None:
    _install(real, content, lambda fd: _copy_metadata(fd, real, st, name), check)


def _install(real: str, content: bytes, prepare: Callable[[int], None], check: Callable[[], None] | None) -> None:
    """Write `content` to a temporary sibling, `prepare` its metadata, then rename it over `real`."""
    fd, tmp = _temp(real)
    try:
        _write_all(fd, content)
        prepare(fd)
        os.close(fd)
        fd = -1
        if check is not None:
            check()  # last look at the old file, as late as possible before the rename
        Path(tmp).rename(real)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        _unlink(tmp)
        raise
    _sync_dir(real)


def _write_all(fd: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def _copy_metadata(fd: int, real: str, st: os.stat_result, name: str) -> None:
    """Owner and group first (chown clears setuid/setgid and file capabilities), then mode, then extended
    attributes; verified, so a half-copied identity is never renamed into place."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except OSError as exc:
            raise WriteRefused(f"cannot give the new file its owner and group ({st.st_uid}:{st.st_gid}): "
                               f"{exc.strerror}; not written", name) from None
    os.fchmod(fd, stat.S_IMODE(st.st_mode))
    _copy_xattrs(fd, real, name)
    got = os.fstat(fd)
    if (got.st_uid, got.st_gid, stat.S_IMODE(got.st_mode)) != (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)):
        raise WriteRefused(f"the new file would not keep owner, group and mode {stat.S_IMODE(st.st_mode):04o}; "
                           "not written", name)


def _copy_xattrs(fd: int, real: str, name: str) -> None:
    listx = getattr(os, "listxattr", None)
    if listx is None:
        return
    try:
        names = listx(real)
    except OSError:
        return  # the file system keeps none
    for attr in names:
        value = os.getxattr(real, attr)
        try:
            os.setxattr(fd, attr, value)
        except OSError as exc:
            try:
                same = os.getxattr(fd, attr) == value
            except OSError:
                same = False
            if not same:
                raise WriteRefused(f"cannot copy its extended attribute {attr}: {exc.strerror}; not written",
                                   name) from None


def _unlink(tmp: str) -> None:
    with contextlib.suppress(OSError):
        Path(tmp).unlink()


def _sync_dir(real: str) -> None:
    try:
        dfd = os.open(Path(real).parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
