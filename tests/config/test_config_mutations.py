"""A setting an xm config changes in place (`disk.append(x)`, `disk += x` under an if, `disk[0] = x`) is never
written with its old value: the change is carried over when it can be worked out, else the key is refused.

The conversion used to drop such statements with a warning and exit 0, writing the guest without its extra disk.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from xlref.config.options import ConvertOptions
from xlref.config.run import convert

HEAD = 'import os\nname = "g"\nmemory = 256\nkernel = "/k"\ndisk = [ "phy:/dev/vg/a,xvda1,w" ]\n'
A = "phy:/dev/vg/a,xvda1,w"
B = "phy:/dev/vg/b,xvdb,w"


def _convert(text: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = convert("-", "xl", opts=ConvertOptions(to="xl", source="xm"), stdin=io.BytesIO(text.encode()),
                   stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("body", "disks"), [
    (f'disk.append("{B}")\n', [A, B]),
    (f'disk.extend([ "{B}" ])\n', [A, B]),
    (f'if 1:\n    disk.append("{B}")\n', [A, B]),  # a test xlref can work out: its branch is run
    (f'if 0:\n    disk.append("{B}")\n', [A]),
])
def test_a_change_that_can_be_worked_out_is_written(xlu: Any, body: str, disks: list[str]) -> None:
    code, text, err = _convert(HEAD + body)
    assert code == 0, err
    parsed = xlu.parse(text.encode(), ("disk",))
    assert parsed.ok, parsed.errors
    assert parsed.values["disk"] == disks


@pytest.mark.parametrize(("body", "line"), [
    (f'if os.path.exists("/dev/vg/b"):\n    disk.append("{B}")\n', 7),
    (f'if os.path.exists("/dev/vg/b"):\n    disk += [ "{B}" ]\n', 7),
    ('for d in ("b", "c"):\n    disk.append("phy:/dev/vg/%s,xvd%s,w" % (d, d))\n', 7),
    (f'disk.insert(0, "{B}")\n', 6),
    (f'disk[0] = "{B}"\n', 6),
])
def test_a_change_that_needs_run_time_refuses_the_key(body: str, line: int) -> None:
    code, text, err = _convert(HEAD + body)
    assert code == 1 and text == ""
    assert f"-:{line}: disk: " in err, err


def test_check_points_at_the_call_and_offers_no_fix_over_it() -> None:
    """The appended disk is found on the call's line, the first disk once on its own line; no fix would write a
    bare literal over `disk.append(...)`."""
    from xlref.config.check import check_config
    from xlref.config.xmcmd import read_with_sets

    findings = check_config(read_with_sets(HEAD + f'disk.append("{B}")\n', "g.cfg", []))
    assert sorted((f.code, f.line) for f in findings if f.code in ("XL502", "XL503", "XL518")) == [
        ("XL502", 6), ("XL503", 6), ("XL518", 5), ("XL518", 6)]
    assert all(f.fix is None for f in findings if f.line == 6)
