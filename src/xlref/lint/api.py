"""The lint wing's public face: what the other wings (lookup, site, host) may use.  Everything else under
xlref.lint is internal and may move; these names stay.

- rewrite_call: one xm call's rewrite for a target (lookup shows it next to the mapping).
- Linter, Settings: lint one file's bytes; fix_source applies the fixes to a fixed point; lint_judged lints with
  the shell's own verdict first (Judge, JudgeUnavailable when no shell can judge).
- looks_like_shell: whether a file is a shell script by its name and first bytes (the discovery rule).
"""

from __future__ import annotations

from xlref.lint.apply import fix_source, lint_judged
from xlref.lint.discover import looks_like_shell
from xlref.lint.engine import Linter, Settings
from xlref.lint.judge import JudgeUnavailable
from xlref.lint.oneline import rewrite_call
from xlref.lint.verdict import Judge

__all__ = ["Judge", "JudgeUnavailable", "Linter", "Settings", "fix_source", "lint_judged", "looks_like_shell",
           "rewrite_call"]
