"""libvirt judges every domain XML the converter writes: 11.3.0's own domain.rng, Debian's virt-xml-validate (9.0
schemas) where that older schema can judge, and the test driver (`virsh -c test:///default`), which must define
the domain and keep its facts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.config.corpus import all_files, convert, label
from tests.config.xmlfacts import facts

#: what libvirt 9.0's schema (Debian bookworm's virt-xml-validate) cannot judge in 11.3-era XML, and why:
#: (name, pattern the XML must contain, how to write it for 9.0).  Anything else 9.0 rejects is a failure.
NINE_ZERO_GAPS = [
    ("loader-format", re.compile(r'(<loader[^>]*?) format="raw"'),
     "libvirt 9.0's schema has no format attribute on <loader>; 11.3 writes format=\"raw\" for a ROM loader"),
]


def _written() -> list[Any]:
    """Every file converted to XML (the refusals, each with its reason, are in test_config_corpus)."""
    return [pytest.param(p, id=label(p)) for p in all_files() if convert(p, "libvirt").code == 0]


def _xml(path: Path) -> str:
    return convert(path, "libvirt").text


@pytest.mark.parametrize("path", _written())
def test_schema_11_3(libvirt_oracle: Any, path: Path) -> None:
    assert libvirt_oracle.schema_errors(_xml(path)) == ""


@pytest.mark.parametrize("path", _written())
def test_virt_xml_validate_9_0(libvirt_oracle: Any, path: Path) -> None:
    xml = _xml(path)
    ok, message = libvirt_oracle.virt_xml_validate(xml)
    if ok:
        return
    used = []
    for name, pattern, _why in NINE_ZERO_GAPS:
        if pattern.search(xml):
            xml = pattern.sub(r"\1", xml)
            used.append(name)
    assert used, f"libvirt 9.0 rejects it and no known gap explains why: {message}"
    ok, message = libvirt_oracle.virt_xml_validate(xml)
    assert ok, f"still invalid for 9.0 without {used}: {message}"


@pytest.mark.parametrize("path", _written())
def test_test_driver_defines_and_keeps_the_facts(libvirt_oracle: Any, path: Path) -> None:
    xml = _xml(path)
    if "<name>test</name>" in xml:  # the test driver's own domain is called test: define this one beside it
        xml = xml.replace("<name>test</name>", "<name>test-converted</name>")
    name = re.search(r"<name>([^<]*)</name>", xml)
    assert name is not None
    defined = libvirt_oracle.define(xml, name.group(1))
    assert defined.ok, defined.output
    sent, kept = facts(xml), facts(defined.output)
    for key in ("name", "memory", "currentMemory", "vcpu", "os", "bootloader", "on_poweroff", "on_reboot",
                "on_crash", "emulator"):
        assert kept.get(key) == sent.get(key), key
    # libvirt orders disks by bus and target
    assert sorted((d["target"], d["source"], d["readonly"]) for d in kept["disks"]) == \
        sorted((d["target"], d["source"], d["readonly"]) for d in sent["disks"])
    # a vif without mac gets one from libvirt, as xm and xl made one up at create time; case does not matter
    assert [((n["mac"] or "").lower() if s["mac"] else None, n["bridge"], n["script"])
            for n, s in zip(kept["interfaces"], sent["interfaces"], strict=True)] == \
        [(n["mac"] and n["mac"].lower(), n["bridge"], n["script"]) for n in sent["interfaces"]]
    assert kept["hostdevs"] == sent["hostdevs"]
    assert kept.get("timers") == sent.get("timers")
    assert _pins(defined.output) == _pins(xml)


def _pins(xml: str) -> list[tuple[str, set[int]]]:
    """(vcpu, the cpus it may run on): libvirt writes "2,3" back as "2-3"."""
    return [(vcpu, _cpuset(cpus)) for vcpu, cpus in re.findall(r'<vcpupin vcpu=.(\d+). cpuset=.([^"\']+).', xml)]


def _cpuset(text: str) -> set[int]:
    out: set[int] = set()
    for part in text.split(","):
        first, _, last = part.lstrip("^").partition("-")
        span = set(range(int(first), int(last or first) + 1))
        out = out - span if part.startswith("^") else out | span
    return out
