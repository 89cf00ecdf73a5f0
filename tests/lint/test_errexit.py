"""`set -e` and the exit number: bash ignores -e for a command in an if/elif/while/until test, before the last
&& or || of a list, and after `!`, so there only zero-or-not of the call's status is used and xm's other failure
number (3 for a missing domain, xl's 1) cannot reach the script.  Elsewhere under -e it ends the script with
that number.  Shipped dataset, with the assumption that leaves the failure number as the only difference."""

from __future__ import annotations

import pytest

from tests.lint.outkit import dataset
from xlref.lint.engine import Linter, Settings

#: (script, is the fix safe): xm pause on web1 is the last-but-one statement (the script's status is echo's)
ROWS = [
    ("set -e\nxm pause web1\necho\n", False),  # a failure ends the script with xm's number
    ("set -e\nif xm pause web1; then :; fi\necho\n", True),
    ("set -e\nif true; then :; elif xm pause web1; then :; fi\necho\n", True),
    ("set -e\nif true; then xm pause web1; fi\necho\n", False),  # the body is not the test
    ("set -e\nwhile xm pause web1; do :; done\necho\n", True),
    ("set -e\nuntil xm pause web1; do :; done\necho\n", True),
    ("set -e\nwhile true; do xm pause web1; break; done\necho\n", False),
    ("set -e\nxm pause web1 || echo failed\necho\n", True),
    ("set -e\nxm pause web1 && echo ok\necho\n", True),
    ("set -e\ntrue && xm pause web1\necho\n", False),  # after the last &&: -e applies
    ("set -e\n! xm pause web1\necho\n", True),
    ("set -e\nif { xm pause web1; true; }; then :; fi\necho\n", True),
    ("set -e\nf() { xm pause web1; }\nf\necho\n", False),  # function body: depends on the call site
    ("xm pause web1\necho\n", True),  # no -e: nothing reads the number
]


@pytest.mark.parametrize(("src", "safe"), ROWS)
def test_failure_number_under_errexit(src: str, safe: bool) -> None:
    linter = Linter(dataset(), Settings(target="xl", assume=["no-managed-domains"]))
    (main,) = [f for f in linter.lint("t.sh", src.encode()) if f.code == "XL101"]
    assert main.fix is not None
    assert (main.fix.applicability.value == "safe") == safe, main.message
    if not safe:
        assert "xm exits 3 and xl exits 1" in main.message
