"""libvirt's own xen-xm / xen-xl converter fixtures (libvirt 11.3.0), compared semantically.

The fixtures live outside the repository (../shared/fixtures/libvirt, see its manifest.json) and are read
in place.  cfg -> XML compares the facts in tests/config/xmlfacts.py; XML -> cfg compares the configs key by
key after normalising order, quoting and spec field order (tests/config/cfgfacts.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.config.cfgfacts import cfg_facts
from tests.config.xmlfacts import diff, facts
from xlref.config.fromconfig import to_domain
from xlref.config.read import read_config
from xlref.config.render import render
from xlref.config.toconfig import from_domain
from xlref.config.xmlread import parse_domain_xml
from xlref.config.xmlwrite import to_xml

FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "libvirt"
MANIFEST = FIXTURES / "manifest.json"

#: (format, test name, direction) -> exact reason the pair does not pass.  Empty: every pair passes.
XFAIL: dict[tuple[str, str, str], str] = {}


def _cases(direction: str) -> list[Any]:
    if not MANIFEST.is_file():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"{MANIFEST} not present"))]
    manifest = json.loads(MANIFEST.read_text())
    out = []
    for fmt in ("xm", "xl"):
        for test in manifest[fmt]["tests"]:
            wanted = "cfg_to_xml" if direction == "xml" else "xml_to_cfg"
            if test["direction"] not in ("both", wanted):
                continue
            reason = XFAIL.get((fmt, test["name"], direction))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            out.append(pytest.param(fmt, test, marks=marks, id=f"{fmt}-{test['name']}"))
    return out


def _read(rel: str) -> str:
    return (FIXTURES / rel).read_text(encoding="utf-8")


def _deliberate(fmt: str, cfg: Any, produced: dict[str, Any]) -> dict[str, Any]:
    """Undo the documented differences from libvirt's xen-xm reader that these fixtures show:
    - an xm HVM guest without hpet gets xend's default hpet=0 (XendConfig._platform_sanity_check), which libvirt
      leaves out;
    - a tap:/tap2: (blktap) disk gets <driver name='qemu'> where libvirt writes 'tap' or 'tap2', which makes
      libvirt ask libxl for its tap backend: refused by Xen 4.13-4.18, blktap3's daemons since 4.19
      (fromconfig_dev._no_blktap)."""
    if fmt == "xm" and "hpet" not in cfg.values() and produced.get("os", {}).get("type") == "hvm":
        hpet_off = (("name", "hpet"), ("present", "no"))
        assert hpet_off in produced["timers"]
        produced["timers"] = [t for t in produced["timers"] if t != hpet_off]
    taps = [str(spec).split(":", 1)[0] for spec in cfg.values().get("disk", []) if str(spec).startswith("tap")]
    blktap = [d for d in produced["disks"] if d["driver"] and d["driver"][0] == "qemu" and d["type"] == "file"
              and d["device"] == "disk"]
    if fmt == "xm" and taps:
        assert len(blktap) == len(taps)
        for disk, kind in zip(blktap, taps, strict=True):
            disk["driver"] = (kind, disk["driver"][1])
    return produced


@pytest.mark.parametrize(("fmt", "test"), _cases("xml"))
def test_cfg_to_xml(fmt: str, test: dict[str, Any]) -> None:
    cfg = read_config(_read(test["cfg"]), test["cfg"])
    assert not cfg.problems or cfg.dialect == "xm", cfg.problems
    produced = to_xml(to_domain(cfg, fmt))
    assert diff(facts(_read(test["xml"])), _deliberate(fmt, cfg, facts(produced))) == []


@pytest.mark.parametrize(("fmt", "test"), _cases("cfg"))
def test_xml_to_cfg(fmt: str, test: dict[str, Any]) -> None:
    entries, _warnings = from_domain(parse_domain_xml(_read(test["xml"])), fmt)
    produced = render(entries)
    assert diff(cfg_facts(_read(test["cfg"]), fmt), cfg_facts(produced, fmt)) == []
    # what we write must itself be clean xl syntax
    assert read_config(produced).problems == []


def test_fixture_count() -> None:
    if not MANIFEST.is_file():
        pytest.skip("fixtures not present")
    manifest = json.loads(MANIFEST.read_text())
    assert len(manifest["xm"]["tests"]) + len(manifest["xl"]["tests"]) == 84
