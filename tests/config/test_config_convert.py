"""`xlref config convert` on xm-only inputs, libvirt XML validation, and round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.config.xmlfacts import facts
from xlref.config.convert import from_libvirt, to_libvirt_xml, to_xl_text
from xlref.config.fromconfig import ConversionError
from xlref.config.read import read_config
from xlref.config.xmlread import XmlError, parse_domain_xml

FIX = Path(__file__).resolve().parent / "fixtures"


def _cfg(name: str):  # type: ignore[no-untyped-def]
    path = FIX / name
    return read_config(path.read_text(), str(path))


def test_python_config_is_refused_with_every_reason() -> None:
    with pytest.raises(ConversionError) as exc:
        to_xl_text(_cfg("xm-python.cfg"))
    text = str(exc.value)
    assert "os.path.join()" in text and ":10:" in text
    assert ":12:" not in text  # extra is set under `if vmid > 5`, a test xlref works out


def test_foldable_python_becomes_literals() -> None:
    src = ("# guest\nvmid = 3\nname = 'vm%d' % vmid   # the name\nmemory = 256 * 2\n"
           "disk = ['phy:/dev/vg/' + name + ',xvda,w']\n")
    out = to_xl_text(read_config(src, "f.cfg")).text
    assert out == ('# guest\n# xlref: helper variable, no setting: vmid = 3\nname = "vm3"  # the name\n'
                   'memory = 512\ndisk = [ "phy:/dev/vg/vm3,xvda,w" ]\n')
    assert read_config(out).problems == []


def test_renamed_keys_to_xl() -> None:
    res = to_xl_text(_cfg("xm-renamed.cfg"))
    cfg = read_config(res.text)
    assert cfg.problems == []
    values = cfg.values()
    assert values["type"] == "pv" and values["cap"] == 50 and values["tsc_mode"] == "native"
    assert "device_model" not in values and "device_model_override" not in values  # qemu-dm: xl cannot run it
    assert any("qemu-dm" in w and "4.21" in w for w in res.warnings)
    assert (values["on_reboot"], values["on_poweroff"], values["on_crash"]) == ("restart", "destroy", "destroy")
    assert "bootloader_args" in values and "vncconsole" not in values
    assert "# xlref: xl ignores vncconsole" in res.text
    assert res.text.startswith("# Keys xl spells differently")


def test_shared_disk_written_as_w_with_warning() -> None:
    res = to_xl_text(_cfg("xm-shared-disk.cfg"))
    assert "w!" not in res.text
    assert any("shared-write" in w for w in res.warnings)


def test_python2_file_converts() -> None:
    res = to_xl_text(_cfg("xm-python2.cfg"))
    cfg = read_config(res.text)
    assert cfg.problems == []
    assert cfg.values()["vcpus"] == 1


def test_sxp_converts() -> None:
    values = read_config(to_xl_text(_cfg("sxp-domain.sxp")).text).values()
    assert values == {"uuid": "4dea22b3-1d52-d8f3-2516-782e98a23fa0", "vcpus": 1, "name": "sxp-guest",
                      "memory": 512, "type": "pv", "kernel": "/boot/vmlinuz-xen"}


def test_sxp_hvm_to_libvirt() -> None:
    f = facts(to_libvirt_xml(_cfg("sxp-hvm.sxp")).text)
    assert f["name"] == "sxp-hvm" and f["memory"] == 1024 * 1024 and f["vcpu"] == ("2", None, None)
    assert f["os"]["type"] == "hvm" and f["os"]["boot"] == ["cdrom", "hd"]
    assert [(d["type"], d["device"], d["target"]) for d in f["disks"]] == [
        ("block", "disk", ("hda", "ide")), ("file", "cdrom", ("hdc", "ide"))]
    assert f["interfaces"][0]["bridge"] == "xenbr0"
    assert f["hostdevs"] == [("pci", "no", None, (("bus", "0x03"), ("domain", "0x0000"), ("function", "0x1"),
                                                  ("slot", "0x00")))]
    assert f["emulator"] is None  # qemu-dm: xl cannot run it, so libvirt must not be told to
    assert f["timers"] == [(("name", "hpet"), ("present", "no"))]  # xend's HVM default


def test_broken_sxp_refused() -> None:
    with pytest.raises(ConversionError, match="SXP"):
        to_xl_text(read_config("(domain (name x)\n", "b.sxp"))


def test_xm_hvm_to_libvirt() -> None:
    f = facts(to_libvirt_xml(_cfg("xm-hvm.cfg")).text)
    assert f["os"]["type"] == "hvm" and f["os"]["loader"][0] == "/usr/lib/xen/boot/hvmloader"
    assert f["os"]["boot"] == ["cdrom", "hd"]
    assert f["emulator"] is None
    assert f["clock"] == ("variable", "-3600", "localtime")
    assert f["timers"] == [(("mode", "emulate"), ("name", "tsc"), ("present", "yes")),
                           (("name", "hpet"), ("present", "no"))]
    assert f["usb_inputs"] == [("tablet", "usb")]
    assert [d["driver"] for d in f["disks"]] == [("phy", "raw"), ("file", "raw")]


def test_xm_hvm_to_xl() -> None:
    res = to_xl_text(_cfg("xm-hvm.cfg"))
    values = read_config(res.text).values()
    assert "kernel" not in values and values["type"] == "hvm"
    assert values["rtc_timeoffset"] == "-3600"


def test_libvirt_round_trip_xm_and_xl() -> None:
    xml = to_libvirt_xml(_cfg("xl-clean.cfg")).text
    for fmt in ("xl", "xm"):
        text = from_libvirt(xml, fmt).text
        assert read_config(text).problems == []
    back = read_config(from_libvirt(xml, "xl").text).values()
    assert back["type"] == "pvh" and back["cmdline"] == "root=/dev/xvda1 console=hvc0"


@pytest.mark.parametrize(("xml", "message"), [
    (b"", "not well-formed"),
    (b"<domain", "not well-formed"),
    (b"<vm/>", "root element"),
    (b"<domain type='kvm'><name>a</name></domain>", "not xen"),
    (b"<domain type='xen'><name>a</name></domain>", "memory"),
    (b"<domain type='xen'><name>a</name><memory>lots</memory></domain>", "not a number"),
    (b"<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><domain type='xen'><name>&e;</name>"
     b"<memory>1</memory></domain>", ""),
])
def test_bad_xml_is_a_clean_error(xml: bytes, message: str) -> None:
    try:
        dom = parse_domain_xml(xml)
    except XmlError as err:
        assert message in str(err)
    else:
        assert "root:" not in (dom.name or "")  # external entities are never resolved


def test_xl_append_operator_is_applied() -> None:
    out = to_xl_text(read_config('name = "a"\ndisk = [ "a,,xvda" ]\ndisk += [ "b,,xvdb" ]\n', "a.cfg")).text
    assert out == 'name = "a"\ndisk = [ "a,,xvda", "b,,xvdb" ]\n'


def test_xml_to_native_number_forms() -> None:
    xml = to_libvirt_xml(_cfg("xm-hvm.cfg")).text
    xl = read_config(from_libvirt(xml, "xl").text)
    assert xl.problems == []
    assert xl.values()["rtc_timeoffset"] == "-3600" and xl.values()["tsc_mode"] == "always_emulate"
    xm = read_config(from_libvirt(xml, "xm").text).values()
    assert xm["tsc_mode"] == 1 and "device_model" not in xm and xm["hpet"] == 0
