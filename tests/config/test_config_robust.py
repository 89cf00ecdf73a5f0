"""No input gets a traceback: deep nesting, huge files, binary junk, empty files; check and convert stay linear; every
line a conversion leaves out is reported."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlref.config.check import check_config
from xlref.config.options import ConvertOptions
from xlref.config.read import read_config
from xlref.config.run import check
from xlref.config.run import convert as run

DEEP = [
    "x = " + "[" * 5000 + "]" * 5000 + "\n",  # xl syntax: xlref stops at 1000 levels, xl's parser near 5000
    "name = 'a'\nx = " + "[" * 5000 + "\n",
    "name = 'a'\nx = " + "(" * 5000 + "1" + ")" * 5000 + "\n",  # Python: the parser's own limit
    "name = 'a'\nmemory = " + " + ".join(["1"] * 20000) + "\n",  # too deep for Python's compiler
    "(vm " * 5000 + ")" * 5000 + "\n",  # SXP
    "name = 'a'\nx = {" * 3000 + "\n",
    "name = 'a'\ndisk = [ '" + "phy:" * 5000 + "/x,xvda,w' ]\n",
]


def _run_all(text: str | bytes) -> list[int]:
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    codes = []
    for fmt in ("tty", "json"):
        out, err = io.StringIO(), io.StringIO()
        codes.append(check(["-"], fmt=fmt, stdin=io.BytesIO(raw), stdout=out, stderr=err))
    for to in ("xl", "libvirt"):
        out, err = io.StringIO(), io.StringIO()
        codes.append(run("-", to, opts=ConvertOptions(to=to, base_dir="/srv"), stdin=io.BytesIO(raw), stdout=out,
                         stderr=err))
        assert "Traceback" not in err.getvalue()
    return codes


@pytest.mark.parametrize("text", DEEP, ids=["xl-lists", "open-list", "parens", "long-sum", "sxp", "dicts", "prefixes"])
def test_deep_input_is_a_clean_answer(text: str) -> None:
    assert set(_run_all(text)) <= {0, 1}


def test_nesting_limit_is_named() -> None:
    from xlref.config.xlparse import parse_xl

    [problem] = parse_xl(DEEP[0]).problems
    assert "nested more than 1000 levels" in problem.message
    assert any("nested" in f.message for f in check_config(read_config(DEEP[0], "d.cfg")))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_gets_an_exit_code(text: str) -> None:
    assert set(_run_all(text)) <= {0, 1, 2}


_LINES = st.sampled_from(["name = 'g'", "memory = 512", "vcpus = 2", "import os", "if x:", "  y = 1", "else:",
                          "disk = [ 'phy:/dev/a,xvda,w' ", "]", "vif = [ 'bridge=xenbr0' ]", "builder = 'hvm'",
                          "kernel = 'hvmloader'", "device_model = 'qemu-dm'", "ip = '10.0.0.2'", "x = vmid + 1",
                          "extra = 'a' + 'b'", "(vm (name a))", "cpus = ['1', '2']", "cpu = 1", "restart = 'never'",
                          "memory = memory * 2", "pci = ['01:00.0']", "print 'x'", "def f(a, b):", "  return a",
                          "vfb = [ 'type=vnc' ]", "serial = 'pty'", "#", "\ufeff", "name = u'g'", "x = {'a': 1}",
                          "disk = [ 'nbd:h 1,xvdb,w', 'drbd:r,xvdc,w', 'iscsi:i,xvdd,w' ]", "nfs_root = '/x'"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_config_shaped_junk_gets_an_exit_code(lines: list[str], newline: str) -> None:
    assert set(_run_all(newline.join(lines))) <= {0, 1, 2}


@pytest.mark.parametrize(("raw", "code", "says"), [
    (b"", 1, "XL519"), (b"\n\n", 1, "XL519"), (b"# nothing\n", 1, "XL519"), (b"\xef\xbb\xbf", 1, "XL519"),
    (b"\x00\x01binary", 2, "binary file"), (b"\xff\xfe\xfd", 1, "XL503"),
])
def test_empty_and_binary_files(raw: bytes, code: int, says: str) -> None:
    """An empty file is a finding, never a clean pass; binary input is an input error (exit 2)."""
    out, err = io.StringIO(), io.StringIO()
    assert check(["-"], fmt="gcc", stdin=io.BytesIO(raw), stdout=out, stderr=err) == code
    assert says in out.getvalue() + err.getvalue()


def test_every_dropped_line_is_reported() -> None:
    src = ("import os\n# a comment stays\nname = 'g'\nos.system('true')\nif os.path.exists('/x'):\n"
           "    extra = 'a'\nmemory = 128\nmemory = 256\nkernel = '/k'\nprint 'hi'\n")
    out, err = io.StringIO(), io.StringIO()
    code = run("-", "xl", opts=ConvertOptions(to="xl"), stdin=io.BytesIO(src.encode()), stdout=out, stderr=err)
    assert code == 1  # extra is set under an if on os.path.exists(): it needs a decision
    src = src.replace("if os.path.exists('/x'):\n    extra = 'a'\n", "")
    out, err = io.StringIO(), io.StringIO()
    code = run("-", "xl", opts=ConvertOptions(to="xl"), stdin=io.BytesIO(src.encode()), stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    written = set(out.getvalue().splitlines())
    reported = err.getvalue()
    for number, line in enumerate(src.splitlines(), 1):
        if line.startswith("#") or line in written or f"{line.split(' =')[0]} = " in out.getvalue():
            continue
        assert f"-:{number}: dropped" in reported, (number, line, reported)
    out, err = io.StringIO(), io.StringIO()
    run("-", "libvirt", opts=ConvertOptions(to="libvirt", base_dir="/srv"), stdin=io.BytesIO(src.encode()),
        stdout=out, stderr=err)
    for number in (1, 4, 5, 8):  # import, os.system(), the memory = 128 the next line replaces, print
        assert f"-:{number}: dropped" in err.getvalue(), number


def _big(n: int, one_line: bool = False) -> bytes:
    lines = ["name = 'big'", "memory = 512", "disk = ["]
    lines += [f"  'phy:/dev/vg/d{i},xvd{chr(97 + i % 26)}{chr(97 + i // 26 % 26)},w'," for i in range(n)]
    return (("" if one_line else "\n").join(lines) + "\n]\n").encode()


def _seconds(fn: Any) -> float:
    # CPU time of this process: wall time swings with whatever else the machine runs (CI shares cores).
    start = time.process_time()
    fn()
    return time.process_time() - start


@pytest.mark.parametrize("one_line", [False, True], ids=["a-disk-a-line", "all-on-one-line"])
def test_check_and_convert_grow_linearly(one_line: bool) -> None:
    """4x the disks may take ~4x the time; quadratic code takes 16x (bench/bench_config.py has the numbers).  All
    disks on one line: every finding's byte offset used to copy the line up to its column (quadratic)."""
    for job in ("check", "xl", "libvirt"):
        def one(n: int, job: str = job) -> None:
            out, err = io.StringIO(), io.StringIO()
            text = _big(n, one_line)
            if job == "check":
                check(["-"], stdin=io.BytesIO(text), stdout=out, stderr=err, exit_zero=True)
            else:
                run("-", job, opts=ConvertOptions(to=job, base_dir="/srv"), stdin=io.BytesIO(text), stdout=out,
                    stderr=err)
        one(500)  # warm the caches
        small = min(_seconds(lambda: one(1000)) for _ in range(3))
        large = min(_seconds(lambda: one(4000)) for _ in range(3))
        assert large / small < 9, (job, small, large)


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_long_string_costs_memory_in_proportion(quote: str) -> None:
    """A 2 MB quoted value took 740 MB to read (one regex repetition and one list item per character)."""
    import tracemalloc

    text = f"name = 'big'\nmemory = 64\nextra = {quote}{'a' * 2_000_000}\\n{'b' * 1000}{quote}\n"
    tracemalloc.start()
    try:
        cfg = read_config(text, "big.cfg")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert cfg.problems == [] and cfg.values()["extra"] == "a" * 2_000_000 + "\n" + "b" * 1000
    assert peak < 40 * len(text)  # the text, its tokens and the value: a small multiple, not hundreds


def test_a_byte_offset_in_a_long_line_costs_no_copy() -> None:
    """Each finding's byte offset copied its line up to the column: quadratic in the items of one long line."""
    from xlref.config.model import byte_offset, line_starts

    line = "disk = [" + ",".join(f"'phy:/dev/vg/d{i},xvda,w'" for i in range(40_000)) + "]"
    text = "name = 'a'\n" + line + "\n"
    starts, lines = line_starts(text), text.splitlines()
    assert byte_offset(lines, starts, 2, 9) == len("name = 'a'\n") + 8
    took = _seconds(lambda: [byte_offset(lines, starts, 2, col) for col in range(1, len(line), len(line) // 40_000)])
    assert took < 0.3, took  # 40,000 offsets into a 1 MB line (two per disk): a copy each took over a second
    accented = "x = 'é" + "a" * 10 + "'"
    assert byte_offset([accented], line_starts(accented), 1, 8) == len("x = 'éa".encode())
