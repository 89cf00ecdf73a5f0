"""Property tests: fixing keeps `bash -n`-valid scripts valid, is idempotent, and only touches xm/xend bytes."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.lint.kit import fix, linter
from xlref.lint.apply import apply_once

CALLS = [
    "xm list", "xm list -l | grep state", "xm shutdown -w web1", "xm shutdown -H web1", "xm mem-set web1 512",
    "xm balloon web1 256", "xm mem-max web1 1024", "xm migrate -l web1 node2", "xm migrate -p 8002 web1 n2",
    "xm suspend web1", "xm pause \"$d\"", "xm unpause \"$d\"", "xm save -c web1 /srv/w.chk", "xm info",
    "xm create -q /etc/xen/a.cfg", "xm cr -c a.cfg", "xm new a.cfg", "xm $op web1", "xm vcpu-set a 2",
    "xm sched-credit -d a -w 256", "xm list --bogus", "xm destroy a", "xm console a", "/usr/sbin/xm list",
]
PREFIXES = ["", "sudo ", "nice -n 5 ", "env LANG=C ", "timeout 10 ", "LC_ALL=C ", "command ", "nohup "]
OTHER = [
    "XM=/usr/sbin/xm", "$XM list", "\"$XM\" pause a", "ssh node2 'xm list'", "sh -c \"xm info\"",
    "eval \"xm list\"", "service xend restart", "/etc/init.d/xend stop", "chkconfig xend on",
    "[ -x /usr/sbin/xm ] || exit 0", "command -v xm >/dev/null || exit 0", "x=$(xm list | wc -l)",
    "n=`xm list | tail -n +2 | wc -l`", "echo xm list", "# xm list", "cat <<EOF\nxm list\nEOF",
    "bash <<'EOF'\nxm pause a\nEOF", "if xm list a >/dev/null; then echo ok; fi",
    "case $1 in start) xm create a.cfg ;; stop) xm shutdown a ;; esac", "f() { xm destroy \"$1\"; }",
    "xm \\\n  list", "while read -r d; do xm pause \"$d\"; done < /etc/guests", "echo \"xm done\" >&2",
    "printf '%s\\n' 'caf\xc3\xa9 \xff'", "cp /etc/xen/xend-config.sxp /tmp", "# xlref: disable=XL101",
    "ls /etc/xen/xm*", "xmllint --noout a.xml", "grep \"xm \" /etc/motd", "pidof xend || exit 1",
    "for d in a b; do xm pause $d; done", "x=1", ":", "LIST=\"xm list\"", "echo xm | xargs -n1 xm destroy",
]
BROKEN = ["if xm list; then", "fi", "echo 'unterminated", "xm list )", "case x in"]

line = st.one_of(
    st.tuples(st.sampled_from(PREFIXES), st.sampled_from(CALLS)).map("".join),
    st.sampled_from(OTHER),
)


@st.composite
def scripts(draw: st.DrawFn, broken: bool = False) -> bytes:
    pool = st.one_of(line, st.sampled_from(BROKEN)) if broken else line
    lines = draw(st.lists(pool, min_size=1, max_size=12))
    trailing = draw(st.lists(st.sampled_from(["", "", " ", "\t", "  "]), min_size=len(lines),
                             max_size=len(lines)))
    eol = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    body = eol.join(text.replace("\n", eol) + ws for text, ws in zip(lines, trailing, strict=True))
    shebang = draw(st.sampled_from(["", "#!/bin/sh\n", "#!/bin/bash\n"]))
    end = draw(st.sampled_from(["", eol]))
    return (shebang + body + end).encode("utf-8", "surrogateescape").replace(b"\\xff", b"\xff")


def bash_ok(src: bytes) -> bool:
    return subprocess.run(["bash", "-n"], input=src, capture_output=True).returncode == 0


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
SETTINGS = settings(max_examples=int(os.environ.get("XLREF_PROPERTY_EXAMPLES", "120")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@needs_bash
@SETTINGS
@given(scripts(), st.sampled_from(["xl", "virsh"]), st.booleans())
def test_fix_keeps_bash_valid(src: bytes, target: str, unsafe: bool) -> None:
    if not bash_ok(src):
        return
    out = fix(src, target, unsafe)
    assert bash_ok(out), (src, out)


@needs_bash
@SETTINGS
@given(scripts(broken=True), st.sampled_from(["xl", "virsh"]))
def test_fix_never_breaks_even_broken_files(src: bytes, target: str) -> None:
    ok_before = bash_ok(src)
    out = fix(src, target, unsafe=True)
    if ok_before:
        assert bash_ok(out)


@SETTINGS
@given(scripts(broken=True), st.sampled_from(["xl", "virsh"]), st.booleans())
def test_idempotent(src: bytes, target: str, unsafe: bool) -> None:
    once = fix(src, target, unsafe)
    assert fix(once, target, unsafe) == once


def _plain(src: bytes) -> list[bytes]:
    """Lines that mention neither xm nor xend (nor a variable that may hold xm)."""
    lines = src.split(b"\n")
    return [ln for i, ln in enumerate(lines) if b"xm" not in ln and b"xend" not in ln and b"XM" not in ln
            and not (i and lines[i - 1].rstrip(b"\r").endswith(b"\\"))]  # continuation of a call


def _subsequence(needles: list[bytes], hay: list[bytes]) -> bool:
    it = iter(hay)
    return all(any(n == h for h in it) for n in needles)


@SETTINGS
@given(scripts(broken=True), st.sampled_from(["xl", "virsh"]))
def test_bytes_outside_edits_untouched(src: bytes, target: str) -> None:
    findings = linter(target).lint("t.sh", src)
    out, n = apply_once(src, findings, unsafe=True)
    edits = [e for f in findings if f.fix is not None for e in f.fix.edits]
    if n:
        first = min(e.start for e in edits)
        last = max(e.end for e in edits)
        assert out[:first] == src[:first]
        assert out[len(out) - (len(src) - last):] == src[last:]
    else:
        assert out == src
    fixed = fix(src, target, unsafe=True)
    assert _subsequence(_plain(src), fixed.split(b"\n"))
