"""The shell itself decides whether a script parses: `bash -n`, or `dash -n` (`sh -n`) for `#!/bin/sh` scripts.

tree-sitter-bash finds the calls, but it accepts scripts bash rejects (and the other way round), so validity
is never taken from it.

Starting a shell per file costs more than linting the file, so one long-lived shell per family serves every
verdict: it reads a file name per line and, in a subshell, sources that file, whose first line the judge wrote
as `set -n`.  From there on the subshell reads and parses the script but runs nothing: the same parse as
`SHELL -n FILE` (both read the whole file and parse it statement by statement; the extra line is subtracted
from the line numbers the shell reports), without an exec per file.  A syntax error ends only the subshell.
The text goes into a private temporary file, read in blocks (a pipe would be read one byte at a time).
`start()` returns at once, so the caller can lint while the shell parses (`Pending.result()` waits).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: `#!/bin/sh`, `#! /usr/bin/env -S sh -e`, `#!/bin/busybox sh`: the interpreter's name (or env's program)
_SHEBANG = re.compile(rb"#![ \t]*(\S+)(?:[ \t]+(\S+(?:[ \t]+\S+)*))?")
_SH_FAMILY = frozenset({"sh", "dash", "ash"})
#: `FILE: line 3: syntax error ...` (bash) or `dash: 3: FILE: Syntax error: ...` (dash sourcing a file)
_MESSAGE = re.compile(r"^(?:FILE: (?:line )?(\d+)|\S+: (\d+): FILE): (.*)$")
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


#: verdicts by content: `--diff` and `--fix` in one process, or a text judged before and after a pass that
#: changed nothing, ask once.  Bounded; a verdict depends only on the bytes (and the installed shells).
_VERDICTS: dict[bytes, Verdict] = {}
_VERDICTS_MAX = 4096
#: what the server shell runs, per file name read: source it in a command substitution's subshell (one fork),
#: keeping only its messages, then answer `STATUS LENGTH\n` and LENGTH bytes of messages (LC_ALL=C: bytes)
_LOOP = ('while IFS= read -r f; do e=$( . "$f" 2>&1 >/dev/null </dev/null ); c=$?; '
         'printf "%d %d\\n%s" "$c" "${#e}" "$e"; done')
_PRELUDE = b"set -n\n"
#: requests in flight per shell: bounded so that neither pipe can fill while the other side waits
_OUTSTANDING = 32


def clear_cache() -> None:
    _VERDICTS.clear()


def _key(source: bytes) -> bytes:
    return hashlib.blake2b(source, digest_size=20).digest()


def _scratch() -> str | None:
    """Memory-backed scratch space where there is some (each verdict writes and removes one file)."""
    shm = "/dev/shm"
    return shm if Path(shm).is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


class _Server:
    """One shell of a family, answering verdicts in the order they were asked."""

    def __init__(self, shell: str, path: str) -> None:
        self.shell = shell
        self.dir = tempfile.mkdtemp(prefix="xlref-judge-", dir=_scratch())
        self.proc = subprocess.Popen([path, "-c", _LOOP], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=_ENV, close_fds=True, cwd=self.dir,
                                     bufsize=0)
        self.asked: deque[Pending] = deque()
        self.serial = 0
        self.buf = b""

    def ask(self, pending: Pending, source: bytes) -> str:
        """Write the text and the request; return the request's file name."""
        while len(self.asked) >= _OUTSTANDING:  # never let both pipes fill up: take the oldest answers first
            head = self.asked[0]
            self.answer_next(head.timeout)
        self.serial += 1
        name = str(Path(self.dir) / str(self.serial))
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_PRELUDE)
            fh.write(source)
        assert self.proc.stdin is not None
        self.proc.stdin.write(name.encode() + b"\n")
        self.proc.stdin.flush()
        self.asked.append(pending)
        return name

    def answer_next(self, timeout: float) -> None:
        """Read the oldest outstanding answer and hand it to its Pending."""
        pending = self.asked[0]
        answer = self._read_answer(time.monotonic() + timeout)
        if answer is None:
            # No answer in time, or the shell died: the text at the head is a rejection (a hang), the others
            # it held are asked again of a fresh shell.
            timed_out = self.alive()
            self.stop()
            if timed_out:
                self.asked.popleft()
                pending.settle(None, "")
            return
        self.asked.popleft()
        pending.settle(*answer)

    def _read_answer(self, deadline: float) -> tuple[int, str] | None:
        header = self._read_until(lambda: self.buf.find(b"\n") + 1 or None, deadline)
        if header is None:
            return None
        status, _, length = header.decode("ascii", "replace").strip().partition(" ")
        if not (status.isdigit() and length.isdigit()):
            return None
        size = int(length)
        body = self._read_until(lambda: size if len(self.buf) >= size else None, deadline)
        if body is None:
            return None
        return int(status), body.decode("utf-8", "replace")

    def _read_until(self, ready: Callable[[], int | None], deadline: float) -> bytes | None:
        """Bytes up to the point `ready()` names (None: not yet), reading the shell's output as it comes."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while True:
            end = ready()
            if end is not None:
                chunk, self.buf = self.buf[:end], self.buf[end:]
                return chunk
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            data = os.read(fd, 65536)
            if not data:
                return None
            self.buf += data

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        # Closing its input ends the shell's loop; kill only one that does not go (it may also belong to
        # another user by now, after a setuid: then leave it to the end of its input).
        with contextlib.suppress(OSError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                self.proc.kill()
                self.proc.wait(timeout=1)
        shutil.rmtree(self.dir, ignore_errors=True)


_SERVERS: dict[str, _Server] = {}


def _server(family: str) -> _Server:
    server = _SERVERS.get(family)
    if server is None or not server.alive():
        shell, path = _program(family)
        try:
            server = _SERVERS[family] = _Server(shell, path)
        except OSError as exc:
            raise JudgeUnavailable(f"cannot run {shell}: {exc.strerror or exc}") from exc
    return server


@atexit.register
def shutdown() -> None:
    """Stop the judging shells (they start again on the next verdict asked)."""
    for server in _SERVERS.values():
        server.stop()
    _SERVERS.clear()


class Pending:
    """One text waiting for its verdict; `result()` waits for it (once)."""

    def __init__(self, source: bytes) -> None:
        self._key = _key(source)
        self._verdict: Verdict | None = _VERDICTS.get(self._key)
        if self._verdict is not None:
            self.shell = self._verdict.shell
            return
        self._source = source
        self.timeout = _TIMEOUT_BASE + _TIMEOUT_PER_MB * len(source) / 1e6
        self._retried = False
        self._ask()

    def _ask(self) -> None:
        self._server = _server(interpreter(self._source))
        self.shell = self._server.shell
        try:
            self._file = self._server.ask(self, self._source)
        except OSError as exc:  # no temporary space, a file size limit, the shell gone
            self._server.stop()
            raise JudgeUnavailable(f"cannot hand the text to {self.shell}: {exc.strerror or exc}") from exc

    def settle(self, code: int | None, messages: str) -> None:
        """The server's answer (None: no answer in time)."""
        Path(self._file).unlink(missing_ok=True)
        self._verdict = _verdict(self.shell, code, messages, self.timeout, self._file)
        self._source = b""
        if code is not None:  # never remember a timeout
            if len(_VERDICTS) >= _VERDICTS_MAX:
                _VERDICTS.clear()
            _VERDICTS[self._key] = self._verdict

    def cancel(self) -> None:
        """The verdict is no longer needed (it is still read, in order, and simply not used)."""

    def result(self) -> Verdict:
        while self._verdict is None:
            server = self._server
            if self in server.asked and server.alive():
                server.answer_next(self.timeout)
            elif not self._retried:  # the shell died (another text timed out): ask a fresh one, once
                self._retried = True
                self._ask()
            else:
                self._verdict = Verdict(False, self.shell, 0, f"{self.shell} -n stopped before answering")
        return self._verdict


def _verdict(shell: str, code: int | None, stderr: str, timeout: float, name: str) -> Verdict:
    if code == 0:
        return Verdict(True, shell)
    if code is None:
        return Verdict(False, shell, 0, f"{shell} -n did not finish within {timeout:.0f} s")
    if code > 128:
        return Verdict(False, shell, 0, f"{shell} -n was killed by signal {code - 128}")
    for line in stderr.splitlines():
        line = line.replace(name, "FILE", 1)
        m = _MESSAGE.match(line)
        if m and not m.group(3).startswith(("warning:", "`")):  # bash echoes the offending line after "`"
            number = int(m.group(1) or m.group(2)) - 1  # the `set -n` line the judge added
            return Verdict(False, shell, max(number, 1), m.group(3).strip())
    first = next((ln.strip() for ln in stderr.splitlines() if ln.strip()), f"exit status {code}")
    return Verdict(False, shell, 0, first.replace(name + ": ", "").replace(name, "FILE"))


def start(source: bytes) -> Pending:
    return Pending(source)


def check(source: bytes) -> Verdict:
    return start(source).result()
