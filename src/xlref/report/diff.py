"""Unified diff of the fixed files, byte-exact (CRLF, non-UTF-8), usable with `git apply` / `patch -p1`."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

_NO_EOL = b"\\ No newline at end of file\n"


def _lines(data: bytes) -> list[bytes]:
    """Lines as git and patch see them: ended by b"\n" only.  (bytes.splitlines also splits at a lone
    b"\r", so a script holding one gave a diff that does not apply.)"""
    parts = data.split(b"\n")
    last = parts.pop()
    out = [p + b"\n" for p in parts]
    if last:
        out.append(last)
    return out


def _file_diff(path: str, old: bytes, new: bytes) -> bytes:
    a = _lines(old)
    b = _lines(new)
    name = path.lstrip("/").encode("utf-8", "surrogateescape")
    out = bytearray()
    for line in difflib.diff_bytes(difflib.unified_diff, a, b, b"a/" + name, b"b/" + name, n=3, lineterm=b"\n"):
        out += line
        if not line.endswith(b"\n"):
            out += b"\n" + _NO_EOL
    return bytes(out)


def unified_bytes(sources: Mapping[str, bytes], fixed: Mapping[str, bytes]) -> bytes:
    chunks = [_file_diff(p, sources[p], new) for p, new in sorted(fixed.items()) if p in sources and new != sources[p]]
    return b"".join(chunks)


def unified(sources: Mapping[str, bytes], fixed: Mapping[str, bytes]) -> str:
    """The diff as text; undecodable bytes are kept as surrogates (encode with surrogateescape to write)."""
    return unified_bytes(sources, fixed).decode("utf-8", "surrogateescape")
