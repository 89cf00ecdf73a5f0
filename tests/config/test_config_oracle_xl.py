"""xl's own parser (libxlutil.so, through ctypes) judges xlref: its grammar port, its disk-spec port, every xl.cfg
the converter writes, and `config check`'s verdict on whether xl reads a file at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.config.corpus import all_files, convert, label
from xlref.config.check import check_config, xl_rejects
from xlref.config.disklex import parse_disk
from xlref.config.read import decode
from xlref.config.xlparse import parse_xl
from xlref.config.xmcmd import read_with_sets

SNIPPETS = [
    'name="a"\r\nmemory=1\r\n', "name='a'\nx=1e3\n", "name=u'a'\n", 'name="a"\n# final', 'name="a" # c',
    "\ufeffname='a'\n", 'name="a"\nx=[[1],"a"]\n', 'name="a"\nx="\\x41"\n', 'name="a"\nx="\\101"\n',
    'x="a"\nx+=["b"]\n', "name='a'\nx=-1\n", "name='a'\nmemory = 256 * 2\n", "import os\nname='a'\n",
    "name='a'\ndisk=['phy:/dev/a,xvda,w!']\n", "name = 'a'\nx = 0x\n", "", "\n# only a comment\n",
    "name='a'\nmemory=1\nmemory=2\n", "name='a'\nX=1\n", "name='a'\nx=[1,,2]\n", "name='a'\nx=\n",
    "name='a'\nx = 1 y = 2\n", "name='a'\nif 1:\n  x = 2\n", "name = 'a'\nx = [\n 1,\n # c\n 2,\n]\n",
    "name='a'\nx = 'a' 'b'\n", "name='a'\nx = True\n", "name='a'\nx = None\n", "name='a'\nx = {'a': 1}\n",
    "x = " + "[" * 5000 + "]" * 5000 + "\n", "(vm (name a) (memory 1))\n",
]


def _xl_items(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


@pytest.mark.parametrize("text", SNIPPETS, ids=range(len(SNIPPETS)))
def test_grammar_port_agrees(xlu: Any, text: str) -> None:
    """xlparse (strict) reads exactly what libxlu reads, and refuses exactly what it refuses."""
    oracle = xlu.parse(text.encode(), ("x", "name", "memory"))
    ours = parse_xl(text)
    assert oracle.ok == (not ours.problems), (oracle.errors, ours.problems)
    if oracle.ok:
        values = ours.values()
        for key in ("x", "name", "memory"):
            want, got = oracle.values[key], values.get(key)
            if isinstance(want, list):
                assert [None if isinstance(v, list) else str(v) for v in got] == want  # type: ignore[union-attr]
            else:
                assert want == (None if got is None else str(got))


_ATOMS = st.sampled_from(['"a"', "'b'", "1", "0x1f", "017", "08", '"x\\"y"', "'\\101'", '"é"', "1e3", "-1",
                          "1.5", "u'a'", "True", '"\\q"'])
_TOKENS = st.sampled_from(["x", "y.z", "memory", "X", "_a", " ", "\t", "=", "+=", ";", ",", "[", "]", "\n", "# c\n",
                           "#", "(", ")", "+", "\r"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_ATOMS, _TOKENS), max_size=25))
def test_grammar_port_agrees_on_generated_text(xlu: Any, parts: list[str]) -> None:
    text = "".join(parts)
    oracle = xlu.parse(text.encode(), ())
    assert oracle.ok == (not parse_xl(text).problems), (text, oracle.errors)


def _corpus_disk_specs() -> list[str]:
    specs: list[str] = []
    for path in all_files():
        cfg = read_with_sets(decode(path.read_bytes(), str(path)), str(path), [])
        specs += [s for s in _xl_items(cfg.values().get("disk")) if s not in specs]
    return specs


_EXTRA_SPECS = ["phy:/dev/a,ioemu:hda,w", "nbd:10.0.0.9 10809,xvda,w", "qcow2:/data/w.qcow2,,hda", ",,hdc:cdrom,r",
                "/iso,,hdc,cdrom", "format=qcow2,vdev=xvdb,target=/a,b c", "tap:tapdisk:aio:/x,xvda,w", "foo:/x,xvda,w",
                "vdev=xvda,access=w!", "script=block-iscsi,vdev=xvda,target=iqn=iqn.x,portal=1.2.3.4", "xvda", "",
                "raw:/x,xvda,w,backendtype=qdisk", "/a,,xvda,,", "file:/a, xvda , w", "phy:hda1,hda1,w"]


def _fields(d: Any) -> tuple[Any, ...]:
    if not d.ok:
        return (False,)
    return (True, d.target, d.vdev, d.format, d.backend, d.readwrite, d.cdrom, d.script, d.backend_domain)


@pytest.mark.parametrize("spec", _corpus_disk_specs() + _EXTRA_SPECS)
def test_disk_port_agrees(xlu: Any, spec: str) -> None:
    assert _fields(parse_disk(spec)) == _fields(xlu.parse_disk(spec)), xlu.parse_disk(spec).errors


_DISK_TOKENS = st.sampled_from(["phy:", "file:", "tap:", "aio:", "qcow2:", "nbd:", "drbd:", "foo:", "ioemu:", "/dev/x",
                                "img", "hda", "xvda", "xvda1", "hdc:cdrom", ":disk", "w", "r", "rw", "ro", "w!", "raw",
                                "qcow", "vhd", "format=raw", "vdev=xvdb", "access=ro", "devtype=cdrom", "cdrom",
                                "backendtype=phy", "backend=dom1", "script=s", "target=/x,y", "discard", "bad=1",
                                ",", ",", ",", " ", "=", "host 10809", "\n"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_DISK_TOKENS, max_size=9))
def test_disk_port_agrees_on_generated_specs(xlu: Any, parts: list[str]) -> None:
    spec = "".join(parts)
    assert _fields(parse_disk(spec)) == _fields(xlu.parse_disk(spec)), spec


@pytest.mark.parametrize("path", all_files(), ids=label)
def test_every_xl_cfg_written_parses_with_xl(xlu: Any, path: Path) -> None:
    """Each xl.cfg written is read by xl's parser; each of its disks by xlu_disk_parse, with xm's meaning."""
    from xlref.config.xmdisk import xm_meaning

    result = convert(path, "xl")
    if result.code != 0:
        assert "refused" in result.messages, result.messages
        return
    parsed = xlu.parse(result.text.encode(), ("disk", "name"))
    assert parsed.ok, parsed.errors
    assert parsed.values["name"], "xl refuses a config without a name"
    source = read_with_sets(decode(path.read_bytes(), str(path)), str(path), [])
    written = parsed.values["disk"] or []
    original = _xl_items(source.values().get("disk"))
    assert len(written) == len(original)
    xm_source = "read as xm" in result.messages or "read as sxp" in result.messages
    for before, after in zip(original, written, strict=True):
        got = xlu.parse_disk(after)
        assert got.ok, got.errors
        if xm_source:  # xl reads what xm meant
            want = xm_meaning(before)
            assert (got.target or "", got.vdev, got.format, got.readwrite, got.cdrom, got.script) == (
                want.target, want.vdev, want.format, want.readwrite, want.cdrom, want.script)
        else:  # an xl source keeps its specs, read the same way
            assert _fields(got) == _fields(xlu.parse_disk(before))


def _check_inputs() -> list[Any]:
    files = [pytest.param(p.read_bytes(), id=label(p)) for p in all_files()]
    return files + [pytest.param(t.encode(), id=f"snippet{i}") for i, t in enumerate(SNIPPETS)]


@pytest.mark.parametrize("raw", _check_inputs())
def test_check_verdict_agrees_with_xl(xlu: Any, raw: bytes) -> None:
    """`config check` says xl's parser refuses the file exactly when libxlutil does."""
    cfg = read_with_sets(decode(raw, "f.cfg"), "f.cfg", [])
    findings = check_config(cfg)
    oracle = xlu.parse(raw, ())
    assert xl_rejects(findings) == (not oracle.ok), (oracle.errors, [(f.line, f.code) for f in findings])


@pytest.mark.parametrize("path", all_files(), ids=label)
def test_safe_fixes_are_idempotent_and_keep_xl_reading(xlu: Any, path: Path) -> None:
    from xlref.config.run import apply_fixes

    raw = path.read_bytes()
    fixed = apply_fixes(raw, check_config(read_with_sets(decode(raw, str(path)), str(path), [])))
    again = apply_fixes(fixed, check_config(read_with_sets(decode(fixed, str(path)), str(path), [])))
    assert again == fixed
    if xlu.parse(raw, ()).ok:
        assert xlu.parse(fixed, ()).ok


def test_a_fixed_append_appends_once(xlu: Any) -> None:
    """xm folded `disk += [...]` into the whole list; the fix writes only what xl's += must append."""
    from xlref.config.run import apply_fixes

    src = b"name = 'a'\nroot = 'vg0'\ndisk = ['phy:/dev/a,xvda,w']\ndisk += ['phy:/dev/' + root + '/b,xvdb,w']\n"
    fixed = apply_fixes(src, check_config(read_with_sets(src.decode(), "a.cfg", [])))
    parsed = xlu.parse(fixed, ("disk",))
    assert parsed.ok and parsed.values["disk"] == ["phy:/dev/a,xvda,w", "phy:/dev/vg0/b,xvdb,w"]
