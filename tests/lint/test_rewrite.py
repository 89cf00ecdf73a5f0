"""(input, expected) rewrite tables per rule and target, and must-not-change tables (pyupgrade style)."""

from __future__ import annotations

import pytest

from tests.lint.kit import codes, fix_text

# --fix (safe only), target xl
XL_SAFE = [
    ("xm list\n", "xl list\n"),
    ("/usr/sbin/xm list\n", "/usr/sbin/xl list\n"),
    ("LANG=C xm list\n", "LANG=C xl list\n"),
    ("timeout 30 xm shutdown -w web1\n", "timeout 30 xl shutdown -w web1\n"),
    ("xm shutdown --wait web1\n", "xl shutdown -w web1\n"),
    ("xm cr -c /etc/xen/web1.cfg\n", "xl create -c /etc/xen/web1.cfg\n"),
    ("xm create -q web1.cfg\n", "xl create -q web1.cfg\n"),
    ("xm balloon web1 512\n", "xl mem-set web1 512\n"),
    ("xm mem-set web1 1024\n", "xl mem-set web1 1024\n"),
    ("xm pause web1 && xm unpause web1\n", "xl pause web1 && xl unpause web1\n"),
    ("xm save -c web1 /srv/web1.chk\n", "xl save -c web1 /srv/web1.chk\n"),
    ("xm save web1 /srv/web1.chk\n", "xl save web1 /srv/web1.chk\n"),
    ("xm restore /srv/web1.chk\n", "xl restore /srv/web1.chk\n"),
    ("xm destroy \"$dom\"\n", "xl destroy \"$dom\"\n"),
    ("xm vcpu-set web1 2\n", "xl vcpu-set web1 2\n"),
    ("xm sched-credit -d web1 -w 512\n", "xl sched-credit -d web1 -w 512\n"),
    ("x=$(xm info)\n", "x=$(xl info)\n"),
    ("xm list | wc -l\n", "xl list | wc -l\n"),
    ("sh -c 'xm list'\n", "sh -c 'xl list'\n"),
    ("ssh host \"xm pause web1\"\n", "ssh host \"xl pause web1\"\n"),
    ("ssh -p 22 host xm list\n", "ssh -p 22 host xl list\n"),
    ("bash <<'EOF'\nxm list\nEOF\n", "bash <<'EOF'\nxl list\nEOF\n"),
    ("XM=/usr/sbin/xm\n$XM list\n$XM pause web1\n", "XM=/usr/sbin/xl\n$XM list\n$XM pause web1\n"),
    ("XM=xm\n\"$XM\" destroy web1\n", "XM=xl\n\"$XM\" destroy web1\n"),
    ("CMD=${SBINDIR}/xm\n$CMD list\n", "CMD=${SBINDIR}/xl\n$CMD list\n"),
    ("XM=/usr/sbin/xm\n[ -x \"$XM\" ] || exit 5\n# $XM is the toolstack\n$XM list\n",
     "XM=/usr/sbin/xl\n[ -x \"$XM\" ] || exit 5\n# $XM is the toolstack\n$XM list\n"),
    ("f() {\n  local XM=/usr/sbin/xm\n  $XM pause \"$1\"\n}\n",
     "f() {\n  local XM=/usr/sbin/xl\n  $XM pause \"$1\"\n}\n"),
    ("xm list # note\r\nxm info\r\n", "xl list # note\r\nxl info\r\n"),
    ("xm \\\n  list\n", "xl \\\n  list\n"),
    ("xm console web1\n", "xl console web1\n"),
    ("echo x | xargs -n1 xm destroy\n", "echo x | xargs -n1 xl destroy\n"),
    ("eval \"xm list\"\n", "eval \"xl list\"\n"),
    ("LIST=\"xm list\"\n$LIST\n", "LIST=\"xl list\"\n$LIST\n"),
    ("XM=/usr/sbin/xm\n$XM list\necho \"using $XM\"\n", "XM=/usr/sbin/xl\n$XM list\necho \"using $XM\"\n"),
    ("XM=/usr/sbin/xm\n$XM list\nsh -c \"$XM info\"\n", "XM=/usr/sbin/xl\n$XM list\nsh -c \"$XM info\"\n"),
    ("XM=/usr/sbin/xm\nCMD=\"$XM list\"\n$XM info\n", "XM=/usr/sbin/xl\nCMD=\"$XM list\"\n$XM info\n"),
]

# --fix --unsafe-fixes, target xl
XL_UNSAFE = [
    ("xm migrate -l web1 host2\n", "xl migrate web1 host2\n"),
    ("xm migrate --live web1 host2\n", "xl migrate web1 host2\n"),
    ("xm shutdown -H web1\n", "xl shutdown web1\n"),
    ("xm reboot -w web1\n", "xl reboot web1\n"),
    ("xm list -l | grep state\n", "xl list -l | grep state\n"),
    ("xm list --label\n", "xl list -Z\n"),
    ("sudo -u root xm list\n", "sudo -u root xl list\n"),  # a sudoers rule may allow xm only
    ("XM=\"sudo /usr/sbin/xm\"\n$XM list\n", "XM=\"sudo /usr/sbin/xl\"\n$XM list\n"),
    ("LIST=\"sudo xm list --long\"\n$LIST\n", "LIST=\"sudo xl list --long\"\n$LIST\n"),
    ("${XM:-xm} list\n", "${XM:-xl} list\n"),
    ("which xm >/dev/null || exit 0\n", "which xl >/dev/null || exit 0\n"),
    ("[ -x /usr/sbin/xm ] || exit 5\n", "[ -x /usr/sbin/xl ] || exit 5\n"),
    ("service xend restart\n", "service xencommons restart\n"),
    ("/etc/init.d/xend stop\n", "/etc/init.d/xencommons stop\n"),
    ("chkconfig xend on\n", "chkconfig xencommons on\n"),
    ("systemctl enable xend.service\n", "systemctl enable xencommons.service\n"),
    ("rcxend restart\n", "rcxencommons restart\n"),
    ("### BEGIN INIT INFO\n# Required-Start: $network xend\n### END INIT INFO\n",
     "### BEGIN INIT INFO\n# Required-Start: $network xencommons\n### END INIT INFO\n"),
]

VIRSH_SAFE = [
    ("xm pause web1\n", "virsh suspend web1\n"),
    ("xm unpause web1\n", "virsh resume web1\n"),
    ("xm mem-set web1 512\n", "virsh setmem web1 512M\n"),
    ("xm balloon web1 512\n", "virsh setmem web1 512M\n"),
    ("xm mem-set web1 2G\n", "virsh setmem web1 2G\n"),
    ("xm mem-max web1 1024\n", "virsh setmaxmem web1 1048576\n"),
    ("/usr/sbin/xm destroy web1\n", "/usr/bin/virsh destroy web1\n"),
    ("xm shutdown web1\n", "virsh shutdown web1\n"),
    ("xm vcpu-set web1 2\n", "virsh setvcpus web1 2\n"),
    ("xm save web1 /srv/w.chk\n", "virsh save web1 /srv/w.chk\n"),
    ("ssh host 'xm pause web1'\n", "ssh host 'virsh suspend web1'\n"),
    ("XM=/usr/sbin/xm\n$XM pause a\n$XM destroy a\n", "XM=/usr/bin/virsh\n$XM suspend a\n$XM destroy a\n"),
]

VIRSH_UNSAFE = [
    ("xm list\n", "virsh list --all\n"),
    ("xm suspend web1\n", "virsh managedsave web1\n"),
    ("xm info\n", "virsh nodeinfo\n"),
    ("xm mem-set web1 \"$MEM\"\n", "virsh setmem web1 \"$MEM\"M\n"),
    ("xm shutdown -H web1\n", "virsh shutdown web1\n"),
    ("service xend start\n", "service libvirtd start\n"),
    ("command -v xm\n", "command -v virsh\n"),
    ("sudo xm restore /srv/w.chk\n", "sudo virsh restore /srv/w.chk\n"),
]

# Calls that must stay as they are with every fix level (report only).
NO_FIX = [
    "xm suspend web1\n",  # xl save needs a file name
    "xm new web1.cfg\n",  # no xl equivalent
    "xm migrate -p 8002 web1 host2\n",  # option without equivalent
    "xm create --path /etc/xen web1\n",
    "xm create --vncviewer web1.cfg\n",  # moved to config
    "xm list --bogus\n",  # unknown option
    "xm list --state running\n",
    "xm lsit\n",
    "xm\n",
    "xm $op web1\n",
    "eval \"xm $args\"\n",
    "LIST=\"xm list\"\nexport LIST\n$LIST\n",  # exported: other programs may run it
    "STOP=\"xm shutdown -w\"\n\"$STOP\" web1\n",  # quoted: the shell looks for a program of that name
    "${XM:-$SBIN/xm} list\n",
    "XM=/usr/sbin/xm\n$XM list\ncp $XM /tmp/\n",  # another use would change too
    "XM=/usr/sbin/xm\n$XM list\n$XM suspend web1\n",  # one use cannot be fixed: the variable stays
    "XM=/usr/sbin/xm\n[ -n \"$1\" ] && XM=$1\n$XM list\n",
    "CMD=${SBINDIR}/xm\n[ -x $CMD ] || CMD=${SBINDIR}/xl\n$CMD list\n",  # picks xm or xl at run time
    "cat /etc/xen/xend-config.sxp\n",
    "rm -rf /var/lib/xend/domains\n",
    "pidof xend\n",
    "xend start\n",
    "${SBINDIR}/xend status\n",
    "ssh host \"xm list \\\"$d\\\"\"\n",  # escapes inside the string: report only
    "if xm list; then\n  echo\n",  # parse error around the call
]

NOOP = [
    "# xm list\n",
    "echo xm list\n",
    "echo \"run xm list\"\n",
    "printf '%s\\n' 'xm pause'\n",
    "cat <<EOF\nxm list\nEOF\n",
    "grep -q \"xm \" /etc/motd\n",
    "complete -F _xm xm\n",
    "man xm\n",
    "xmllint --noout a.xml\n",
    "xm-helper.sh list\n",
    "ls /etc/xen/xm*\n",
    "case $t in xm) : ;; esac\n",
    "for t in xm xl; do :; done\n",
    "xm() { :; }\nxm list\n",
    "xl list\n",
    "virsh list --all\n",
    "service xencommons start\n",
    "echo xend\n",
    "# Required-Start: $network xendomains\n",
    "# Description: replaces xend\n",
    "logger xend stopped\n",
    "# xlref: disable=XL101\nxm list\n",
    "xm list # xlref: disable=XL101\n",
    "# xlref: disable=XL\nxm list -l | grep x\n",
    "# xlref: disable=ALL\nxm pause a\nservice xend stop\n",
    "echo $xm\n",
    "x=xmx\n",
    "xendomains=1\n",
    "/etc/init.d/xendomains start\n",
    "rpm -e xm-tools\n",
    "echo 'xm create' >> /tmp/log\n",
    "mail -s 'xm' root </dev/null\n",
    "test -f /etc/xen/xmexample1\n",
    "XM_OPTS=-q\n",
    "XM=xm\necho \"$XM\"\n",
    "echo 'ssh host xm list'\n",
    "# sudo xm list\n  # timeout 5 xm info\n",
    "awk '/xm/ {print}' /var/log/messages\n",
    "sed -i 's/xm /xl /' run.sh\n",
    "[ -x /usr/sbin/xl ] || exit 0\n",
    "command -v xl >/dev/null\n",
    "alias l='ls'\n",
    "cat > /tmp/x.sh <<'EOF'\nxm list\nEOF\n",
    "tee /tmp/log <<EOF\nsudo xm pause a\nEOF\n",
    "echo \"$(date) xm done\"\n",
    "f=/etc/xen/xm.conf\n",
    "chkconfig xendomains on\n",
    "systemctl restart xenstored\n",
    "xl migrate web1 host2\n",
    "virsh suspend web1\n",
    "printf 'xm\\n'\n",
]


@pytest.mark.parametrize(("src", "expected"), XL_SAFE)
def test_xl_safe(src: str, expected: str) -> None:
    assert fix_text(src) == expected


@pytest.mark.parametrize(("src", "expected"), XL_SAFE)
def test_xl_safe_is_also_unsafe_result(src: str, expected: str) -> None:
    assert fix_text(src, unsafe=True) == expected


@pytest.mark.parametrize(("src", "expected"), XL_UNSAFE)
def test_xl_unsafe(src: str, expected: str) -> None:
    assert fix_text(src, unsafe=True) == expected
    assert fix_text(src) == src  # never with --fix alone


@pytest.mark.parametrize(("src", "expected"), VIRSH_SAFE)
def test_virsh_safe(src: str, expected: str) -> None:
    assert fix_text(src, "virsh") == expected


@pytest.mark.parametrize(("src", "expected"), VIRSH_UNSAFE)
def test_virsh_unsafe(src: str, expected: str) -> None:
    assert fix_text(src, "virsh", unsafe=True) == expected
    assert fix_text(src, "virsh") == src


@pytest.mark.parametrize("src", NO_FIX)
@pytest.mark.parametrize("target", ["xl", "virsh"])
def test_reported_but_never_fixed(src: str, target: str) -> None:
    if "xlref: disable" not in src:
        assert codes(src, target), src
    if target == "virsh" and ("suspend" in src or "\n$XM list\n$XM" in src):
        # virsh has managedsave for xm suspend: an unsafe fix exists, but a safe --fix must not touch it.
        assert fix_text(src, target) == src
        return
    assert fix_text(src, target, unsafe=True) == src


@pytest.mark.parametrize("src", NOOP)
@pytest.mark.parametrize("target", ["xl", "virsh"])
def test_noop(src: str, target: str) -> None:
    assert codes(src, target) == []
    assert fix_text(src, target, unsafe=True) == src


@pytest.mark.parametrize(("src", "code"), [
    ("xm pause web1\n", "XL102"),
    ("xm suspend web1\n", "XL102"),
    ("xm mem-set web1 512\n", "XL102"),
])
def test_virsh_renames_are_xl102(src: str, code: str) -> None:
    assert codes(src, "virsh")[0] == code


@pytest.mark.parametrize(("src", "expected"), [
    ("xm suspend web1\n", ["XL103"]),
    ("xm new a.cfg\n", ["XL104"]),
    ("xm migrate -p 8002 a b\n", ["XL101", "XL302", "XL203"]),
    ("xm create --vncviewer a.cfg\n", ["XL101", "XL204"]),
    ("xm list --bogus\n", ["XL101", "XL205"]),
    ("xm migrate -l a b\n", ["XL101", "XL302", "XL202"]),
    ("xm list --label\n", ["XL101", "XL201"]),
])
def test_codes_xl(src: str, expected: list[str]) -> None:
    assert codes(src) == expected


def test_assumption_makes_a_fix_safe_and_says_so() -> None:
    from tests.lint.kit import dataset, lint
    from xlref.lint.engine import Linter, Settings

    (plain, *_) = lint("sudo xm pause a\n")
    assert plain.fix is not None and plain.fix.applicability.value == "unsafe"
    assert "sudo rule that allows xm may not allow xl" in plain.message
    lin = Linter(dataset(), Settings(assume=["sudo-allows-target"]))
    (assumed, *_) = lin.lint("t.sh", b"sudo xm pause a\n")
    assert assumed.fix is not None and assumed.fix.applicability.value == "safe"
    assert assumed.message.endswith("(safe fix, assuming sudo-allows-target)")
    assert assumed.data["assumed"] == "sudo-allows-target"


def test_release_limits() -> None:
    assert codes("xm uptime web1\n", release="4.1") == ["XL106"]
    assert codes("xm uptime web1\n", release="4.2") == ["XL101"]
    assert "XL206" in codes("xm list --label\n", release="4.2")
    assert fix_text("xm list --label\n", unsafe=True, release="4.2") == "xm list --label\n"
    assert fix_text("xm list --label\n", unsafe=True, release="4.3") == "xl list -Z\n"


def test_virsh_messages_name_the_replacement() -> None:
    from tests.lint.kit import lint

    (f, *_) = lint("xm pause web1\n", "virsh")
    assert "virsh suspend web1" in f.message
    assert f.fix is not None and f.fix.applicability.value == "safe"


def test_rewrite_tables_are_balanced() -> None:
    rewrites = len(XL_SAFE) + len(XL_UNSAFE) + len(VIRSH_SAFE) + len(VIRSH_UNSAFE)
    assert len(NOOP) + len(NO_FIX) >= rewrites


def test_xend_replacements_come_from_the_dataset() -> None:
    """The service that replaces xend is data: change it in the dataset and the rewrite follows."""
    import copy

    from tests.lint.kit import dataset
    from xlref.lint.apply import fix_source
    from xlref.lint.engine import Linter, Settings

    data = copy.deepcopy(dataset())
    next(i for i in data["xend"] if i["id"] == "daemon")["replacements"]["xl"]["with"] = "xen-init-dom0"
    lin = Linter(data, Settings(target="xl"))
    out = fix_source(b"service xend start\n", lambda b: lin.lint("t.sh", b), True).source
    assert out == b"service xen-init-dom0 start\n"
    del data["xend"]
    bare = Linter(data, Settings(target="xl"))
    findings = bare.lint("t.sh", b"service xend start\n")
    assert [f.code for f in findings] == ["XL401"] and findings[0].fix is None
