"""xend's SXP: the one reader (config.sxpread, which the host wing also uses for xend-config.sxp) and the managed
store's domain records (config.sxp), whose facts must all reach the xl.cfg and the XML or be named as dropped."""

from __future__ import annotations

from typing import Any

import pytest

from tests.config.corpus import OWN, convert
from xlref.config.convert import to_xl_text
from xlref.config.read import read_config
from xlref.config.sxpread import Atom, Form, SxpError, parse_sxp, plain


@pytest.mark.parametrize(("text", "expected"), [
    ("(a b)", [["a", "b"]]),
    ("(a 'b # c')  # d\n(e f)", [["a", "b # c"], ["e", "f"]]),  # '#' is a comment outside strings only
    ("(a b#c)\n)", [["a", "b"]]),  # ...and it ends an atom (the comment runs to the end of the line)
    ('(a "x\\"y" \'\\x41\\101\')', [["a", 'x"y', "AA"]]),
    ("(a 'two\nlines') (b)", [["a", "two\nlines"], ["b"]]),
    ("(a (b (c)))", [["a", ["b", ["c"]]]]),
    ("", []),
])
def test_reader(text: str, expected: list[Any]) -> None:
    assert [plain(n) for n in parse_sxp(text)] == expected


def test_reader_keeps_positions() -> None:
    form = parse_sxp("# x\n  (a\n   'b')")[0]
    assert isinstance(form, Form) and (form.line, form.column) == (2, 3)
    assert isinstance(form[1], Atom) and (form[1].line, form[1].column) == (3, 4)


@pytest.mark.parametrize(("text", "line", "detail"), [
    ("(a b", 1, "never closed"),
    ("(a\n (b c)\n (d", 3, "never closed"),  # the innermost form left open
    ("\n(a b))", 2, "unbalanced ')'"),
    ("(a\n'b)", 2, "unterminated string"),
])
def test_reader_errors_name_the_line(text: str, line: int, detail: str) -> None:
    with pytest.raises(SxpError) as err:
        parse_sxp(text)
    assert err.value.line == line and detail in err.value.detail


def test_unbalanced_corpus_file_is_refused_with_its_line() -> None:
    from tests.config.corpus import CORPUS

    result = convert(CORPUS / "libvirt__sexpr2xml-net-routed.sexpr", "xl")
    assert result.code == 1
    assert "libvirt__sexpr2xml-net-routed.sexpr:1: cannot read this SXP config" in result.messages


def _xl(name: str) -> dict[str, Any]:
    return read_config(to_xl_text(read_config((OWN / name).read_text(), name)).text).values()


def test_managed_hvm_keeps_every_fact(xlu: Any) -> None:
    text = to_xl_text(read_config((OWN / "sxp-managed-hvm.sxp").read_text(), "m.sxp")).text
    parsed = xlu.parse(text, ("name", "vcpus", "maxvcpus", "cpus", "cpu_weight", "memory", "maxmem", "boot"))
    assert parsed.ok, parsed.errors
    assert parsed.values == {"name": "winsrv", "vcpus": "2", "maxvcpus": "4", "cpus": ["2,3", "2,3", "4", "all"],
                             "cpu_weight": "512", "memory": "1024", "maxmem": "2048", "boot": "dc"}
    values = _xl("sxp-managed-hvm.sxp")
    # xend's Xen-API twins, runtime state and empty values are not settings
    for key in ("name_label", "memory_static_max", "memory_dynamic_max", "VCPUs_max", "actions_after_crash",
                "HVM_boot_policy", "platform", "firmware_override", "kernel", "bootloader", "pool", "cap",
                "vfb", "online_vcpus", "start_time"):
        assert key not in values, key


def test_managed_pv_keeps_every_fact() -> None:
    values = _xl("sxp-managed-pv.sxp")
    assert values["extra"] == "console=hvc0 root=/dev/xvda1 motd=#1"
    assert values["bootloader"] == "/usr/bin/pygrub" and values["cap"] == 50
    assert "kernel" not in values and "bootloader_args" not in values and "cpus" not in values
    warnings = convert(OWN / "sxp-managed-pv.sxp", "libvirt").warnings
    assert any("(device (vtpm ...)): xlref does not convert" in w for w in warnings)
    assert any("cpu_cap: not carried" in w for w in warnings)


def test_first_occurrence_wins_as_in_xend() -> None:
    """XendConfig read its keys with sxp.child_value, which takes the first match."""
    cfg = read_config("(domain (name a) (memory 256) (kernel /k) (memory 512))\n", "r.sxp")
    assert cfg.values()["memory"] == 256
    assert [why for _, why in cfg.dropped] == ["(memory ...): repeated; xend read only the first, at line 1"]


def test_twins_fill_in_missing_legacy_keys() -> None:
    cfg = read_config("(domain (name_label a) (memory_static_max 268435456) (VCPUs_max 2) (PV_kernel /k)\n"
                      " (actions_after_crash destroy))\n", "t.sxp")
    assert cfg.values() == {"name": "a", "maxmem": 256, "vcpus": 2, "kernel": "/k", "on_crash": "destroy"}


@pytest.mark.parametrize(("mask", "vcpus", "maxvcpus", "note"), [
    ("15", 4, None, False), ("3", 2, 4, False), ("0x1", 1, 4, False), ("5", 2, 4, True),
])
def test_vcpu_avail(mask: str, vcpus: int, maxvcpus: int | None, note: bool) -> None:
    cfg = read_config(f"(domain (name a) (vcpus 4) (vcpu_avail {mask}) (image (linux (kernel /k))))\n", "v.sxp")
    values = cfg.values()
    assert (values["vcpus"], values.get("maxvcpus")) == (vcpus, maxvcpus)
    assert any("vcpu_avail" in why for _, why in cfg.dropped) == note


def test_structured_settings_without_a_mapping_are_named() -> None:
    cfg = read_config("(domain (name a) (cpuid ((1 ((eax 0x0))))) (other_config ()) (image (linux (kernel /k))))\n",
                      "c.sxp")
    assert [why for _, why in cfg.dropped] == [
        "(cpuid ...): a structured xend setting (a list or a dict) xlref does not convert; carry it over by hand "
        "if it matters"]  # other_config is xend's bookkeeping
