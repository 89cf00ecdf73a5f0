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
