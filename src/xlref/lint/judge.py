"""The shell itself decides whether a script parses: `bash -n`, or `dash -n` (`sh -n`) for `#!/bin/sh` scripts.

tree-sitter-bash finds the calls, but it accepts scripts bash rejects (and the other way round), so validity
is never taken from it.  One shell process per file; the text reaches it through an in-memory file given as
standard input and named `/dev/stdin` on the command line, because:
- a script read from a pipe is read one byte at a time (the shell must not eat input meant for the
  commands), which takes seconds for a few megabytes, while a regular file is read in blocks;
- given a file name, the shell reports `NAME: line N: ...`; reading its standard input it omits the line.
`start()` returns at once, so the caller can lint while the shell parses (`Pending.result()` waits).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO

#: `#!/bin/sh`, `#! /usr/bin/env -S sh -e`, `#!/bin/busybox sh`: the interpreter's name (or env's program)
_SHEBANG = re.compile(rb"#![ \t]*(\S+)(?:[ \t]+(\S+(?:[ \t]+\S+)*))?")
_SH_FAMILY = frozenset({"sh", "dash", "ash"})
#: `/dev/stdin: line 3: syntax error ...` (bash) or `/dev/stdin: 3: Syntax error: ...` (dash)
_MESSAGE = re.compile(r"^/dev/stdin: (?:line )?(\d+): (.*)$")
#: a fixed environment: English messages, bytes read as bytes, no BASH_ENV/ENV start-up file, no POSIXLY_CORRECT
_ENV = {"LC_ALL": "C", "PATH": os.defpath}
#: seconds allowed: generous, since bash parses ~20 MB/s; a shell that does not finish is a rejection
_TIMEOUT_BASE, _TIMEOUT_PER_MB = 30.0, 2.0


class JudgeUnavailable(Exception):
    """The shell that must judge a script is not installed."""


@dataclass(frozen=True)
class Verdict:
    ok: bool
    shell: str  # the program that judged: bash, dash or sh
    line: int = 0  # 1-based line of the first error (0 when ok or unknown)
    message: str = ""  # the shell's own words, without the file name and line

    def describe(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"`{self.shell} -n` rejects it: {where}{self.message}"


def interpreter(source: bytes) -> str:
    """The shell family a script asks for: 'sh' (POSIX sh: dash judges) or 'bash' (everything else)."""
    m = _SHEBANG.match(source)
    if m is None:
        return "bash"
    name = Path(os.fsdecode(m.group(1))).name
    rest = (m.group(2) or b"").split()
    if name in ("env", "busybox"):
        words = [w for w in rest if not w.startswith(b"-")]
        name = Path(os.fsdecode(words[0])).name if words else name
    return "sh" if name in _SH_FAMILY else "bash"


@cache
def _program(family: str) -> tuple[str, str]:
    """(display name, path) of the judging shell for a family; dash is POSIX sh where it is installed."""
    for name in (("dash", "sh") if family == "sh" else ("bash",)):
        path = shutil.which(name) or shutil.which(name, path=os.defpath)
        if path:
            return name, path
    raise JudgeUnavailable(f"{family} is not installed: it is needed to check that a script parses")


def available() -> str | None:
    """None when every judging shell is installed, else the reason."""
    try:
        _program("bash")
        _program("sh")
    except JudgeUnavailable as exc:
        return str(exc)
    return None


def _memfile(data: bytes) -> IO[bytes]:
    """A readable, seekable, unnamed file holding `data` (memory-backed where the system allows)."""
    try:
        fd = os.memfd_create("xlref-judge", os.MFD_CLOEXEC)
        fh: IO[bytes] = os.fdopen(fd, "w+b")
    except (AttributeError, OSError):
        fh = tempfile.TemporaryFile()  # noqa: SIM115 (returned open; Pending closes it)
    fh.write(data)
    fh.flush()
    fh.seek(0)
    return fh


#: verdicts by content: `--diff` and `--fix` in one process, or a text judged before and after a pass that
#: changed nothing, ask once.  Bounded; a verdict depends only on the bytes (and the installed shells).
_VERDICTS: dict[bytes, Verdict] = {}
_VERDICTS_MAX = 4096


def clear_cache() -> None:
    _VERDICTS.clear()


def _key(source: bytes) -> bytes:
    return hashlib.blake2b(source, digest_size=20).digest()


class Pending:
    """A shell parsing one text; `result()` waits for its verdict (once)."""

    def __init__(self, source: bytes) -> None:
        self._key = _key(source)
        self._verdict: Verdict | None = _VERDICTS.get(self._key)
        if self._verdict is not None:
            self.shell = self._verdict.shell
            return
        self.shell, path = _program(interpreter(source))
        self._timeout = _TIMEOUT_BASE + _TIMEOUT_PER_MB * len(source) / 1e6
        try:
            self._in = _memfile(source)
            self._err = _memfile(b"")
        except OSError as exc:  # no memory, no temporary space, a file size limit
            raise JudgeUnavailable(f"cannot hand the text to {self.shell}: {exc.strerror or exc}") from exc
        try:
            self._proc = subprocess.Popen([path, "-n", "/dev/stdin"], stdin=self._in, stdout=subprocess.DEVNULL,
                                          stderr=self._err, env=_ENV, close_fds=True)
        except OSError as exc:
            self._close()
            raise JudgeUnavailable(f"cannot run {self.shell}: {exc.strerror or exc}") from exc

    def _close(self) -> None:
        self._in.close()
        self._err.close()

    def cancel(self) -> None:
        """The verdict is no longer needed: stop the shell (and reap it)."""
        if self._verdict is None:
            self._proc.kill()
            self._proc.wait()
            self._close()
            self._verdict = Verdict(False, self.shell, 0, "not judged: cancelled")

    def result(self) -> Verdict:
        if self._verdict is None:
            # A blocking wait plus a timer: Popen.wait(timeout) polls with sleeps, adding latency to every file.
            fired = threading.Event()

            def expire() -> None:
                fired.set()
                self._proc.kill()

            timer = threading.Timer(self._timeout, expire)
            timer.start()
            try:
                code: int | None = self._proc.wait()
            finally:
                timer.cancel()
            if fired.is_set():
                code = None  # the shell did not finish in time
            self._err.seek(0)
            text = self._err.read().decode("utf-8", "replace")
            self._close()
            self._verdict = _verdict(self.shell, code, text, self._timeout)
            if code is not None and code >= 0:  # never remember a timeout or a kill
                if len(_VERDICTS) >= _VERDICTS_MAX:
                    _VERDICTS.clear()
                _VERDICTS[self._key] = self._verdict
        return self._verdict


def _verdict(shell: str, code: int | None, stderr: str, timeout: float) -> Verdict:
    if code == 0:
        return Verdict(True, shell)
    if code is None:
        return Verdict(False, shell, 0, f"{shell} -n did not finish within {timeout:.0f} s")
    if code < 0:
        return Verdict(False, shell, 0, f"{shell} -n was killed by signal {-code}")
    for line in stderr.splitlines():
        m = _MESSAGE.match(line)
        if m and not m.group(2).startswith(("warning:", "`")):  # bash echoes the offending line after "`"
            return Verdict(False, shell, int(m.group(1)), m.group(2).strip())
    first = next((ln.strip() for ln in stderr.splitlines() if ln.strip()), f"exit status {code}")
    return Verdict(False, shell, 0, first.removeprefix("/dev/stdin: "))


def start(source: bytes) -> Pending:
    return Pending(source)


def check(source: bytes) -> Verdict:
    return start(source).result()
