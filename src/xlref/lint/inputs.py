"""What `xlref lint` reads: regular files (never a FIFO, socket or device, never blocking) or standard input.

Each problem is one line naming the input; the run reports it and goes on with the other inputs.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from xlref.atomic import NotRegular, Snapshot, read_regular
from xlref.lint.discover import SNIFF, is_binary


class InputProblem(Exception):
    """An input that cannot be linted; str() is the one-line reason (without the name)."""


class Skipped(Exception):
    """An input that is not analysed (listed with -v); str() says why."""


@dataclass
class Input:
    name: str  # as reports show it; "-" is standard input
    data: bytes
    seen: Snapshot | None = None  # what was read, for the write's checks (None: standard input)


def read_stdin(stdin: BinaryIO | None) -> Input:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:  # the process was started with its standard input closed (`<&-`)
        raise InputProblem("standard input is closed")
    try:
        data = stream.read()
    except (OSError, ValueError) as exc:  # a directory, a closed descriptor
        raise InputProblem(f"cannot read standard input: {getattr(exc, 'strerror', None) or exc}") from None
    if is_binary(data[:SNIFF]):
        raise InputProblem("binary data, not a shell script")
    return Input("-", data)


def read_file(path: Path) -> Input:
    try:
        data, seen = read_regular(path)
    except NotRegular as exc:
        raise Skipped(f"not a regular file ({exc.kind})") from None
    except OSError as exc:
        raise InputProblem(f"cannot read: {exc.strerror or exc}") from None
    if is_binary(data[:SNIFF]):
        raise InputProblem("binary file, not a shell script")
    return Input(str(path), data, seen)
