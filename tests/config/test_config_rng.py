"""Every XML we produce validates against libvirt 11.3.0's own domain RelaxNG schema (fetched once from Debian's
source package, see tests/oracles)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from xlref.config.convert import to_libvirt_xml
from xlref.config.read import read_config

WORK = Path(__file__).resolve().parents[2] / ".."
FIXTURES = WORK / "shared" / "fixtures" / "libvirt"
OWN = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def rng(libvirt_oracle: Any) -> Any:
    return libvirt_oracle.domain_schema()


def _inputs() -> list[Any]:
    out = [pytest.param(OWN / name, None, id=name) for name in ("xm-hvm.cfg", "xm-renamed.cfg", "sxp-hvm.sxp",
                                                                 "xm-shared-disk.cfg", "xl-clean.cfg")]
    manifest = FIXTURES / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text())
        for fmt in ("xm", "xl"):
            out += [pytest.param(FIXTURES / t["cfg"], fmt, id=f"{fmt}-{t['name']}") for t in data[fmt]["tests"]
                    if t["direction"] != "xml_to_cfg"]
    return out


@pytest.mark.parametrize(("path", "fmt"), _inputs())
def test_output_is_schema_valid(rng: Any, path: Path, fmt: str | None) -> None:
    xml = to_libvirt_xml(read_config(path.read_text(), str(path)), fmt).text
    assert rng.validate(etree.fromstring(xml.encode())), rng.error_log.last_error
