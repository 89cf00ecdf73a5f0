"""What counts as an xm call (and what never does)."""

from __future__ import annotations

import pytest

from tests.lint.kit import codes, lint

CALLS = [
    "xm list",
    "/usr/sbin/xm list",
    "LANG=C xm list",
    "sudo xm list",
    "sudo -u root -E xm list",
    "doas xm list",
    "env LC_ALL=C xm list",
    "env -i PATH=/usr/sbin xm list",
    "nice -n 10 xm list",
    "nohup xm list &",
    "timeout 30 xm list",
    "timeout -s KILL 30 xm list",
    "time xm list",
    "command xm list",
    "exec xm console web1",
    "echo web1 | xargs -n1 xm pause",
    "watch -n 5 xm list",
    "watch 'xm list'",
    "screen -dmS cons xm console web1",
    "ssh root@host xm list",
    "ssh -p 2222 -o BatchMode=yes host 'xm list'",
    'ssh host "xm pause web1"',
    "sh -c 'xm list'",
    'bash -c "xm list"',
    "su -c 'xm list' root",
    "x=$(xm list)",
    "x=`xm list`",
    "xm list | grep web",
    "xm list && echo ok",
    "true || xm list",
    "if xm list >/dev/null; then :; fi",
    "while xm list web1 >/dev/null 2>&1; do sleep 1; done",
    "case $1 in stop) xm shutdown web1 ;; esac",
    "f() { xm list; }",
    "while read d; do :; done < <(xm list)",
    "xm \\\n  list",
    "bash <<'EOF'\nxm list\nEOF",
    "ssh host <<EOF\nxm list\nEOF",
    "XM=/usr/sbin/xm\n$XM list",
    'XM=xm\n"$XM" list',
    "XM=/usr/sbin/xm\n${XM} list",
    "xm cr web1.cfg",
    "xm balloon web1 512",
    "{ xm list; } > /tmp/out",
    "( xm list )",
    "! xm list",
    "for d in a b; do xm pause $d; done",
    "xm list; xm info",
    "time -p xm list",
    "nice xm list",
    "sudo sh -c 'xm list'",
    "bash -lc 'xm list'",
    "xargs -I{} xm destroy {} < /etc/guests",
    "if [ \"$(xm list | grep -c web)\" -gt 0 ]; then :; fi",
    "exec >/dev/null 2>&1; xm list",
    "sudo -- xm list",
    "stdbuf -oL xm list | cat",
    "ssh -t host sudo xm console web1",
    "local out; out=$(xm list 2>&1)",
    "[[ $(xm list) == *web* ]] && echo up",
]

NOT_CALLS = [
    "# xm list",
    "echo xm list",
    'echo "xm list"',
    "printf 'xm %s\\n' list",
    "cat <<EOF\nxm list\nEOF",
    "cat <<'EOF'\nxm list\nEOF",
    'grep "xm " /etc/motd',
    "complete -F _xm xm",
    "man xm",
    "xmllint --noout a.xml",
    "xm-helper.sh list",
    "ls /etc/xen/xm*",
    "/usr/lib/xen/bin/xm-wrapper list",
    "rpm -q xm",
    "case $t in xm) echo old ;; esac",
    "for t in xm xl; do echo $t; done",
    "xm() { echo fake; }\nxm list",
    "function xm { :; }\nxm list",
    "XM_OPTS=-v",
    "echo $xm",
    "mail -s 'xm list output' root < /tmp/x",
    "logger -t xm started",
    "test -f /etc/xen/xmexample1",
    "x=xmx; y=axm",
    "sh -c \"$cmd\" xm",
    "alias xm=xl",
    "find / -name xm",
    "echo \"$(date) xm\"",
    "export PATH=/usr/lib/xen/bin:$PATH",
    "declare -A tools=([xm]=old [xl]=new)",
]


@pytest.mark.parametrize("src", CALLS)
def test_detected(src: str) -> None:
    found = [c for c in codes(src) if c.startswith(("XL1", "XL9"))]
    assert found, src


@pytest.mark.parametrize("src", NOT_CALLS)
def test_not_a_call(src: str) -> None:
    assert codes(src) == [], src


@pytest.mark.parametrize("src", NOT_CALLS)
def test_not_a_call_virsh(src: str) -> None:
    assert codes(src, "virsh") == [], src


@pytest.mark.parametrize(("src", "code"), [
    ("xm $op web1", "XL901"),
    ('eval "xm list"', "XL101"),  # the string is literal: the shell runs exactly these bytes
    ("${XM:-$SBIN/xm} list", "XL902"),
    ("${XM:-xm} list", "XL101"),
    ('LIST="xm list"\nexport LIST\n$LIST', "XL101"),
    ('LIST="xm list"\nexport LIST', "XL903"),
    ('STOP="xm shutdown -w"\n"$STOP" web1', "XL903"),
    ("xm", "XL105"),
    ("xm lsit", "XL105"),
    ("xm s web1", "XL105"),  # ambiguous prefix
    ("which xm", "XL404"),
    ("command -v xm >/dev/null || exit 0", "XL404"),
    ("type xm", "XL404"),
    ("hash xm 2>/dev/null", "XL404"),
    ("[ -x /usr/sbin/xm ] || exit 0", "XL404"),
    ("test -x /usr/sbin/xm || exit 0", "XL404"),
    ("if [ ! -x /usr/sbin/xm ]; then exit 5; fi", "XL404"),
    ("[[ -x /usr/sbin/xm ]] || exit 0", "XL404"),
    ("type -P xm >/dev/null", "XL404"),
    ("if xm list; then\n  echo", "XL904"),
])
def test_special(src: str, code: str) -> None:
    assert code in codes(src)


def test_output_and_status_context() -> None:
    by_code = {f.code for f in lint("xm list -l | grep state")}
    assert "XL301" in by_code
    assert "XL301" not in {f.code for f in lint("xm list -l")}
    assert "XL303" in codes("if xm list web1; then :; fi", "virsh")
    assert "XL303" not in codes("xm list web1", "virsh")


def test_positions() -> None:
    (f, *_) = lint("echo start\n  sudo xm list\n")
    assert (f.line, f.column, f.end_line) == (2, 8, 2)
    assert f.start_byte == len("echo start\n  sudo ")


def test_unused_suppression_respects_selection() -> None:
    from tests.lint.kit import dataset
    from xlref.lint.engine import Linter, Settings

    src = b"# xlref: disable=XL101\nxl list\n"
    assert codes(src) == ["XL905"]
    only_xend = Linter(dataset(), Settings(select=["XL4", "XL905"]))
    assert only_xend.lint("t.sh", src) == []
    used = b"xm list  # xlref: disable=XL101\n"
    assert codes(used) == []
