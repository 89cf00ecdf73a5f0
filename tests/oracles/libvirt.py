"""libvirt as the judge of domain XML: 11.3.0's own `domain.rng`, Debian's installed `virt-xml-validate`
(libvirt 9.0's schemas) and the test driver (`virsh -c test:///default`), which defines a `type='xen'` domain
without any hypervisor."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from tests.oracles.fetch_libvirt_schemas import fetch

INSTALL_VIRSH = "apt-get install libvirt-clients"


@cache
def domain_schema() -> Any:
    """libvirt 11.3.0's RelaxNG for <domain>, fetched once (see fetch_libvirt_schemas)."""
    return etree.RelaxNG(etree.parse(str(fetch() / "domain.rng")))


def schema_errors(xml: str | bytes) -> str:
    """'' when the XML validates against 11.3.0's domain.rng, else the validator's message."""
    rng = domain_schema()
    doc = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    if rng.validate(doc):
        return ""
    return "; ".join(f"line {e.line}: {e.message}" for e in rng.error_log)


def virsh() -> str | None:
    return shutil.which("virsh")


@dataclass
class Defined:
    ok: bool
    output: str  # dumpxml on success, virsh's error otherwise


def define(xml: str, name: str) -> Defined:
    """Define the domain in a fresh test driver and dump it back, in one virsh process (the test driver keeps
    no state between processes)."""
    exe = virsh()
    assert exe is not None, f"virsh missing ({INSTALL_VIRSH})"
    with tempfile.TemporaryDirectory(prefix="xlref-virsh-") as tmp:
        path = Path(tmp) / "domain.xml"
        path.write_text(xml, encoding="utf-8")
        proc = subprocess.run([exe, "-q", "-c", "test:///default", f"define {path}; dumpxml {name}"],
                              capture_output=True, text=True, timeout=60, check=False)
    if proc.returncode != 0:
        return Defined(False, (proc.stderr or proc.stdout).strip())
    return Defined(True, proc.stdout)


def virt_xml_validate(xml: str) -> tuple[bool, str]:
    """Debian's installed validator (libvirt 9.0 schemas): older than 11.3, so it may reject newer elements."""
    exe = shutil.which("virt-xml-validate")
    assert exe is not None, f"virt-xml-validate missing ({INSTALL_VIRSH})"
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as fh:
        fh.write(xml)
    try:
        proc = subprocess.run([exe, fh.name, "domain"], capture_output=True, text=True, timeout=60, check=False)
    finally:
        Path(fh.name).unlink()
    return proc.returncode == 0, (proc.stderr or proc.stdout).strip()
