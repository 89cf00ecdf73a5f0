"""`xlref lookup xm.cfg KEY`, `xl.cfg KEY`, `xend NAME`: every row `xlref search` prints can be looked up.

search listed `xm.cfg cpu_cap` and lookup answered "unknown tool 'xm.cfg'" (exit 2).
"""

from __future__ import annotations

import json

import pytest

from xlref.__main__ import main
from xlref.data.load import load_dataset
from xlref.exitcodes import ExitCode
from xlref.lookup.search import entries


@pytest.mark.parametrize(("argv", "lines"), [
    (["xm.cfg", "cpu_cap"], ["xm.cfg cpu_cap: Credit-scheduler cap", "  renamed    xl.cfg cap",
                             "sources: tools/python/xen/xm/create.py (RELEASE-4.4.4)"]),
    (["xm.cfg", "builder"], ["  renamed    xl.cfg type", "  libvirt    /domain/os/type"]),
    (["xl.cfg", "stdvga"], ["  unchanged · boolean · xl 4.1+", "  deprecated use vga"]),
    (["xend", "xend-relocation-port"], ["  default 8002", "  xl         ssh · xl migrate -s · xl migrate runs"]),
    (["xend", "xend-config.sxp"], ["  xl         /etc/xen/xl.conf · Global xl settings"]),
])
def test_key_and_xend_answers(capsys: pytest.CaptureFixture[str], argv: list[str], lines: list[str]) -> None:
    assert main(["lookup", *argv]) == ExitCode.OK
    out = capsys.readouterr().out
    got = out.splitlines()
    for line in lines:
        assert any(g.startswith(line) for g in got), (line, out)
    assert max(len(g) for g in got) <= 80


def test_every_search_row_can_be_looked_up(capsys: pytest.CaptureFixture[str]) -> None:
    data = load_dataset()
    rows = [(e.kind, s) for e in entries(data) if e.kind in ("xm.cfg", "xl.cfg", "xend") for s in e.spellings]
    assert len(rows) > 300
    for tool, name in rows:
        assert main(["lookup", tool, name, "--json"]) == ExitCode.OK, (tool, name)
        rec = json.loads(capsys.readouterr().out)
        assert name in (rec.get("key"), rec.get("option"), rec.get("id"), *rec.get("names", []))


def test_unknown_key_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "xm.cfg", "cpucap"]) == ExitCode.NOT_FOUND
    assert capsys.readouterr().err == "xlref: no xm.cfg key 'cpucap'; did you mean: cpu_cap, cpu, cpus?\n"
