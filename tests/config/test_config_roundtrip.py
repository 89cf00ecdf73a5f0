"""The two outputs of one config mean the same guest: the xl.cfg written, read back as an xl config, gives the
libvirt XML that the direct conversion gives (same memory, vcpus, pinning, boot, kernel command line, disks,
vifs, PCI devices, timers, lifecycle).  This is what catches an xl.cfg that xl would read differently from xm."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.config.corpus import all_files, convert, label
from tests.config.xmlfacts import facts
from xlref.config.options import ConvertOptions
from xlref.config.run import convert as run


def _both() -> list[Any]:
    return [pytest.param(p, id=label(p)) for p in all_files()
            if convert(p, "xl").code == 0 and convert(p, "libvirt").code == 0]


def _meaning(xml: str) -> dict[str, Any]:
    f = facts(xml)
    # libvirt's xen-xl reader calls every disk a qemu file disk (libxl picks the backend when the guest starts);
    # a vif's type=netfront / ioemu is a model name only xm's reader maps: compare what the guest sees
    f["disks"] = [(d["device"], [v for _, v in d["source"] or ()], d["hosts"], d["target"], d["readonly"])
                  for d in f["disks"]]
    f["interfaces"] = [(n["mac"], n["bridge"], n["script"], n["ips"], n["rate"]) for n in f["interfaces"]]
    return f


@pytest.mark.parametrize("path", _both())
def test_xl_cfg_means_what_the_xml_means(tmp_path: Path, path: Path) -> None:
    written = tmp_path / "guest.cfg"
    written.write_text(convert(path, "xl").text)
    out, err = io.StringIO(), io.StringIO()
    code = run(str(written), "libvirt", opts=ConvertOptions(to="libvirt", source="xl", base_dir=str(path.parent)),
               stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert _meaning(out.getvalue()) == _meaning(convert(path, "libvirt").text)
