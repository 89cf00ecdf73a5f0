"""The judge's verdicts are the shell's own: the long-lived judging shell (a subshell sourcing the text after a
`set -n` line) must accept and reject exactly what `bash -n FILE` / `dash -n FILE` do, at the same line."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from tests.lint.fuzzgen import Gen, vocabulary
from xlref.data.load import load_dataset
from xlref.lint import judge

ENV = {"LC_ALL": "C", "PATH": os.defpath}
#: texts where sourcing and `-n` could plausibly differ: first-line tokens, NUL bytes, a BOM, heredocs at the end
#: of file, builtins that stop a sourced file (`return`, `exit`), shell options, dash-only forms
EDGES = [
    b"", b"\n", b";\n", b";;\n", b"&\n", b"|| true\n", b")\n", b"echo a\\\n", b"cat <<EOF\nxx\n",
    b"\xef\xbb\xbfecho hi\n", b"f() {\n", b"echo $(\n", b"case x in\n", b"exit 0\nif\n", b"return\nfi\n",
    b"a\x00b\n", b"echo @(x)\n", b"shopt -s extglob\necho @(x|y)\n", b"set -e\nset +n\nif\n", b"alias x=y\nx\n",
    b"#!/bin/sh\nx=$((1+)\n", b"#!/bin/sh\n[[ a ]]\n", b"#!/bin/sh\ncat <<<x\n", b"#!/bin/sh\nf() { :; }\n}\n",
    b"#!/bin/bash\r\nif true; then\r\n echo\r\nfi\r\n", b"echo 'unterminated\n", b"eval 'if'\n",
]


def _shell(src: bytes) -> tuple[bool, int]:
    shell = "dash" if judge.interpreter(src) == "sh" else "bash"
    proc = subprocess.run([shell, "-n", "/dev/stdin"], input=src, env=ENV, capture_output=True, check=False)
    lines = [int(m.group(1)) for m in re.finditer(rb"/dev/stdin: (?:line )?(\d+): (?!warning)", proc.stderr)]
    return proc.returncode == 0, lines[0] if lines else 0


def _cases() -> list[bytes]:
    vocab = vocabulary(load_dataset())
    return EDGES + [Gen(seed, vocab).script() for seed in range(400)]


def test_verdicts_equal_the_shells_own() -> None:
    judge.clear_cache()
    cases = _cases()
    pending = [judge.start(src) for src in cases]  # many in flight at once, as `xlref lint` asks them
    wrong = []
    for src, p in zip(cases, pending, strict=True):
        verdict = p.result()
        ok, line = _shell(src)
        if verdict.ok != ok or (not ok and line and verdict.line != line):
            wrong.append((src[:120], verdict, ok, line))
    assert not wrong, wrong[:5]
    assert sum(not p.result().ok for p in pending) > 50  # the cases do exercise rejections


def test_a_dead_shell_is_replaced() -> None:
    judge.clear_cache()
    assert judge.check(b"echo one\n").ok
    for server in list(judge._SERVERS.values()):
        server.proc.kill()
        server.proc.wait()
    assert judge.check(b"echo two\n").ok
    assert not judge.check(b"if\n").ok


@pytest.mark.parametrize("size_mb", [4])
def test_large_text_in_one_piece(size_mb: int) -> None:
    judge.clear_cache()
    body = b"xm list | awk '{print $1}'\n" * (size_mb * 1_000_000 // 27)
    assert judge.check(body).ok
    verdict = judge.check(body + b"done\n")
    assert not verdict.ok and verdict.line == body.count(b"\n") + 1
