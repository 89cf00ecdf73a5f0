"""The host wing's parts, table by table: xend-config.sxp reading, option verdicts, xendomains variables, boot
loader entries, crontab blanking, the confined file access and the checklist's coverage of the dataset."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlref.data.load import load_dataset
from xlref.host import boot, checklist, services, settings
from xlref.host.fs import HostFS, Refused
from xlref.host.model import Status
from xlref.host.scripts import _unblank, blank_crontab
from xlref.host.sxpconf import SxpError, parse


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return load_dataset()


@pytest.mark.parametrize(("text", "expected"), [
    ("(a b)", [("a", "b", 1, True)]),
    ("# c (x y)\n(a 'b c')  # tail\n", [("a", "'b c'", 2, True)]),
    ('(a "q\\"uote")', [("a", "'q\"uote'", 1, True)]),
    ("(a '^x\\\\.y$')", [("a", "^x\\.y$", 1, True)]),
    ("(xen-api-server ((9363 pam '') (unix none)))", [("xen-api-server", "((9363 pam '') (unix none))", 1, True)]),
    ("(a 1)\n(b 2)\n(a 3)", [("a", "1", 1, True), ("b", "2", 2, True), ("a", "3", 3, False)]),
    ("(a x y)", [("a", "(x y)", 1, True)]),
    ("", []),
])
def test_sxp_options(text: str, expected: list[tuple[str, str, int, bool]]) -> None:
    assert [(o.name, o.text(), o.line, o.first) for o in parse(text)] == expected


@pytest.mark.parametrize(("text", "line", "message"), [
    ("(a b", 1, "never closed"),
    ("\n(a b))", 2, "unbalanced ')'"),
    ("(a 'b)", 1, "unterminated string"),
    ("loose (a b)", 1, "outside any"),
    ("(\n(a) b)", 1, "without an option name"),
])
def test_sxp_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(SxpError) as err:
        parse(text)
    assert err.value.line == line and message in str(err.value)


@pytest.mark.parametrize(("value", "norm"), [
    ("yes", "yes"), ("'On'", "yes"), ("1", "yes"), ("t", "yes"), ("False", "no"), ("off", "no"),
    ("0x10", "16"), ("0196", "0196"), ("''", ""), (None, None), ("vif-bridge", "vif-bridge"),
])
def test_normal(value: str | None, norm: str | None) -> None:
    assert settings.normal(value) == norm


@pytest.mark.parametrize(("line", "target", "status", "note"), [
    ("(dom0-min-mem 512)(enable-dom0-ballooning no)", "xl", Status.TODO, "autoballoon in xl.conf"),
    ("(dom0-min-mem 512)(enable-dom0-ballooning no)", "virsh", Status.TODO, "autoballoon in libxl.conf"),
    ("(enable-dom0-ballooning yes)", "xl", Status.TODO, "autoballoon"),  # default no: dom0-min-mem unset
    ("(dom0-min-mem 0)(enable-dom0-ballooning no)", "xl", Status.INFO, "default"),
    ("(dom0-min-mem 512)(enable-dom0-ballooning yes)", "xl", Status.INFO, "default"),
    ("(xend-relocation-server no)", "xl", Status.INFO, "default"),
    ("(xend-relocation-server yes)", "xl", Status.HUMAN, "ssh"),
    ("(xend-relocation-hosts-allow '')", "xl", Status.INFO, "default"),
    ("(vnc-listen 0.0.0.0)", "xl", Status.HUMAN, "vnclisten"),
    ("(vnc-tls 1)", "virsh", Status.HUMAN, "no replacement"),
    ("(xend-domain-lock-utility /usr/lib/lock)", "virsh", Status.TODO, "lock_manager"),
    ("(xend-domain-lock yes)", "xl", Status.HUMAN, "no cross-host domain lock"),
    ("(not-an-option 1)", "xl", Status.HUMAN, "find out what set it"),
])
def test_setting_verdicts(data: dict[str, Any], line: str, target: str, status: Status, note: str) -> None:
    rows, error = settings.read_settings(line, "x.sxp", data, target)
    assert error is None
    row = rows[-1]
    assert (row.status, note in row.note) == (status, True), row.note


def test_every_xend_option_read_by_xend_444_has_a_record(data: dict[str, Any]) -> None:
    """The getters' option names in XendOptions.py (RELEASE-4.4.4), listed here from the source."""
    read_by_xend = frozenset({
        "console-limit", "device-create-timeout", "device-destroy-timeout", "dom0-cpus", "dom0-min-mem",
        "enable-dom0-ballooning", "enable-dump", "external-migration-tool", "keymap", "logfile", "loglevel",
        "network-script", "pci-passthrough-strict-check", "pscsi-device-mask", "qemu-dm-logrotate-count",
        "resource-label-change-script", "total_available_memory", "vif-script", "vnc-listen", "vnc-tls",
        "vnc-x509-cert-dir", "vnc-x509-verify", "vncpasswd", "xen-api-server", "xend-address", "xend-domains-path",
        "xend-http-server", "xend-port", "xend-relocation-address", "xend-relocation-hosts-allow",
        "xend-relocation-port", "xend-relocation-server", "xend-relocation-ssl", "xend-relocation-ssl-port",
        "xend-relocation-ssl-server", "xend-relocation-server-ssl-key-file", "xend-relocation-server-ssl-cert-file",
        "xend-security-path", "xend-state-path", "xend-storage-path", "xend-tcp-xmlrpc-server",
        "xend-tcp-xmlrpc-server-address", "xend-tcp-xmlrpc-server-port", "xend-tcp-xmlrpc-server-ssl-key-file",
        "xend-tcp-xmlrpc-server-ssl-cert-file", "xend-udev-event-server", "xend-unix-path", "xend-unix-server",
        "xend-unix-xmlrpc-server", "xsm_module_name",
    })
    records = settings.option_records(data)
    assert sorted(set(read_by_xend) - set(records)) == []
    assert sorted(o for o, r in records.items() if r.get("upstream", True) and o not in read_by_xend) == []


def test_settings_file_that_does_not_parse(data: dict[str, Any]) -> None:
    rows, error = settings.read_settings("(a b\n", "/etc/xen/xend-config.sxp", data, "xl")
    assert rows == [] and error is not None and error.startswith("/etc/xen/xend-config.sxp:1: ")


@pytest.mark.parametrize(("command", "value", "status", "hint"), [
    ("shutdown", "--all --wait", Status.TODO, "twice"),  # xl 4.14+ waits for destruction with -w -w
    ("shutdown", "", Status.INFO, "empty"),
    ("shutdown", "-a", Status.DONE, "as they are"),
    # the script passes the words to xl as they are: an option xl lacks makes every call fail
    ("shutdown", "--halt", Status.HUMAN, "xl shutdown refuses this option"),
    ("shutdown", "-H --wait", Status.HUMAN, "xl shutdown refuses this option"),
    ("shutdown", "--bogus", Status.HUMAN, "no such option"),
    ("migrate", "-l other", Status.HUMAN, "xl migrate refuses this option, so the call fails; take it out"),
    ("migrate", "--live other", Status.DONE, "as they are"),
    ("migrate", "-p 8002 other", Status.HUMAN, "ssh"),
])
def test_xendomains_option_verdicts(data: dict[str, Any], command: str, value: str, status: Status,
                                    hint: str) -> None:
    got, note = services._option_verdict(data, command, value)
    assert got == status and hint in note, note


def test_shell_vars() -> None:
    text = 'A=1\nexport B="x y"  # c\n#C=2\nD=\'q\'\n  E=$(cmd)\nF="unterminated\n'
    assert services.shell_vars(text) == {"A": ("1", 1), "B": ("x y", 2), "D": ("q", 4), "E": ("$(cmd)", 5),
                                         "F": ('"unterminated', 6)}


@pytest.mark.parametrize(("reader", "text", "items"), [
    (boot._legacy, "title X\n kernel /boot/xen-4.4.gz dom0_mem=1G\n module /vmlinuz\ntitle L\n kernel /vmlinuz\n",
     [("entry: X", "dom0_mem=1G", 2), ("dom0_mem", "1G", 2)]),
    (boot._grub2, "menuentry 'Xen' {\n\tmultiboot2 /boot/xen.gz placeholder dom0_max_vcpus=4\n}\n",
     [("entry: Xen", "dom0_max_vcpus=4", 2), ("dom0_max_vcpus", "4", 2)]),  # Debian's placeholder word
    (boot._defaults, 'GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=512M"\nGRUB_CMDLINE_LINUX="quiet"\n',
     [("GRUB_CMDLINE_XEN_DEFAULT", "dom0_mem=512M", 1), ("dom0_mem", "512M", 1)]),
    (boot._grub2, "menuentry 'Linux' {\n\tlinux /vmlinuz xen=1\n}\n", []),
])
def test_boot_entries(reader: Any, text: str, items: list[tuple[str, str, int]]) -> None:
    assert [(f.item, f.value, f.line) for f in reader("/b", text)] == items


@pytest.mark.parametrize(("line", "system", "command"), [
    (b"30 2 * * * root xm list\n", True, b"xm list\n"),
    (b"30 2 * * * xm list\n", False, b"xm list\n"),
    (b"@reboot\troot\txm create a\n", True, b"xm create a\n"),
    (b"*/5 1-3 * * mon,fri xm info\n", False, b"xm info\n"),
    (b"PATH=/usr/sbin:/bin\n", True, b"PATH=/usr/sbin:/bin\n"),
    (b"# 30 2 * * * root xm list\n", True, b"# 30 2 * * * root xm list\n"),
])
def test_blank_crontab(line: bytes, system: bool, command: bytes) -> None:
    out = blank_crontab(line, system)
    assert len(out) == len(line) and out.lstrip(b" ") == command


@given(st.lists(st.sampled_from([b"1 2 3 4 5 root xm list\n", b"@daily root xm destroy a\r\n", b"# note\n",
                                 b"X=1\n", b"\n", b"garbage line\n", b"* * * * * root echo xm"]), max_size=12))
def test_blanking_keeps_offsets_and_unblank_restores(lines: list[bytes]) -> None:
    raw = b"".join(lines)
    blanked = blank_crontab(raw, True)
    assert len(blanked) == len(raw) and blanked.count(b"\n") == raw.count(b"\n")
    fixed = blanked.replace(b"xm ", b"xl ")
    assert _unblank(raw, blanked, fixed) == raw.replace(b"xm ", b"xl ")


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "etc/xen/auto").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.cfg").write_text('name = "SECRET"\nmemory = 64\n')
    return root, outside


def test_symlinks_never_leave_root(tmp_path: Path) -> None:
    root, outside = _tree(tmp_path)
    links = root / "etc/xen"
    (links / "abs.cfg").symlink_to(outside / "secret.cfg")  # absolute: re-rooted, so missing inside ROOT
    (links / "rel.cfg").symlink_to(os.path.relpath(outside / "secret.cfg", links))  # .. stops at ROOT
    (root / "etc/xen/auto/dir").symlink_to(outside)  # a directory link is never walked out of ROOT
    (root / "etc/xen/sub").symlink_to("/../../..")
    fs = HostFS(str(root), ("/etc",))
    assert fs.resolve("/etc/xen/rel.cfg") == "/outside/secret.cfg"  # the tree's own /outside, missing
    for path in ("/etc/xen/abs.cfg", "/etc/xen/rel.cfg", "/etc/xen/auto/dir/secret.cfg", "/etc/xen/sub/x"):
        with pytest.raises(Refused):
            fs.read(path)
    from xlref.host.domains import scan_domains

    assert [d.name for d in scan_domains(fs)] == []


def test_symlink_inside_root_but_outside_the_areas_is_not_read(tmp_path: Path) -> None:
    root, _ = _tree(tmp_path)
    (root / "etc/shadow").write_text("root:*:1:0:99999:7:::\n")
    (root / "srv").mkdir()
    (root / "srv/g.cfg").write_text('name = "g"\n')
    (root / "etc/xen/auto/shadow").symlink_to("/etc/shadow")
    (root / "etc/xen/auto/g").symlink_to("/srv/g.cfg")
    fs = HostFS(str(root), ("/etc/xen",))
    with pytest.raises(Refused, match="outside the places scanned"):
        fs.read("/etc/xen/auto/shadow")
    with pytest.raises(Refused, match="outside the places scanned"):
        fs.read("/etc/xen/auto/g")
    assert HostFS(str(root), ("/srv",)).read("/etc/xen/auto/g") == b'name = "g"\n'


def test_special_and_unreadable_files_are_reported_not_fatal(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = _tree(tmp_path)
    os.mkfifo(root / "etc/xen/pipe.cfg")
    (root / "etc/xen/locked.cfg").write_text('name = "locked"\n')
    (root / "etc/xen/ok.cfg").write_text('name = "ok"\nmemory = 64\n')
    real_open = os.open

    def fake_open(path: Any, flags: int, *args: Any) -> int:
        if str(path).endswith("locked.cfg"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", fake_open)
    fs = HostFS(str(root), ("/etc",))
    from xlref.host.domains import scan_domains

    assert [d.name for d in scan_domains(fs)] == ["ok"]
    assert [(p.path, p.message) for p in fs.problems] == [("/etc/xen/locked.cfg", "Permission denied")]
    assert fs.skipped == 1
    with pytest.raises(Refused, match="not a regular file"):
        fs.read("/etc/xen/pipe.cfg")


def test_every_checklist_record_has_an_evaluator_and_back(data: dict[str, Any]) -> None:
    ids = [rec["id"] for rec in data["checklist"]]
    assert sorted(ids) == sorted(checklist.EVALUATORS)
    assert {rec.get("seed") for rec in data["checklist"]} >= {"C.1.2", "C.1.3", "C.2"}
