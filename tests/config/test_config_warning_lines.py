"""`config convert --to libvirt` warnings name the file and the line, as the xl.cfg conversion's do: the XML
writer's notes ("vncdisplay: 3 with vncunused ...") used to name the file only."""

from __future__ import annotations

import io

from xlref.config.options import ConvertOptions
from xlref.config.run import convert

HVM = ('name = "w"\nbuilder = "hvm"\nmemory = 512\ndevice_model = "/usr/lib/xen/bin/qemu-dm"\n'
       'disk = [ "phy:/dev/vg/w,hda,w" ]\nvnc = 1\nvncdisplay = 3\nsdl = 0\n')


def test_writer_notes_carry_the_line() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = convert("-", "libvirt", opts=ConvertOptions(to="libvirt", source="xm"), stdin=io.BytesIO(HVM.encode()),
                   stdout=out, stderr=err)
    warnings = [line.split("warning: ", 1)[1] for line in err.getvalue().splitlines() if "warning: " in line]
    assert code == 0, err.getvalue()
    by_key = {w.split(": ", 2)[1].partition(":")[0]: w.split(": ", 1)[0] for w in warnings}
    assert by_key["device_model"] == "-:4" and by_key["vncdisplay"] == "-:7" and by_key["sdl"] == "-:8", warnings
    # a default xend applied to a key the file does not set has no line
    assert any(w.startswith("-: hpet: ") for w in warnings), warnings
