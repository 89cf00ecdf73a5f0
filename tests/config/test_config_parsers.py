"""Readers: xl grammar facts, xm via ast (never executed), and robustness on arbitrary input."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from xlref.config.check import check_config
from xlref.config.diskspec import parse_xl_disk
from xlref.config.read import read_config
from xlref.config.specs import SpecError
from xlref.config.xlparse import parse_xl
from xlref.config.xmlread import XmlError, parse_domain_xml
from xlref.config.xmparse import parse_xm


def test_xl_grammar() -> None:
    cfg = parse_xl("a = 0x10 # hex\nb = 010\nc = 'x\\'y'; d = [ 1,\n  \"two\", # c\n]\ne += [3]\n")
    assert cfg.problems == []
    assert cfg.values() == {"a": 16, "b": 8, "c": "x'y", "d": [1, "two"], "e": [3]}
    assert cfg.entries[0].comment == " hex"


def test_xl_lexer_limits() -> None:
    for bad in ("x = -1\n", "x = 1.5\n", "Name = 'a'\n", "x = '''a'''\n", "x = a\n", "x = [1\n"):
        assert [p.code for p in parse_xl(bad).problems] == ["XL515"], bad


def test_xm_never_executes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "pwned"
    src = f"import os\nos.system('touch {marker}')\nname = open('{marker}', 'w').name\n"
    cfg = parse_xm(src)
    assert not marker.exists()
    assert {p.code for p in cfg.problems} == {"XL501", "XL503"}


def test_dialects() -> None:
    assert read_config("name = 'a'\n").dialect == "xl"
    assert read_config("name = 'a' + 'b'\n").dialect == "xm"
    assert read_config("(vm (name a))\n").dialect == "sxp"


def test_disk_specs() -> None:
    d = parse_xl_disk("/dev/vg/a,raw,xvda,rw,backendtype=phy")
    assert (d.target, d.format, d.vdev, d.readwrite, d.backend) == ("/dev/vg/a", "raw", "xvda", True, "phy")
    d = parse_xl_disk("phy:/dev/vg/a,xvda,w")
    assert (d.target, d.vdev, d.prefixes) == ("/dev/vg/a", "xvda", ["phy"])
    d = parse_xl_disk("format=qcow2,vdev=xvdb,target=/a,b c")
    assert d.target == "/a,b c"
    for bad in ("phy:/dev/a,xvda,w!", "foo:/x,xvda,w", "/x,raw,xvda,w,extra", "/x,bogus,xvda,w"):
        try:
            parse_xl_disk(bad)
        except SpecError:
            continue
        raise AssertionError(bad)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gets_an_answer(text: str) -> None:
    check_config(read_config(text, "fuzz.cfg"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_as_xml(data: bytes) -> None:
    with contextlib.suppress(XmlError):
        parse_domain_xml(b"<domain type='xen'>" + data)


def test_python2_lines_each_reported() -> None:
    src = ('name = "a"\nexec "memory = 5"\nvcpus = `2`\nif 1 <> 2:\n  maxmem = 512\nkernel = ur"/boot/x"\n'
           "disk = [ 'phy:/dev/a,xvda,w',\n")
    cfg = read_config(src, "p2.cfg")
    assert cfg.values() == {"name": "a"}
    assert [(f.line, f.code) for f in check_config(cfg) if f.code != "XL522"] == [(n, "XL505") for n in range(2, 8)]
