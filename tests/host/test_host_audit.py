"""What an audit of `xlref host scan` found, one test each: the lint wing's shell judge on every script and every
rewrite, one set of rules with `config convert DIR` for which files are domain configs, a verdict for every
`config check` code, the tool a config is read as, unreadable directories in the checklist, and a terminal
summary that is a real table at 80 columns."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from tests.host.hosttree import build
from xlref.data.load import load_dataset
from xlref.exitcodes import ExitCode
from xlref.host import domains, engines
from xlref.host.fs import HostFS
from xlref.host.model import Status
from xlref.host.run import run
from xlref.rules.config import CONFIG_RULES


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("audit") / "root")


def test_every_config_code_has_a_host_verdict() -> None:
    assert set(domains.VERDICTS) == set(CONFIG_RULES)
    for code in ("XL517", "XL519", "XL520", "XL521", "XL522", "XL523", "XL524", "XL525"):
        assert code in domains.VERDICTS
    assert domains.VERDICTS["XL524"] is Status.HUMAN  # qemu-dm's emulated hardware changes under xl
    assert domains.VERDICTS["XL518"] is Status.INFO  # xl reads phy:/file: and ignores the prefix


@pytest.fixture(scope="module")
def scripts() -> engines.Scripts:
    return engines.Scripts(load_dataset(), "xl")


def test_a_script_bash_rejects_gets_the_shells_verdict_and_no_rewrite(scripts: engines.Scripts) -> None:
    src = b"#!/bin/bash\nxm pause web\nif true; then\n"
    found = scripts.lint("/usr/local/bin/x", src)
    syntax = [f for f in found if f.code == "XL904"]
    assert syntax and syntax[0].message.startswith("`bash -n` rejects")
    fixed, _, _ = scripts.fix("/usr/local/bin/x", src, unsafe=True)
    assert fixed == src


def test_what_bash_accepts_is_not_called_a_syntax_error(scripts: engines.Scripts) -> None:
    # tree-sitter-bash cannot parse the case, bash can; xm dmesg has a safe fix (xm pause is unsafe unless
    # --assume no-managed-domains: xm printed its usage for a stopped managed domain)
    src = b"xm dmesg\ncase x in (a) echo ;; esac\n"
    found = scripts.lint("/etc/cron.daily/x", src)
    assert all("rejects" not in f.message for f in found)
    fixed, _, abandoned = scripts.fix("/etc/cron.daily/x", src, unsafe=False)
    assert not abandoned and fixed.startswith(b"xl dmesg")


def test_host_and_config_convert_dir_agree_on_the_configs(host: Path) -> None:
    """`xlref config convert ROOT/etc/xen` and the host scan use one rule for which files are domain configs."""
    from xlref.config.batch import _is_domain, discover

    batch = set()
    for path, skip in discover(str(host / "etc/xen")):
        if skip is None and _is_domain(Path(path).read_bytes()):
            batch.add("/" + str(Path(path).relative_to(host)))
    fs = HostFS(str(host), ("/etc", "/var/lib/xend"))
    scanned = {d.path for d in domains.scan_domains(fs) if d.kind != "managed"}
    # the one difference: an absolute auto/ link, which the scan resolves inside ROOT (to /etc/xen/guest01.cfg,
    # scanned there) and `config convert DIR` resolves on the machine it runs on
    assert batch - scanned == {"/etc/xen/auto/guest01"} or batch - scanned == set()
    assert scanned - batch == set()
    assert "/etc/xen/README" not in scanned and "/etc/xen/xend-config.sxp" not in scanned


def test_the_format_column_is_what_the_file_was_read_as(host: Path) -> None:
    fs = HostFS(str(host), ("/etc", "/var/lib/xend"))
    doms = {d.path: d for d in domains.scan_domains(fs)}
    # a literal key = value file whose disks carry xm's prefixes: xm's meaning, as `config check -v` says
    assert doms["/etc/xen/guest01.cfg"].dialect == "xm"
    assert doms["/var/lib/xend/domains/4f2a3b1c-0d9e-4c55-9a7e-1b2c3d4e5f60/config.sxp"].dialect == "sxp"


def test_an_unreadable_config_directory_is_not_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "r"
    (root / "etc/xen").mkdir(parents=True)
    (root / "etc/xen/web.cfg").write_text('name = "web"\nmemory = 256\n')
    real_scandir = os.scandir
    denied = str(root / "etc/xen")

    def scandir(path: str) -> object:  # what a non-root scan of a 0700 /etc/xen meets (root would read it)
        if str(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("xlref.host.fs.os.scandir", scandir)
    out = io.StringIO()
    assert run(str(root), fmt="json", stdout=out, stderr=io.StringIO(), progress=False) == ExitCode.NEEDS_HUMAN
    checks = {c["id"]: c for c in json.loads(out.getvalue())["checklist"]}
    assert checks["capture-definitions"]["status"] == "human"  # it said "no domains found: done"
    assert checks["capture-definitions"]["evidence"] == [
        "/etc/xen: cannot list: Permission denied (not read: check by hand)"]


@pytest.mark.parametrize("columns", [80, 120])
def test_terminal_tables_have_headers_and_fit(host: Path, columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    run(str(host), stdout=out, stderr=io.StringIO(), progress=False)
    lines = out.getvalue().splitlines()
    body = lines[lines.index("Checklist"):-1]
    too_wide = [line for line in body if len(line) > columns and not line.startswith(("Domains:", "Scripts:"))]
    assert too_wide == []
    for header in ("  status  config", "  status  line  option", "  status  file", "  status  script"):
        assert any(line.startswith(header) for line in lines), header
    rule = lines.index(next(line for line in lines if line.startswith("  status  config"))) + 1
    assert set(lines[rule].replace(" ", "")) == {"-"}


def test_libvirt_xml_beside_the_configs_is_a_domain_not_python(tmp_path: Path) -> None:
    """An exported domain XML in /etc/xen was read as Python (34 syntax errors, 'needs a human')."""
    root = tmp_path / "r"
    (root / "etc/xen").mkdir(parents=True)
    (root / "etc/xen/web.xml").write_text("<domain type='xen'>\n  <name>web</name>\n  <memory>262144</memory>\n"
                                          "  <os><type>linux</type><kernel>/boot/vmlinuz</kernel></os>\n</domain>\n")
    (root / "etc/xen/cut.xml").write_text("<domain type='xen'><name>cut")
    fs = HostFS(str(root), ("/etc",))
    doms = {d.path: d for d in domains.scan_domains(fs)}
    web, cut = doms["/etc/xen/web.xml"], doms["/etc/xen/cut.xml"]
    assert (web.dialect, web.name, web.codes, web.status) == ("libvirt", "web", {}, Status.TODO)
    assert web.libvirt.ok and 'name = "web"' in web.xl.text
    assert cut.status is Status.HUMAN and (cut.xl.error or "").startswith("invalid libvirt XML: ")


def test_a_bundle_dir_that_cannot_be_looked_at_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--write under a directory without search permission raised PermissionError from Path.exists (as a
    non-root user; root may look anywhere, so the denial is simulated here)."""
    target = tmp_path / "locked" / "bundle"

    def denied(out: Path, root: str) -> None:
        raise PermissionError(13, "Permission denied", str(out))

    monkeypatch.setattr("xlref.host.bundle.check_target", denied)
    err = io.StringIO()
    code = run(str(tmp_path), write=str(target), stdout=io.StringIO(), stderr=err, progress=False)
    assert code == ExitCode.WRITE_ERROR
    assert err.getvalue() == f"xlref host scan: {target}: cannot write the bundle there: Permission denied\n"
