"""Atomic file replacement that keeps the file's mode: nothing is ever half-written.

A new file gets 0666 minus the umask, as open() would create it.

A symlink is written through (its target is replaced), never replaced by a regular file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process umask (reading it means setting it, so it is put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], content: bytes) -> None:
    target = Path(path).resolve()
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".xlref-tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file 0600; a file that did not exist gets what open() would give it.
        Path(tmp).chmod(mode if mode is not None else 0o666 & ~current_umask())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
