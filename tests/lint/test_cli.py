"""`xlref lint` end to end: exit codes, writing, formats (golden files), config, stdin, typer wiring."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lint.kit import DATA, FIXTURES, GOLDEN
from xlref.lint.run import Options, run

FORMATS = ["tty", "gcc", "json", "sarif", "checkstyle", "diff"]


def _clear_loader_caches() -> None:
    """Forget every cached value of xlref's modules: the dataset and everything derived from it (config key
    table, indexes...), so a test on the fixture dataset leaves nothing behind for the next one."""
    import sys

    for name, module in list(sys.modules.items()):
        if name == "xlref" or name.startswith("xlref."):
            for obj in list(vars(module).values()):
                if callable(getattr(obj, "cache_clear", None)):
                    obj.cache_clear()


@pytest.fixture(autouse=True)
def _data(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XLREF_DATA", str(DATA))
    _clear_loader_caches()
    yield
    _clear_loader_caches()


def call(*paths: str, stdin: bytes = b"", **kw: object) -> tuple[int, str, str]:
    out, err = io.BytesIO(), io.StringIO()
    opts = Options(paths=list(paths), use_config=bool(kw.pop("use_config", False)))
    for k, v in kw.items():
        setattr(opts, k, v)
    code = run(opts, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue().decode("utf-8", "surrogateescape"), err.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    dst = tmp_path / "scripts"
    shutil.copytree(FIXTURES, dst)
    return dst


def test_exit_codes(tmp_path: Path) -> None:
    clean = tmp_path / "clean.sh"
    clean.write_text("xl list\n")
    dirty = tmp_path / "dirty.sh"
    dirty.write_text("xm list\n")
    assert call(str(clean))[0] == 0
    assert call(str(dirty))[0] == 1
    assert call(str(dirty), exit_zero=True)[0] == 0
    code, out, err = call(str(tmp_path / "missing.sh"))
    assert code == 2 and "no such file" in err and out == ""
    binary = tmp_path / "bin.sh"
    binary.write_bytes(b"\x7fELF\0\0xm list")
    code, out, err = call(str(binary), str(dirty), fix=True)
    assert code == 2 and "bin.sh: binary file" in err
    assert dirty.read_text() == "xl list\n"  # one bad input is reported; the others are still fixed
    assert call(str(dirty), fmt="yaml")[0] == 2
    assert call(str(dirty), target="xend")[0] == 2
    assert call(str(dirty), xen="banana")[0] == 2
    assert call(str(dirty), select=["XL999"])[0] == 2


def test_fix_writes_atomically_keeps_mode_and_is_idempotent(tree: Path) -> None:
    script = tree / "init-guests.sh"
    before = script.read_bytes()
    mode = script.stat().st_mode
    code, _, err = call(str(tree), fix=True)
    after = script.read_bytes()
    assert after != before and b"XM=/usr/sbin/xl" in after
    assert script.stat().st_mode == mode
    assert "Fixed" in err
    assert code == 1  # unsafe/unfixable findings remain
    call(str(tree), fix=True)
    assert script.read_bytes() == after
    assert not [p for p in tree.iterdir() if p.name.startswith(".")]  # no temp files left


def test_fix_writes_through_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real.sh"
    real.write_text("xm pause a\n")
    link = tmp_path / "link.sh"
    link.symlink_to(real)
    call(str(link), fix=True)
    assert link.is_symlink() and real.read_text() == "xl pause a\n"


def test_all_fixed_exits_zero(tmp_path: Path) -> None:
    f = tmp_path / "a.sh"
    f.write_text("xm pause web1\nxm unpause web1\n")
    assert call(str(f), fix=True)[0] == 0
    assert f.read_text() == "xl pause web1\nxl unpause web1\n"


def test_diff_writes_nothing_and_applies_with_git(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    monkeypatch.chdir(tree)
    code, out, _ = call(".", diff=True, unsafe_fixes=True)
    assert code == 1 and out.startswith("--- a/")
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
    patch = tree / "fix.patch"
    patch.write_text(out)
    subprocess.run(["git", "apply", "fix.patch"], cwd=tree, check=True)
    patch.unlink()
    code, out2, _ = call(".", diff=True, unsafe_fixes=True)
    assert code == 0 and out2 == ""


def test_stdin(tmp_path: Path) -> None:
    code, out, _ = call("-", stdin=b"xm list\n", fmt="gcc")
    assert code == 1 and out.startswith("-:1:1: warning:")
    code, out, _err = call("-", stdin=b"xm list\n", fix=True)
    assert out == "xl list\n" and code == 0


def test_select_ignore_and_config(tmp_path: Path) -> None:
    f = tmp_path / "a.sh"
    f.write_text("xm list\nservice xend start\n")
    assert json.loads(call(str(f), fmt="json", select=["XL4"])[1])["summary"]["by_code"] == {"XL401": 1}
    assert json.loads(call(str(f), fmt="json", ignore=["XL401,XL101"])[1])["findings"] == []
    (tmp_path / ".xlref.toml").write_text('ignore = ["XL101"]\ntarget = "virsh"\n')
    doc = json.loads(call(str(f), fmt="json", use_config=True)[1])
    assert [x["code"] for x in doc["findings"]] == ["XL401"]
    assert "libvirtd" in doc["findings"][0]["message"]
    (tmp_path / ".xlref.toml").write_text("bogus = 1\n")
    assert call(str(f), use_config=True)[0] == 2


def test_pyproject_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.xlref.lint]\nselect = ["XL4"]\n')
    sub = tmp_path / "bin"
    sub.mkdir()
    f = sub / "a.sh"
    f.write_text("xm list\nservice xend start\n")
    doc = json.loads(call(str(f), fmt="json", use_config=True)[1])
    assert [x["code"] for x in doc["findings"]] == ["XL401"]


def test_nearest_config_per_file_and_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / ".xlref.toml").write_text('[lint]\nper-file-ignores = {"legacy/*" = ["XL1"]}\n')
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "a.sh").write_text("xm list\nservice xend start\n")
    (tmp_path / "virt").mkdir()
    (tmp_path / "virt" / ".xlref.toml").write_text('target = "virsh"\n')
    (tmp_path / "virt" / "b.sh").write_text("xm pause a\n")
    doc = json.loads(call(str(tmp_path), fmt="json", use_config=True)[1])
    got = sorted((Path(f["path"]).name, f["code"], f["message"].split("`")[1] if "`" in f["message"] else "")
                 for f in doc["findings"])
    assert got == [("a.sh", "XL401", ""), ("b.sh", "XL102", "virsh suspend a")]
    call(str(tmp_path), fix=True, use_config=True)
    assert (tmp_path / "legacy" / "a.sh").read_text() == "xm list\nservice xend start\n"  # ignored: not fixed
    assert (tmp_path / "virt" / "b.sh").read_text() == "virsh suspend a\n"


def test_verbose_lists_skipped(tree: Path) -> None:
    _, _, err = call(str(tree), verbose=True)
    assert "notes.txt" in err


def test_sniff_skips_named_non_shell_files(tree: Path) -> None:
    readme = tree / "README"
    readme.write_text("xm list\n")
    assert call(str(readme))[0] == 1  # named explicitly: linted
    code, out, err = call(str(readme), sniff=True, verbose=True)
    assert code == 0 and out == "" and "README" in err


def test_precommit_hooks_file() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text())
    ids = {h["id"]: h for h in hooks}
    assert {"xlref-lint", "xlref-fix"} <= set(ids)
    assert "--fix" in ids["xlref-fix"]["entry"]
    for h in hooks:
        assert {"id", "name", "entry", "language"} <= set(h)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    code, out, _ = call("fixtures", fmt=fmt, unsafe_fixes=True)
    assert code == 1
    golden = GOLDEN / f"fixtures.{fmt}"
    if os.environ.get("XLREF_UPDATE_GOLDEN"):
        golden.write_text(out)
    assert out == golden.read_text()


def test_sarif_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    doc = json.loads(call("fixtures", fmt="sarif")[1])
    run_ = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert "XL101" in ids and "XL904" in ids
    res = run_["results"][0]
    assert res["ruleId"] == ids[res["ruleIndex"]]
    assert "primaryLocationLineHash" in res["partialFingerprints"]
    assert any("fixes" in r for r in run_["results"])
    hashes = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
               r["partialFingerprints"]["primaryLocationLineHash"]) for r in run_["results"]]
    assert len(set(hashes)) == len(hashes)


def test_json_shape(tmp_path: Path) -> None:
    f = tmp_path / "a.sh"
    f.write_text("xm pause web1\n")
    doc = json.loads(call(str(f), fmt="json")[1])
    (item,) = doc["findings"]
    assert {"path", "line", "column", "end_line", "end_column", "code", "severity", "message", "fix"} <= set(item)
    assert item["fix"]["applicability"] == "safe"
    assert item["fix"]["edits"][0]["content"] == "xl"


def test_typer_wiring(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from xlref import cli_lint

    app = typer.Typer()
    app.command("lint")(cli_lint.lint)
    app.command("rule")(cli_lint.rule)
    f = tmp_path / "a.sh"
    f.write_text("xm pause web1\n")
    res = CliRunner().invoke(app, ["lint", str(f), "--format", "gcc", "--target", "virsh"])
    assert res.exit_code == 1 and "virsh suspend web1" in res.output
    res = CliRunner().invoke(app, ["rule", "XL102"])
    assert res.exit_code == 0 and "renamed-command" in res.output
    res = CliRunner().invoke(app, ["rule"])
    assert res.exit_code == 0 and "XL904" in res.output
    res = CliRunner().invoke(app, ["rule", "XL000"])
    assert res.exit_code == 1


def test_assume_and_source_path(tmp_path: Path) -> None:
    script = tmp_path / "stop.sh"
    script.write_text(". /etc/default/guests\nsudo xm shutdown web1 $STOP_OPTS\n")
    code, out, err = call(str(script), fmt="gcc")
    assert "[XL907]" in out and "$STOP_OPTS" in out  # the options are unknown, and the file that sets them
    copy = tmp_path / "etc-copy" / "etc" / "default"
    copy.mkdir(parents=True)
    (copy / "guests").write_text("STOP_OPTS=-w\n")
    code, out, _ = call(str(script), fmt="gcc", source_path=[str(tmp_path / "etc-copy")])
    assert "[XL907]" not in out and "(unsafe fix: sudo runs it: a sudo rule that allows xm may not allow xl)" in out
    code, out, _ = call(str(script), fmt="gcc", source_path=[str(tmp_path / "etc-copy")],
                        assume=["sudo-allows-target"])
    assert "(safe fix, assuming sudo-allows-target)" in out
    code, _, err = call(str(script), assume=["no-such-fact"])
    assert code == 2 and "unknown assumption 'no-such-fact'" in err
    code, out, _ = call(str(script), assume=["help"])
    assert code == 0 and "sudo-allows-target" in out


def test_assume_and_source_path_in_config(tmp_path: Path) -> None:
    (tmp_path / ".xlref.toml").write_text('assume = ["sudo-allows-target"]\nsource-path = ["etc-copy"]\n')
    (tmp_path / "etc-copy").mkdir()
    (tmp_path / "etc-copy" / "guests").write_text("STOP_OPTS=\n")
    script = tmp_path / "stop.sh"
    script.write_text(". /etc/default/guests\nsudo xm pause web1 $STOP_OPTS\n")
    _code, out, _ = call(str(script), fmt="gcc", use_config=True)
    assert "(safe fix, assuming sudo-allows-target)" in out and "[XL907]" not in out
