"""xen2libvirt's whole job: a directory converted recursively (/etc/xen and xend's store), one file per domain,
a summary, the exit code of the worst result, and --define into libvirt -- proven end to end against libvirt's
test driver (test:///default), which keeps its state inside one virsh process (so define and the dumpxml that
verifies it run in one)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.config.corpus import CORPUS, HOST, OWN
from xlref.cli_config import app
from xlref.config.define import define_domains
from xlref.config.options import ConvertOptions
from xlref.config.run import convert as run

runner = CliRunner()
TEST_URI = "test:///default"


def _run(path: Path | str, **kw: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    opts = ConvertOptions(**{"to": "libvirt", **kw})
    code = run(str(path), opts.to, opts=opts, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_directory_one_file_per_domain_and_a_summary(tmp_path: Path) -> None:
    code, summary, err = _run(HOST, output=str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db01.xml", "mail01.xml", "web01.xml"]
    lines = summary.splitlines()
    assert lines[-1] == "summary: 3 converted, 1 refused, 3 skipped (7 files)"
    assert any(line.startswith("refused") and "row.cfg" in line and "--set vmid=VALUE" in line for line in lines)
    assert any("auto/web01.cfg: the same file as" in line for line in lines)
    assert any("xend-config.sxp: not a domain config" in line for line in lines)
    assert any(line.startswith("converted") and "config.sxp" in line and "mail01.xml" in line for line in lines)
    assert code == 1  # the worst result: a refusal
    assert "warning: " + str(HOST / "etc/xen/db01.cfg") in err  # every warning names its file


def test_directory_exit_0_when_everything_converts(tmp_path: Path) -> None:
    tree = tmp_path / "etc-xen"
    shutil.copytree(HOST / "etc" / "xen", tree, symlinks=True)
    (tree / "row.cfg").unlink()
    code, summary, _ = _run(tree, output=str(tmp_path / "out"), to="xl")
    assert code == 0 and summary.endswith("summary: 2 converted, 3 skipped (5 files)\n")
    assert (tmp_path / "out" / "web01.cfg").read_text().startswith("# web01: PV guest")


def test_directory_set_applies_to_every_file(tmp_path: Path) -> None:
    code, summary, _ = _run(HOST, output=str(tmp_path), sets=["vmid=4"])
    assert code == 0 and "row4.xml" in summary


def test_directory_needs_an_outdir() -> None:
    code, _, err = _run(HOST)
    assert code == 2 and "needs -o OUTDIR" in err


def test_directory_duplicate_domain_names_refused(tmp_path: Path) -> None:
    tree = tmp_path / "xen"
    tree.mkdir()
    for name in ("a.cfg", "b.cfg"):
        (tree / name).write_text('name = "same"\nmemory = 256\nkernel = "/boot/vmlinuz"\n')
    code, summary, _ = _run(tree, output=str(tmp_path / "out"))
    assert code == 1 and "domain 'same' is already defined by" in summary


def test_define_end_to_end(libvirt_oracle: Any, tmp_path: Path) -> None:
    """Defined and dumped back in the test driver; libvirt kept name, memory, vcpus, disks and interfaces."""
    code, summary, err = _run(HOST, output=str(tmp_path), define=True, connect=TEST_URI)
    assert summary.splitlines()[-1] == "summary: 3 defined, 1 refused, 3 skipped (7 files)", err
    assert summary.count("libvirt kept name, memory, vcpus, disks and interfaces") == 3
    assert code == 1  # row.cfg was refused


def test_define_refuses_to_replace_unless_forced(libvirt_oracle: Any) -> None:
    """ling's test.dom is a domain called test, like the test driver's own: it is not replaced without --force."""
    real = CORPUS / "ling__test.dom"
    code, _, err = _run(real, define=True, connect=TEST_URI)
    assert code == 1 and "exists: test: libvirt already has a domain of this name" in err
    code, _, err = _run(real, define=True, connect=TEST_URI, force=True)
    assert code == 0 and "defined: test: libvirt kept" in err


def test_define_function_reports_each_domain(libvirt_oracle: Any) -> None:
    good = (OWN / "sxp-domain.sxp")
    _, xml, _ = _run(good)
    bad = xml.replace("<memory unit=\"KiB\">524288</memory>", "<memory unit=\"KiB\">lots</memory>")
    done = define_domains([("sxp-guest", xml), ("broken", bad.replace("sxp-guest", "broken"))], TEST_URI)
    assert [(d.name, d.status) for d in done] == [("sxp-guest", "defined"), ("broken", "failed")]


def test_dry_run_is_the_default(tmp_path: Path) -> None:
    code, _, err = _run(OWN / "sxp-domain.sxp", output=str(tmp_path / "g.xml"), connect="qemu:///nowhere")
    assert code == 0 and "defined" not in err and (tmp_path / "g.xml").is_file()


def test_define_needs_libvirt_output() -> None:
    result = runner.invoke(app, ["convert", str(OWN / "xl-clean.cfg"), "--to", "xl", "--define"])
    assert result.exit_code == 2 and "--define imports libvirt XML" in result.output


def test_define_without_virsh(monkeypatch: Any) -> None:
    monkeypatch.setattr("xlref.config.define.shutil.which", lambda name: None)
    code, _, err = _run(OWN / "sxp-domain.sxp", define=True)
    assert code == 2 and "virsh is not installed" in err


def test_an_unreachable_libvirt_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, err = _run(OWN / "sxp-domain.sxp", output=str(tmp_path / "g.xml"), define=True,
                        connect="qemu+unix:///system?socket=/nonexistent/sock")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("xlref config convert: --define: virsh cannot list the domains (")
    assert lines[0].endswith("); nothing was defined")


def test_directory_special_files_are_named_never_opened(tmp_path: Path) -> None:
    """A FIFO (a read would block), a symlink loop (pathlib raised RuntimeError: a traceback) and a dangling
    link are each listed as skipped with the reason; the config beside them still converts."""
    import os

    tree = tmp_path / "xen"
    tree.mkdir()
    (tree / "web.cfg").write_text('name = "web"\nkernel = "/boot/vmlinuz"\nmemory = 256\n')
    os.mkfifo(tree / "events")
    (tree / "loop").symlink_to("loop")
    (tree / "gone.cfg").symlink_to("nowhere.cfg")
    code, summary, err = _run(tree, output=str(tmp_path / "out"))
    assert code == 0 and "Traceback" not in err
    lines = dict(line.split(" ", 1) for line in summary.splitlines())
    assert lines["summary:"] == "1 converted, 3 skipped (4 files)"
    skipped = [line for line in summary.splitlines() if line.startswith("skipped")]
    assert any(str(tree / "events") in s and "not a regular file" in s for s in skipped)
    assert any(str(tree / "gone.cfg") in s and "not a regular file" in s for s in skipped)
    assert any(str(tree / "loop") in s and "not opened" in s for s in skipped)
