"""What one xm call becomes on each target, for `xlref lookup xm CMD ARGS...`.

The call is linted as a one-line script by the same data-driven engine as `xlref lint`, so the lookup and
the linter can never disagree about a rewrite.
"""

from __future__ import annotations

import shlex
from typing import Any

from xlref.data.load import Dataset
from xlref.lint.apply import fix_source
from xlref.lint.engine import Linter, Settings


def rewrite_call(data: Dataset, word: str, args: list[str], target: str,
                 release: str | None = None) -> dict[str, Any]:
    """{"line": the rewritten command or None, "call": what to type instead (placeholders where a value is
    unknown) or None, "fix": safe|unsafe|none, "notes": [{"code", "message"} of every finding]}"""
    source = (shlex.join(["xm", word, *args]) + "\n").encode()
    linter = Linter(data, Settings(target=target, release=release))

    def lint(src: bytes) -> list[Any]:
        return linter.lint("lookup", src)

    safe = fix_source(source, lint, unsafe=False).source
    unsafe = fix_source(source, lint, unsafe=True).source
    findings = lint(source)
    if safe != source:
        line, fix = safe, "safe"
    elif unsafe != source:
        line, fix = unsafe, "unsafe"
    else:
        line, fix = None, "none"
    call = next((f.data["call"] for f in findings if "call" in f.data), None)
    return {
        "line": line.decode().rstrip("\n") if line is not None else None,
        "call": call,
        "fix": fix,
        "notes": [{"code": f.code, "message": f.message} for f in findings],
    }
