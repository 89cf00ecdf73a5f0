"""The typer sub-app: exit codes and formats, as `xlref config ...` will run it once wired."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xlref.cli_config import app

FIX = Path(__file__).resolve().parent / "fixtures"
LIBVIRT = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "libvirt"
runner = CliRunner()


def test_check_clean_exits_0() -> None:
    result = runner.invoke(app, ["check", str(FIX / "xl-clean.cfg")])
    assert result.exit_code == 0, result.output


def test_check_findings_exit_1_and_json() -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(FIX / "xm-shared-disk.cfg")])
    assert result.exit_code == 1
    assert "XL507" in result.output
    json.loads(result.output)


@pytest.mark.parametrize("fmt", ["tty", "gcc", "sarif", "checkstyle", "diff"])
def test_check_every_format(fmt: str) -> None:
    result = runner.invoke(app, ["check", "--format", fmt, str(FIX / "xm-renamed.cfg")])
    assert result.exit_code == 1, result.output
    assert result.output


def test_check_missing_file_exits_2() -> None:
    result = runner.invoke(app, ["check", "/nonexistent/guest.cfg"])
    assert result.exit_code == 2


def test_check_bad_format_exits_2() -> None:
    assert runner.invoke(app, ["check", "--format", "yaml", str(FIX / "xl-clean.cfg")]).exit_code == 2


def test_check_exit_zero() -> None:
    assert runner.invoke(app, ["check", "--exit-zero", str(FIX / "xm-renamed.cfg")]).exit_code == 0


def test_check_fix_in_place(tmp_path: Path) -> None:
    target = tmp_path / "g.cfg"
    target.write_text("name = 'g'\ncpu_cap = 20\nmemory = 128 * 4\n")
    result = runner.invoke(app, ["check", "--fix", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text() == "name = 'g'\ncap = 20\nmemory = 512\n"


def test_check_stdin() -> None:
    result = runner.invoke(app, ["check", "--format", "gcc", "-"], input="disk = ['phy:/d,xvda,w!']\n")
    assert result.exit_code == 1 and "XL507" in result.output


def test_convert_to_xl() -> None:
    result = runner.invoke(app, ["convert", str(FIX / "xm-renamed.cfg"), "--to", "xl"])
    assert result.exit_code == 0, result.output
    assert "cap = 50" in result.output


def test_convert_refuses_python_with_exit_1() -> None:
    result = runner.invoke(app, ["convert", str(FIX / "xm-python.cfg"), "--to", "xl"])
    assert result.exit_code == 1
    assert "refused" in result.output


def test_convert_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["convert", str(FIX / "xl-clean.cfg"), "--to", "qemu"]).exit_code == 2
    assert runner.invoke(app, ["convert", str(FIX / "xl-clean.cfg"), "--to", "xm"]).exit_code == 2


def test_convert_bad_xml_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "d.xml"
    bad.write_text("<domain type='xen'><name>x</name>")
    assert runner.invoke(app, ["convert", str(bad), "--to", "xl"]).exit_code == 2


def test_convert_xml_round_trip(tmp_path: Path) -> None:
    xml = tmp_path / "d.xml"
    result = runner.invoke(app, ["convert", str(FIX / "xm-hvm.cfg"), "--to", "libvirt", "-o", str(xml)])
    assert result.exit_code == 0, result.output
    for to in ("xl", "xm"):
        back = runner.invoke(app, ["convert", str(xml), "--to", to])
        assert back.exit_code == 0, back.output
        assert 'name = "win7"' in back.output


def test_convert_libvirt_fixture_from_xm() -> None:
    cfg = LIBVIRT / "xm" / "test-paravirt-net-vifname.cfg"
    if not cfg.is_file():
        pytest.skip("libvirt fixtures not present")
    result = runner.invoke(app, ["convert", str(cfg), "--to", "libvirt", "-v"])
    assert result.exit_code == 0
    assert "<driver name=\"phy\"" in result.output  # read as xm: phy: means a block device
    assert "read as xm: nothing only one tool reads, but disk prefixes phy:" in result.output


def test_wiring_as_the_lead_will_do_it() -> None:
    import typer

    from xlref import cli_config

    main = typer.Typer()

    @main.callback()
    def _root() -> None:
        """xlref"""

    main.add_typer(cli_config.app, name="config")
    result = runner.invoke(main, ["config", "check", "--format", "gcc", str(FIX / "xm-shared-disk.cfg")])
    assert result.exit_code == 1 and "XL507" in result.output
    assert runner.invoke(main, ["config", "--help"]).exit_code == 0
