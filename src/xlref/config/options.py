"""What `config convert` is asked to do, and how it reads its input; shared by the one-file run and the batch."""

from __future__ import annotations

import errno
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO


@dataclass
class ConvertOptions:
    to: str
    source: str = "auto"
    output: str | None = None
    sets: list[str] = field(default_factory=list)
    base_dir: str | None = None
    verbose: bool = False
    define: bool = False
    connect: str | None = None
    force: bool = False


def read_input(path: str, stdin: BinaryIO | None) -> bytes:
    """The bytes of a file, or of standard input for `-`."""
    if path == "-":
        stream = stdin or getattr(sys.stdin, "buffer", None)
        if stream is None:  # started with standard input closed (`<&-`): an input error, not a traceback
            raise OSError(errno.EBADF, "standard input is closed")
        data: bytes = stream.read()
        return data
    return Path(path).read_bytes()
