"""`xlref host scan` through the real command line: formats, exit codes by the worst finding, progress."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.host.hosttree import build
from xlref.exitcodes import ExitCode
from xlref.host.run import run


def xlref(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xlref", *args], capture_output=True, text=True, check=False,
                          timeout=120)


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("clihost") / "root")


def test_text_summary(host: Path) -> None:
    proc = xlref("host", "scan", str(host))
    assert proc.returncode == ExitCode.NEEDS_HUMAN, proc.stderr
    assert "MANAGED DOMAINS VANISH WITH XEND" in proc.stdout
    assert re.search(r"^checklist: \d+ done, \d+ to do, \d+ need a human; worst: needs a human \(exit 4\)$",
                     proc.stdout, re.M)
    assert proc.stderr == ""  # no progress line when stderr is not a terminal


def test_markdown_has_a_table_per_section(host: Path) -> None:
    out = io.StringIO()
    run(str(host), fmt="md", stdout=out, stderr=io.StringIO(), progress=False)
    text = out.getvalue()
    for title in ("Checklist", "Domains", "xend settings", "Boot and services", "Scripts", "Problems"):
        assert f"\n## {title}\n" in text
    assert text.count("\n|---|") == 6


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.refs += [v or "" for k, v in attrs if k in ("src", "href")]


def test_html_is_self_contained_with_a_table_per_section(host: Path) -> None:
    out = io.StringIO()
    run(str(host), fmt="html", stdout=out, stderr=io.StringIO(), progress=False)
    page = _Collect()
    page.feed(out.getvalue())
    assert page.tags.count("table") == 6 and page.tags.count("h2") == 6
    assert page.refs == [] and "script" not in page.tags and "link" not in page.tags
    assert "<style>" in out.getvalue()


def _minimal(tmp_path: Path, with_xend_link: bool) -> Path:
    root = tmp_path / "r"
    (root / "etc/rc2.d").mkdir(parents=True)
    if with_xend_link:
        (root / "etc/rc2.d/S20xend").symlink_to("../init.d/xend")
    return root


@pytest.mark.parametrize(("xend_link", "code"), [(False, ExitCode.OK), (True, ExitCode.FINDINGS)])
def test_exit_code_follows_the_worst_row(tmp_path: Path, xend_link: bool, code: ExitCode) -> None:
    root = _minimal(tmp_path, xend_link)
    assert run(str(root), stdout=io.StringIO(), stderr=io.StringIO(), progress=False) == code


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "xml"], "unknown format 'xml'"),
    (["--target", "kvm"], "unknown target 'kvm'"),
])
def test_usage_errors(host: Path, args: list[str], message: str) -> None:
    proc = xlref("host", "scan", str(host), *args)
    assert proc.returncode == ExitCode.USAGE and message in proc.stderr and "Traceback" not in proc.stderr


def test_missing_root() -> None:
    proc = xlref("host", "scan", "/no/such/root")
    assert proc.returncode == ExitCode.INPUT_ERROR
    assert proc.stderr.strip() == "xlref host scan: /no/such/root: not a directory"


def test_progress_when_asked(host: Path) -> None:
    from xlref.data.load import load_dataset
    from xlref.host import scan

    err = io.StringIO()
    scan.scan(scan.Options(str(host), progress=err), load_dataset())
    assert "domains:" in err.getvalue() or "scripts:" in err.getvalue()
    assert err.getvalue().endswith("\r\x1b[K")


def test_unreadable_xend_config_is_a_human_item_not_a_crash(tmp_path: Path) -> None:
    root = tmp_path / "r"
    (root / "etc/xen").mkdir(parents=True)
    (root / "etc/xen/xend-config.sxp").write_text("(logfile /var/log/xen/xend.log)\n(dom0-min-mem 256\n")
    out = io.StringIO()
    assert run(str(root), fmt="json", stdout=out, stderr=io.StringIO(), progress=False) == ExitCode.NEEDS_HUMAN
    doc = json.loads(out.getvalue())
    item = next(c for c in doc["checklist"] if c["id"] == "xend-settings")
    assert item["status"] == "human"
    assert item["evidence"] == ["/etc/xen/xend-config.sxp:2: cannot read xend-config.sxp: unbalanced '(': the form "
                                "is never closed"]
