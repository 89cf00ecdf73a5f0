"""`xlref config check` on xm-only cases libvirt's fixtures do not cover."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlref.config.check import check_config
from xlref.config.read import read_config
from xlref.config.run import apply_fixes
from xlref.findings import Severity

FIX = Path(__file__).resolve().parent / "fixtures"


def _codes(name: str) -> list[tuple[int, str]]:
    path = FIX / name
    return [(f.line, f.code) for f in check_config(read_config(path.read_text(), str(path)))]


def test_python_config() -> None:
    assert _codes("xm-python.cfg") == [
        (2, "XL501"), (3, "XL511"), (4, "XL502"), (5, "XL502"), (7, "XL502"), (7, "XL518"), (8, "XL502"),
        (8, "XL518"), (9, "XL502"), (10, "XL504"), (11, "XL503"),
        (12, "XL502")]  # extra: the if's test (vmid > 5) is worked out, so its branch is a computed value
    # line 8 (`disk += [...]`) reports only the disk it adds: the root disk was reported on line 7


def test_python2_only_syntax_still_answers() -> None:
    codes = _codes("xm-python2.cfg")
    assert (4, "XL505") in codes  # print statement
    assert (5, "XL505") in codes  # 0755
    assert (6, "XL505") in codes  # 1L


def test_shared_write_disk_and_netfront() -> None:
    assert _codes("xm-shared-disk.cfg") == [(5, "XL518"), (6, "XL507"), (7, "XL513"), (8, "XL514")]


def test_renamed_and_changed_keys() -> None:
    assert _codes("xm-renamed.cfg") == [
        (3, "XL517"), (5, "XL508"), (7, "XL510"), (8, "XL524"), (9, "XL508"), (10, "XL509"), (11, "XL508"),
        (13, "XL518")]


def test_hvm_config() -> None:
    codes = _codes("xm-hvm.cfg")
    assert (4, "XL510") in codes  # kernel = hvmloader
    assert (5, "XL524") in codes  # device_model = qemu-dm: xl cannot run it
    assert (1, "XL522") in codes  # no hpet: xend's default was 0, xl's is 1
    assert (20, "XL510") in codes  # tsc_mode = 1
    assert (21, "XL515") in codes  # negative number


def test_sxp() -> None:
    assert _codes("sxp-domain.sxp") == [(1, "XL506")]


def test_clean_xl() -> None:
    assert _codes("xl-clean.cfg") == []


def test_builder_linux_is_an_error() -> None:
    [finding] = [f for f in check_config(read_config('builder = "linux"\n', "b.cfg")) if f.code == "XL517"]
    assert finding.code == "XL517"
    assert finding.severity is Severity.ERROR


def test_safe_fixes_give_a_clean_file() -> None:
    src = (FIX / "xm-renamed.cfg").read_bytes()
    fixed = apply_fixes(src, check_config(read_config(src.decode(), "r.cfg"))).decode()
    assert "cap = 50" in fixed and "cpu_cap" not in fixed
    assert 'type = "pv"' in fixed and "builder" not in fixed
    assert 'tsc_mode = "native"' in fixed
    # qemu-dm: deleting the line is the only fix, and it is unsafe (the guest gets qemu-xen)
    assert "device_model = " in fixed and "device_model_override" not in fixed
    unsafe = apply_fixes(src, check_config(read_config(src.decode(), "r.cfg")), unsafe=True).decode()
    assert "device_model" not in unsafe


def test_computed_value_fix() -> None:
    src = 'name = "vm%d" % 3\nmemory = 2 * 256\n'
    fixed = apply_fixes(src.encode(), check_config(read_config(src, "c.cfg"))).decode()
    assert fixed == 'name = "vm3"\nmemory = 512\n'


def test_finding_positions_are_exact() -> None:
    src = "name = 'x'\ndisk = [ 'phy:/dev/a,xvda,w!' ]\n"
    [finding] = [f for f in check_config(read_config(src, "p.cfg")) if f.code == "XL507"]
    assert (finding.line, finding.column) == (2, 11)
    assert src.encode()[finding.start_byte:finding.end_byte] == b"phy:/dev/a,xvda,w!"


@pytest.mark.parametrize("text", [
    "", "\n\n", "# only a comment\n", "name =\n", "=\n", "[[[", "name = [1, 2\n", "x = '''a\nb'''\n",
    "def f(:\n", "\x00\x01", "if x:\n  y = 1\nelse:\n  y = 2\n", "name = 'a' if b else 'c'\n",
    "a, b = 1, 2\n", "name = None\n", "name = {'a': 1}\n", "memory = 1/0\n", "x = 'a' % (1,)\n",
])
def test_never_crashes(text: str) -> None:
    check_config(read_config(text, "junk.cfg"))


def test_sxp_with_devices_and_broken_sxp() -> None:
    assert _codes("sxp-hvm.sxp") == [(2, "XL506")]
    broken = check_config(read_config("(vm (name x)\n", "b.sxp"))
    assert [f.code for f in broken] == ["XL506", "XL516"]
