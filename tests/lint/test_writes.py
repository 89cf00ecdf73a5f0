"""Writes that never lose, corrupt or escalate: owner/group/setuid, hard links, FIFOs and devices, vanished,
replaced and concurrently changed files, a failing file in the middle of a run, closed standard input, and
the same rules for `config check --fix` and `config convert -o`.

Tests run as root (here and in CI): files are handed to nobody:nogroup with os.chown, and the cases that
need an unprivileged writer drop to nobody inside a child process.
"""

from __future__ import annotations

import io
import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.lint.kit import DATA
from tests.lint.test_cli import _data  # noqa: F401  (the same autouse fixture: the fixture dataset, fresh caches)
from xlref.atomic import WriteRefused, read_regular, replace_file, write_atomic
from xlref.lint.run import Options, run

NOBODY, NOGROUP = 65534, 65534
ROOT = Path(__file__).resolve().parents[2]
#: the child processes get the fixture dataset and the tests' cache directory
ENV = {**os.environ, "XLREF_DATA": str(DATA), "PYTHONPATH": str(ROOT / "src")}
HANG = 60  # seconds: a FIFO that is opened blocks forever, so a hang fails the test instead of the suite




def call(*paths: str, stdin: bytes = b"", **kw: object) -> tuple[int, bytes, str]:
    out, err = io.BytesIO(), io.StringIO()
    opts = Options(paths=list(paths), use_config=False)
    for k, v in kw.items():
        setattr(opts, k, v)
    code = run(opts, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def xlref(*args: str, stdin: int | None = None, shell: str | None = None,
          timeout: float = HANG) -> subprocess.CompletedProcess[bytes]:
    """The real command in a child process (a hang or a traceback shows up here, not in pytest)."""
    cmd = shell if shell is not None else None
    argv = ["bash", "-c", cmd] if cmd else [sys.executable, "-m", "xlref", *args]
    return subprocess.run(argv, env=ENV, stdin=stdin, capture_output=True, timeout=timeout, check=False)


def script(path: Path, text: str = "xm pause web1\n", owner: tuple[int, int] | None = None,
           mode: int = 0o644) -> Path:
    path.write_text(text)
    if owner is not None:
        os.chown(path, *owner)
    path.chmod(mode)
    return path


def identity(p: Path) -> tuple[int, int, int]:
    st = p.stat()
    return st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)


# -- owner, group, mode, setuid --------------------------------------------------------------------------

@pytest.mark.parametrize("mode", [0o4750, 0o2755, 0o6711, 0o640, 0o1777])
def test_fix_keeps_owner_group_and_special_bits(tmp_path: Path, mode: int) -> None:
    f = script(tmp_path / "guest.sh", owner=(NOBODY, NOGROUP), mode=mode)
    code, _, err = call(str(f), fix=True)
    assert code == 0, err
    assert f.read_text() == "xl pause web1\n"
    assert identity(f) == (NOBODY, NOGROUP, mode)  # never root:root with the setuid bit
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guest.sh"]


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    f = script(tmp_path / "a.sh")
    os.setxattr(f, "user.origin", b"legacy host")
    call(str(f), fix=True)
    assert f.read_text() == "xl pause web1\n"
    assert os.getxattr(f, "user.origin") == b"legacy host"


@pytest.fixture
def public() -> Iterator[Path]:
    """A directory nobody can reach (pytest's own are private to root)."""
    import shutil
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="xlref-writes-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d)


def _as_nobody(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run `code` in a child that loads xlref as root, then becomes nobody:nogroup (the interpreter may live
    where nobody cannot read it, so every import happens first)."""
    warm = script(tmp_path / "warm.sh")
    prelude = textwrap.dedent(f"""
        import io, os, sys
        from xlref.lint.run import Options, run
        run(Options(paths=[{str(warm)!r}], diff=True, use_config=False), stdout=io.BytesIO(), stderr=io.StringIO())
        os.setgroups([]); os.setgid({NOGROUP}); os.setuid({NOBODY})
    """)
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], env=ENV, capture_output=True,
                          text=True, timeout=HANG, check=False)


def test_unprivileged_writer_that_cannot_keep_the_owner_writes_nothing(public: Path) -> None:
    shared = public / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    f = script(shared / "root-owned.sh", mode=0o4777)  # root's, writable by all: nobody may edit, not re-own
    res = _as_nobody(f"sys.exit(run(Options(paths=[{str(f)!r}], fix=True, use_config=False)))", public)
    assert res.returncode == 2, res.stderr
    assert "cannot give the new file its owner and group" in res.stderr and "Traceback" not in res.stderr
    assert f.read_text() == "xm pause web1\n" and identity(f) == (0, 0, 0o4777)
    assert sorted(p.name for p in shared.iterdir()) == ["root-owned.sh"]  # no temp file left


def test_a_failing_file_is_reported_and_the_run_goes_on(public: Path) -> None:
    locked = public / "locked"  # root's directory: nobody can create the temp file there
    locked.mkdir()
    mine = public / "mine"
    mine.mkdir()
    os.chown(mine, NOBODY, NOGROUP)
    first = script(locked / "a.sh", owner=(NOBODY, NOGROUP))
    second = script(mine / "b.sh", owner=(NOBODY, NOGROUP))
    res = _as_nobody(f"sys.exit(run(Options(paths=[{str(first)!r}, {str(second)!r}], fix=True, "
                     "use_config=False, fmt='gcc')))", public)
    assert res.returncode == 2
    assert f"{first}: not written: Permission denied" in res.stderr
    assert first.read_text() == "xm pause web1\n"
    assert second.read_text() == "xl pause web1\n"  # the file after the failure was still fixed
    assert f"{first}:1:1: warning: xm pause" in res.stdout  # the unwritten file's findings are reported


# -- links, vanished, replaced and changed files ----------------------------------------------------------

def test_hard_links_are_refused_not_split(tmp_path: Path) -> None:
    f = script(tmp_path / "a.sh")
    twin = tmp_path / "twin.sh"
    twin.hardlink_to(f)
    other = script(tmp_path / "c.sh")
    code, _, err = call(str(f), str(other), fix=True)
    assert code == 2 and "has 2 hard links" in err and "not written" in err
    assert f.read_text() == twin.read_text() == "xm pause web1\n" and f.stat().st_ino == twin.stat().st_ino
    assert other.read_text() == "xl pause web1\n"


def test_symlink_is_written_through(tmp_path: Path) -> None:
    real = script(tmp_path / "real.sh", owner=(NOBODY, NOGROUP), mode=0o750)
    link = tmp_path / "link.sh"
    link.symlink_to(real)
    assert call(str(link), fix=True)[0] == 0
    assert link.is_symlink() and real.read_text() == "xl pause web1\n" and identity(real) == (NOBODY, NOGROUP, 0o750)


def _during_fix(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run `action` after the file was read and before it is written (another program at work)."""
    import xlref.lint.apply

    real = xlref.lint.apply.fix_source

    def fix_source(*args: object, **kw: object) -> object:
        result = real(*args, **kw)  # type: ignore[arg-type]
        action()
        return result

    monkeypatch.setattr(xlref.lint.apply, "fix_source", fix_source)


def test_vanished_file_is_not_resurrected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = script(tmp_path / "a.sh")
    _during_fix(monkeypatch, f.unlink)
    code, _, err = call(str(f), fix=True)
    assert code == 2 and "vanished after it was read; not re-created" in err
    assert list(tmp_path.iterdir()) == []


def test_concurrent_append_is_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = script(tmp_path / "a.sh")

    def append() -> None:
        with f.open("a") as fh:
            fh.write("echo added meanwhile\n")

    _during_fix(monkeypatch, append)
    code, _, err = call(str(f), fix=True)
    assert code == 2 and "changed after it was read" in err
    assert f.read_text() == "xm pause web1\necho added meanwhile\n"


def test_replaced_file_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = script(tmp_path / "a.sh")

    def swap() -> None:
        new = tmp_path / "new"
        new.write_text("xm pause web1\n")  # same bytes, another file
        new.replace(f)

    _during_fix(monkeypatch, swap)
    code, _, err = call(str(f), fix=True)
    assert code == 2 and "replaced by another file" in err
    assert f.read_text() == "xm pause web1\n"


def test_replace_file_refuses_what_changed_type(tmp_path: Path) -> None:
    f = script(tmp_path / "a.sh")
    data, seen = read_regular(f)
    f.unlink()
    os.mkfifo(f)
    with pytest.raises(WriteRefused, match="now a fifo"):
        replace_file(f, b"xl pause web1\n", data, seen)
    assert stat.S_ISFIFO(f.stat().st_mode)


# -- FIFOs, sockets, devices ------------------------------------------------------------------------------

def test_fifo_named_explicitly_is_skipped_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.sh"
    os.mkfifo(fifo)
    f = script(tmp_path / "a.sh")
    res = xlref("lint", "--fix", "-v", "--no-config", str(fifo), str(f), "/dev/null")
    assert res.returncode == 0, res.stderr
    assert f"not analysed (not a regular file (fifo)): {fifo}" in res.stderr.decode()
    assert "not analysed (not a regular file (character device)): /dev/null" in res.stderr.decode()
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a FIFO, never replaced by a regular file
    assert f.read_text() == "xl pause web1\n"


def test_fifo_and_socket_inside_a_directory_are_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "queue.sh")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "ctl.sh"))
    try:
        f = script(tmp_path / "a.sh")
        res = xlref("lint", "--fix", "-v", "--no-config", str(tmp_path))
    finally:
        sock.close()
    err = res.stderr.decode()
    assert res.returncode == 0, err
    assert "not a regular file (fifo)): " in err and "not a regular file (socket)): " in err
    assert f.read_text() == "xl pause web1\n"


def test_read_regular_never_blocks_on_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        read_regular(fifo)


# -- standard streams -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("redirect", "message"), [
    ("<&-", "standard input is closed"),
    ("0>/dev/null", "cannot read standard input: Bad file descriptor"),  # open for writing only
])
def test_closed_or_invalid_stdin(redirect: str, message: str) -> None:
    res = xlref(shell=f'exec "{sys.executable}" -m xlref lint --fix - --format json {redirect}')
    err = res.stderr.decode()
    assert res.returncode == 2 and message in err and "Traceback" not in err
    assert res.stdout == b""


def test_fix_stdin_with_json_keeps_both_streams_clean() -> None:
    src = b"xm pause web1\nxm list -l\n"
    code, out, err = call("-", stdin=src, fix=True, fmt="json")
    assert out == b"xl pause web1\nxm list -l\n"
    doc = json.loads(err)  # the report alone: no "Fixed ..." sentence appended
    assert doc["summary"]["findings"] >= 1 and code == 1


def test_closed_stdout_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    f = script(tmp_path / "a.sh")
    res = xlref(shell=f'exec "{sys.executable}" -m xlref lint --no-config {f} >&-')
    assert res.returncode == 2 and b"Traceback" not in res.stderr


# -- other writers ----------------------------------------------------------------------------------------

def test_output_writer_rules(tmp_path: Path) -> None:
    out = script(tmp_path / "out.cfg", "old\n", owner=(NOBODY, NOGROUP), mode=0o640)
    write_atomic(out, b"new\n")
    assert out.read_text() == "new\n" and identity(out) == (NOBODY, NOGROUP, 0o640)
    fresh = tmp_path / "fresh.cfg"
    old = os.umask(0o027)
    try:
        write_atomic(fresh, b"x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    linked = tmp_path / "linked.cfg"
    linked.hardlink_to(out)
    with pytest.raises(WriteRefused, match="hard links"):
        write_atomic(out, b"newer\n")
    with pytest.raises(WriteRefused, match="directory"):
        write_atomic(tmp_path, b"x")
    write_atomic("/dev/null", b"into a device, not over it\n")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_config_check_fix_follows_the_write_rules(tmp_path: Path) -> None:
    from xlref.config.run import check

    text = 'name = "web"\nmemory = 1024 * 2\n'  # XL502 computes the literal: a safe fix
    cfg = script(tmp_path / "web.cfg", text, owner=(NOBODY, NOGROUP), mode=0o4750)
    assert check([str(cfg)], fix=True, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert cfg.read_text() == 'name = "web"\nmemory = 2048\n'
    assert identity(cfg) == (NOBODY, NOGROUP, 0o4750)
    linked = script(tmp_path / "linked.cfg", text)
    (tmp_path / "twin.cfg").hardlink_to(linked)
    fifo = tmp_path / "p.cfg"
    os.mkfifo(fifo)
    other = script(tmp_path / "other.cfg", text)
    err = io.StringIO()
    code = check([str(linked), str(fifo), str(other)], fix=True, stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert f"{linked}: not written: it has 2 hard links" in err.getvalue() and linked.read_text() == text
    assert f"{fifo}: not a regular file (fifo)" in err.getvalue() and stat.S_ISFIFO(fifo.stat().st_mode)
    assert other.read_text() == 'name = "web"\nmemory = 2048\n'  # the run went on


def test_config_convert_output_follows_the_write_rules(tmp_path: Path) -> None:
    from xlref.config.run import convert

    src = script(tmp_path / "web.cfg", 'name = "web"\nmemory = 512\nvcpus = 1\n')
    target = script(tmp_path / "web.xl", "old\n", owner=(NOBODY, NOGROUP), mode=0o640)
    assert convert(str(src), "xl", output=str(target), stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert 'name = "web"' in target.read_text() and identity(target) == (NOBODY, NOGROUP, 0o640)
    err = io.StringIO()
    assert convert(str(src), "xl", output=str(tmp_path), stdout=io.StringIO(), stderr=err) == 2
    assert "not written" in err.getvalue()
