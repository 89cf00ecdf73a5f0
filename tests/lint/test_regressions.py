"""Every reproducer of the fuzz and fault campaign (issue 12), as it was reported, with the expected outcome."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.lint.kit import fix, lint, linter
from xlref.findings import Applicability, Edit, Finding, Fix, Severity
from xlref.lint import judge
from xlref.lint.apply import fix_source
from xlref.lint.verdict import Judge
from xlref.report import render
from xlref.report.diff import unified_bytes

from .test_writes import call


def fixed_and_messages(src: bytes, unsafe: bool = True, target: str = "xl") -> tuple[bytes, list[str]]:
    lin = linter(target)
    res = fix_source(src, lambda b: lin.lint("t.sh", b), unsafe, Judge("t.sh"))
    return res.source, [f"{f.code} {f.message}" for f in res.remaining]


# -- line continuations, here-strings, redirections: byte-exact or no fix with a reason ------------------

@pytest.mark.parametrize(("src", "expected", "reason"), [
    # the fix used to join the continuation into one line; words are now edited in place, so it stays
    (b"xm save d \\\nf\n", b"xl save d \\\nf\n", ""),
    # with CR-LF, `\<CR><LF>` ends the command in bash: `f` is another command, never merged into this one
    (b"xm save d \\\r\nf\r\n", None, "CR-LF"),
    # a backslash-newline inside a word: bash runs `mem-set`; `xl mem-set\<newline>et` would run mem-setet
    (b"xm mem-s\\\net d 512\n", None, "joins two of its words"),
    # a here-string between arguments used to be dropped (stdin lost) in a "safe" fix; now it is kept
    (b"xm save d <<<x f\n", b"xl save d <<<x f\n", ""),
    # words after a redirection's target are arguments to bash, not to tree-sitter
    (b"xm list >o -l\n", None, "after a redirection"),
    (b"xm list 2>/dev/null -l\n", None, "after a redirection"),
    # continuations between words an edit does not touch are kept byte for byte
    (b"xm create a.cfg \\\n  -c\n", b"xl create a.cfg \\\n  -c\n", ""),
    (b"xm pause \\\n  web1\n", b"xl pause \\\n  web1\n", ""),
    (b"xm pause web1 <<<x\n", b"xl pause web1 <<<x\n", ""),
])
def test_continuations_and_redirections(src: bytes, expected: bytes | None, reason: str) -> None:
    out, messages = fixed_and_messages(src)
    assert out == (src if expected is None else expected)
    assert out.count(b"\n") == src.count(b"\n")
    if reason:
        assert any("no automatic fix" in m and reason in m for m in messages), messages


# -- heredocs: rewritten only when a shell reads them as its script --------------------------------------

@pytest.mark.parametrize(("src", "rewritten"), [
    (b"bash restore.sh <<EOF\nxm pause d\nEOF\n", False),  # stdin of restore.sh: data
    (b"sh -c 'cat' <<EOF\nxm pause d\nEOF\n", False),
    (b"bash -x ./job <<'EOF'\nxm pause d\nEOF\n", False),
    (b"cat <<EOF\nxm pause d\nEOF\n", False),
    (b"bash <<EOF\nxm pause d\nEOF\n", True),
    (b"bash -s -- arg <<'EOF'\nxm pause d\nEOF\n", True),
    (b"sudo sh -e <<'EOF'\nxm pause d\nEOF\n", True),
    (b"ssh node2 <<'EOF'\nxm pause d\nEOF\n", True),
    (b"ssh node2 tee log <<'EOF'\nxm pause d\nEOF\n", False),
])
def test_heredoc_only_when_a_shell_runs_it(src: bytes, rewritten: bool) -> None:
    out, _ = fixed_and_messages(src)
    assert out == (src.replace(b"xm pause", b"xl pause") if rewritten else src)


# -- bash is the judge ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("src", "line", "words"), [
    (b"xm pause d; done\n", 1, "unexpected token `done'"),
    (b"for m inX;do xm pause d; done\n", 1, "unexpected token `inX'"),
    (b"if true; then\n# only a comment\nfi\nxm pause d\n", 3, "unexpected token `fi'"),
    (b"if true; then\r\nxm pause d\r\nfi\r\n", 3, "line 4: syntax error: unexpected end of file"),
    (b"echo ${\nxm pause d\n", 1, "looking for matching `}'"),
    (b"#!/bin/sh\narr=(1 2)\nxm pause d\n", 2, "Syntax error"),  # dash judges #!/bin/sh scripts
])
def test_files_the_shell_rejects_are_never_fixed(tmp_path: Path, src: bytes, line: int, words: str) -> None:
    f = tmp_path / "t.sh"
    f.write_bytes(src)
    code, out, err = call(str(f), fix=True, unsafe_fixes=True, fmt="json")
    assert f.read_bytes() == src
    doc = json.loads(out)
    syntax = [x for x in doc["findings"] if x["code"] == "XL904"]
    assert len(syntax) == 1 and syntax[0]["line"] == line and words in syntax[0]["message"], syntax
    assert syntax[0]["message"].startswith(("`bash -n` rejects", "`dash -n` rejects"))
    assert all(x["fix"] is None for x in doc["findings"])
    assert code == 1 and "Fixed" not in err


def test_tree_sitter_gaps_are_not_called_syntax_errors() -> None:
    src = b"xm pause a\ncase x in (a) echo ;; esac\n"
    assert judge.check(src).ok
    found = Judge("t.sh").findings(lint(src), judge.check(src), src)
    assert all("rejects" not in f.message for f in found)


def test_a_result_the_shell_rejects_is_withdrawn() -> None:
    src = b"xm pause a\n"
    bad = Finding("t.sh", "XL101", Severity.WARNING, "xm pause (safe fix)", 1, 1, 1, 1, 0, 2,
                  Fix(Applicability.SAFE, (Edit(0, 2, b"if"),)))
    res = fix_source(src, lambda b: [bad] if b == src else [], False, Judge("t.sh"))
    assert res.source == src and res.applied == 0 and res.abandoned and "rejects" in res.why
    assert res.remaining[0].fix is None and res.remaining[0].message.startswith("xm pause (no automatic fix: ")


# -- fixed point ------------------------------------------------------------------------------------------

def test_deep_nesting_reaches_a_fixed_point() -> None:
    depth = 30  # the fixer used to stop silently after 10 passes
    inner = "web1"
    for _ in range(depth):
        inner = f'"$(xm domid {inner})"'
    src = f"xm pause {inner}\n".encode()
    once = fix(src, judged=True)
    assert b"xm" not in once and once.count(b"xl domid") == depth
    assert fix(once, judged=True) == once


def test_passes_that_never_converge_are_an_error() -> None:
    def grow(src: bytes) -> list[Finding]:  # a (buggy) rule whose fix always finds more to do
        return [Finding("t.sh", "XL101", Severity.WARNING, "m", 1, 1, 1, 1, 0, 0,
                        Fix(Applicability.SAFE, (Edit(0, 0, b"#"),)))]

    res = fix_source(b"xm list\n", grow, False)
    assert res.source == b"xm list\n" and "fixed point" in res.error

    def flip(src: bytes) -> list[Finding]:
        new = b"b" if src[:1] == b"a" else b"a"
        return [Finding("t.sh", "XL101", Severity.WARNING, "m", 1, 1, 1, 1, 0, 1,
                        Fix(Applicability.SAFE, (Edit(0, 1, new),)))]

    res = fix_source(b"a\n", flip, False)
    assert res.source == b"a\n" and "circle" in res.error


def test_non_converging_file_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xlref.lint.apply

    f = tmp_path / "a.sh"
    f.write_bytes(b"xm dmesg # a\n")
    other = tmp_path / "b.sh"
    other.write_bytes(b"xm dmesg # b\n")
    real = xlref.lint.apply.fix_source

    def broken(source: bytes, *args: object, **kw: object) -> xlref.lint.apply.FixResult:
        res = real(source, *args, **kw)  # type: ignore[arg-type]
        if source.endswith(b"a\n"):
            res.error, res.source = "the fixes did not reach a fixed point within 2 passes", source
        return res

    monkeypatch.setattr(xlref.lint.apply, "fix_source", broken)
    code, _, err = call(str(f), str(other), fix=True)
    assert code == 2 and "a.sh: the fixes did not reach a fixed point" in err
    assert f.read_bytes() == b"xm dmesg # a\n" and other.read_bytes() == b"xl dmesg # b\n"


# -- diff, machine formats --------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_diff_with_lone_cr_applies(tmp_path: Path) -> None:
    src = b"echo a\rb\nxm pause d\recho c\nx=1\r\r\nxm info\n"
    fixed = fix(src, judged=True)
    assert fixed != src
    (tmp_path / "s.sh").write_bytes(src)
    (tmp_path / "p.diff").write_bytes(unified_bytes({"s.sh": src}, {"s.sh": fixed}))
    subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True)
    assert (tmp_path / "s.sh").read_bytes() == fixed


HOSTILE = b"#!/bin/bash\n# caf\xe9 \x1b[31m\x01\nxm pause \xff\xfe\x0c\nxm mem-set \"d\xe9\x07\" 512\nxm list <&>\n"


@pytest.mark.parametrize("fmt", ["json", "sarif", "checkstyle"])
def test_machine_formats_stay_valid(fmt: str) -> None:
    path = "dir/caf\udce9 \x1b.sh"  # a file name that is not UTF-8, with a control character
    found = linter().lint(path, HOSTILE)
    text = render(found, fmt, {path: HOSTILE}, rules=[], omitted={path: 3})
    raw = text.encode("utf-8")  # strict: no lone surrogates left
    if fmt == "checkstyle":
        root = ET.fromstring(raw)
        assert len(root.findall("file/error")) == len(found)
    else:
        doc = json.loads(raw.decode("utf-8"))
        assert doc
    assert "\ufffd" in text


def test_json_edit_content_that_is_not_utf8_comes_as_base64() -> None:
    f = Finding("t.sh", "XL101", Severity.WARNING, "m", 1, 1, 1, 1, 0, 1,
                Fix(Applicability.SAFE, (Edit(0, 1, b"x\xff"),)))
    edit = json.loads(render([f], "json", {"t.sh": b"a\n"}))["findings"][0]["fix"]["edits"][0]
    assert edit["content_base64"] == "eP8=" and edit["content"] == "x\ufffd"
    sarif = json.loads(render([f], "sarif", {"t.sh": b"a\n"}, rules=[]))
    assert sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0][
        "insertedContent"] == {"binary": "eP8="}


# -- scale ------------------------------------------------------------------------------------------------

def test_one_huge_string_gives_one_xl903() -> None:
    src = b"LIST='" + b"xm list\n" * 12_800 + b"'\n$LIST\n"  # ~100 KB: used to give 12,800 findings in 47 s
    t0 = time.process_time()
    found = lint(src)
    assert time.process_time() - t0 < 5
    assert [f.code for f in found] == ["XL903"]


def test_per_file_cap_with_a_summary(tmp_path: Path) -> None:
    f = tmp_path / "a.sh"
    f.write_bytes(b"xm dmesg\n" * 1500)
    code, out, _ = call(str(f))
    text = out.decode()
    assert code == 1 and text.count(": XL101 [warning]") == 1000
    assert f"{f}: 500 more findings not shown" in text and "Found 1500 findings" in text
    doc = json.loads(call(str(f), fmt="json")[1])
    assert len(doc["findings"]) == 1000 and doc["summary"]["omitted"] == {str(f): 500}
    assert len(json.loads(call(str(f), fmt="json", max_findings=0)[1])["findings"]) == 1500


def test_tty_report_is_linear() -> None:
    def cost(n: int) -> float:
        src = b"echo " + b"x" * 200 + b"\nxm pause a\n" * n
        found = lint(src)
        t0 = time.process_time()
        render(found, "tty", {"t.sh": src})
        return time.process_time() - t0

    small, big = cost(2_000), cost(16_000)  # 8x the findings on an 8x file: ~8x the time, never 64x
    assert big < 20 * max(small, 0.01), (small, big)


def test_stdin_report_goes_to_stderr_as_the_only_thing_there() -> None:
    out, err = io.BytesIO(), io.StringIO()
    from xlref.lint.run import Options, run

    code = run(Options(paths=["-"], fix=True, fmt="sarif", use_config=False), stdin=io.BytesIO(b"xm dmesg\n"),
               stdout=out, stderr=err)
    assert out.getvalue() == b"xl dmesg\n" and code == 0
    assert json.loads(err.getvalue())["version"] == "2.1.0"
