"""One (input, codes, output with --unsafe-fixes) row per rule and target: every rule is exercised for xl
and for virsh, and the linter's output for it is pinned."""

from __future__ import annotations

import pytest

from tests.lint.kit import codes, fix_text
from xlref.rules import lint_rules as all_rules

# code -> {target: (input, output after --fix --unsafe-fixes)}; output == input: report only.
TABLE: dict[str, dict[str, tuple[str, str]]] = {
    "XL101": {"xl": ("xm destroy a\n", "xl destroy a\n"), "virsh": ("xm destroy a\n", "virsh destroy a\n")},
    "XL102": {"xl": ("xm balloon a 64\n", "xl mem-set a 64\n"), "virsh": ("xm pause a\n", "virsh suspend a\n")},
    "XL103": {"xl": ("xm suspend a\n", "xm suspend a\n"), "virsh": ("xm create a.cfg\n", "xm create a.cfg\n")},
    "XL104": {"xl": ("xm new a.cfg\n", "xm new a.cfg\n"), "virsh": ("xm dmesg\n", "xm dmesg\n")},
    "XL105": {"xl": ("xm lsit\n", "xm lsit\n"), "virsh": ("xm\n", "xm\n")},
    "XL201": {"xl": ("xm list --label\n", "xl list -Z\n"),
              "virsh": ("xm create -c a.cfg\n", "xm create -c a.cfg\n")},
    "XL202": {"xl": ("xm reboot -w a\n", "xl reboot a\n"), "virsh": ("xm shutdown -H a\n", "virsh shutdown a\n")},
    "XL203": {"xl": ("xm migrate -p 1 a b\n", "xm migrate -p 1 a b\n"),
              "virsh": ("xm shutdown -w a\n", "xm shutdown -w a\n")},
    "XL204": {"xl": ("xm create --vncviewer a\n", "xm create --vncviewer a\n")},
    "XL205": {"xl": ("xm list -x\n", "xm list -x\n"), "virsh": ("xm pause -x a\n", "xm pause -x a\n")},
    "XL301": {"xl": ("xm list -l | grep a\n", "xl list -l | grep a\n"),
              "virsh": ("n=$(xm info)\n", "n=$(virsh nodeinfo)\n")},
    "XL302": {"xl": ("xm migrate a b\n", "xl migrate a b\n")},
    "XL303": {"virsh": ("if xm list a; then :; fi\n", "if virsh list --all a; then :; fi\n")},
    "XL401": {"xl": ("[ -x /etc/init.d/xend ] || exit 0\n", "[ -x /etc/init.d/xend ] || exit 0\n"),
              "virsh": ("systemctl start xend\n", "systemctl start libvirtd\n")},
    "XL402": {"xl": ("vi /etc/xen/xend-config.sxp\n", "vi /etc/xen/xend-config.sxp\n"),
              "virsh": ("vi /etc/xen/xend-config.sxp\n", "vi /etc/xen/xend-config.sxp\n")},
    "XL403": {"xl": ("ls /var/lib/xend\n", "ls /var/lib/xend\n"),
              "virsh": ("du /var/lib/xend\n", "du /var/lib/xend\n")},
    "XL404": {"xl": ("which xm\n", "which xl\n"), "virsh": ("[ -x /usr/sbin/xm ]\n", "[ -x /usr/bin/virsh ]\n")},
    "XL406": {"xl": ("pgrep -f \"xm migrate\" || exit 0\n", "pgrep -f \"xl migrate\" || exit 0\n"),
              "virsh": ("ps ax | grep -q \"xm list\"\n", "ps ax | grep -q \"xm list\"\n")},
    "XL405": {"xl": ("pgrep xend\n", "pgrep xend\n"), "virsh": ("killall xend\n", "killall xend\n")},
    "XL901": {"xl": ("xm $op a\n", "xm $op a\n"), "virsh": ("xm \"$1\" a\n", "xm \"$1\" a\n")},
    "XL902": {"xl": ("${XM:-$SBIN/xm} list\n", "${XM:-$SBIN/xm} list\n"),
              "virsh": ("${XM:-$SBIN/xm} info\n", "${XM:-$SBIN/xm} info\n")},
    "XL903": {"xl": ("L=\"xm list\"\nexport L\n", "L=\"xm list\"\nexport L\n"),
              "virsh": ("L='xm info'\n", "L='xm info'\n")},
    "XL904": {"xl": ("xm list )\n", "xm list )\n"), "virsh": ("xm info )\n", "xm info )\n")},
    "XL906": {"xl": ("xl list\nxm new a.cfg\n", "xl list\nxm new a.cfg\n"),
              "virsh": ("virsh list\nxm dmesg\n", "virsh list\nxm dmesg\n")},
    "XL907": {"xl": (". ./nowhere.sh\nxm destroy a $OPTS\n", ". ./nowhere.sh\nxm destroy a $OPTS\n"),
              "virsh": (". \"$CONF\"\nxm pause a $OPTS\n", ". \"$CONF\"\nxm pause a $OPTS\n")},
    "XL905": {"xl": ("# xlref: disable=XL203\nxm list\n", "# xlref: disable=XL203\nxl list\n"),
              "virsh": ("xl list  # xlref: disable=XL1\n", "xl list  # xlref: disable=XL1\n")},
}
# rules that need data or a release the virsh target does not have (option moved to config: xl only...)
XL_ONLY = {"XL204", "XL302"}
VIRSH_ONLY = {"XL303"}
RELEASE = {"XL106": ("xm uptime a\n", "4.1"), "XL206": ("xm list --label\n", "4.2")}

ROWS = [(code, target, src, out) for code, per in TABLE.items() for target, (src, out) in per.items()]


@pytest.mark.parametrize(("code", "target", "src", "expected"), ROWS)
def test_rule_row(code: str, target: str, src: str, expected: str) -> None:
    assert code in codes(src, target)
    assert fix_text(src, target, unsafe=True) == expected


@pytest.mark.parametrize(("code", "src", "release"), [(c, s, r) for c, (s, r) in RELEASE.items()])
def test_release_rows(code: str, src: str, release: str) -> None:
    assert code in codes(src, "xl", release)
    assert fix_text(src, "xl", unsafe=True, release=release) == src


def test_every_rule_has_rows_for_both_targets() -> None:
    for rule in all_rules():
        if rule.code in RELEASE:
            continue
        targets = set(TABLE.get(rule.code, {}))
        wanted = {"xl"} if rule.code in XL_ONLY else {"virsh"} if rule.code in VIRSH_ONLY else {"xl", "virsh"}
        assert wanted <= targets, rule.code
