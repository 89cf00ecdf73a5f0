"""`config convert --define`: import converted domains into libvirt with `virsh define`, as xen2libvirt did.

All definitions go through one virsh process (`define FILE; echo MARK; dumpxml NAME; ...`): that is also the
only way libvirt's test driver (test:///default, which keeps its state inside one process) can prove an import
end to end.  The `dumpxml --inactive` that follows each define (the stored definition, not a running domain's
live one) is compared with what was sent, so a domain libvirt accepted but changed is reported.  An existing
domain of the same name is refused unless --force: then its uuid is reused (libvirt updates the definition in
place), or, when the converted config carries another uuid, the old definition is undefined first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MARK = "@@xlref-define@@"
END = "@@end@@"  # virsh -q prints an echo without its newline: the name needs its own end
_TIMEOUT = 300


class DefineError(RuntimeError):
    """virsh is missing or cannot reach the hypervisor at all."""


@dataclass
class Defined:
    name: str
    status: str  # defined | exists | failed
    detail: str = ""


def _virsh(uri: str | None) -> list[str]:
    exe = shutil.which("virsh")
    if exe is None:
        raise DefineError("virsh is not installed (Debian: apt-get install libvirt-clients); nothing was defined")
    return [exe, "-q", *(["-c", uri] if uri else [])]


def _run(cmd: list[str], script: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run([*cmd, script], capture_output=True, text=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise DefineError(f"virsh failed to run: {err}") from err


def _quote(word: str) -> str:
    """A word for virsh's own command-line parser (double quotes, backslash escapes)."""
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def existing(uri: str | None) -> dict[str, str]:
    """name -> uuid of every domain libvirt knows (running or not)."""
    proc = _run(_virsh(uri), "list --all --name")
    if proc.returncode != 0:
        said = "; ".join(line.strip() for line in (proc.stderr or proc.stdout).splitlines() if line.strip())
        raise DefineError(f"virsh cannot list the domains ({said}); nothing was defined")
    names = [n.strip() for n in proc.stdout.splitlines() if n.strip()]
    if not names:
        return {}
    script = "; ".join(f"echo {_quote(MARK + n + END)}; domuuid {_quote(n)}" for n in names)
    stdout: str = _run(_virsh(uri), script).stdout
    return {name: block.strip() for name, block in _sections(stdout).items()}


def _sections(stdout: str) -> dict[str, str]:
    """{name: what virsh printed after `echo MARK name END`}."""
    parts = re.split(re.escape(MARK) + "(.*?)" + re.escape(END), stdout, flags=re.S)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _facts(xml: str) -> tuple[str | None, ...]:
    root = etree.fromstring(xml.encode())
    return (root.findtext("name"), root.findtext("memory"), root.findtext("vcpu"),
            str(len(root.findall("devices/disk"))), str(len(root.findall("devices/interface"))))


def _with_uuid(xml: str, uuid: str) -> str:
    root = etree.fromstring(xml.encode())
    el = root.find("uuid")
    if el is None:
        el = etree.Element("uuid")
        root.insert(1, el)
    el.text = uuid
    text: str = etree.tostring(root, encoding="unicode")
    return text + "\n"


def define_domains(items: list[tuple[str, str]], uri: str | None = None, force: bool = False) -> list[Defined]:
    """items: (domain name, libvirt XML).  Returns one Defined per item, in order."""
    have = existing(uri)
    results: dict[str, Defined] = {}
    script: list[str] = []
    sent: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="xlref-define-") as tmp:
        for index, (name, xml) in enumerate(items):
            if name in have and not force:
                results[name] = Defined(name, "exists", "libvirt already has a domain of this name; not "
                                        "replaced (give --force to replace its definition)")
                continue
            ours = re.search(r"<uuid>([^<]*)</uuid>", xml)
            if name in have and ours is None:
                xml = _with_uuid(xml, have[name])
            elif name in have and ours is not None and ours.group(1) != have[name]:
                script.append(f"undefine {_quote(name)}")
            path = Path(tmp) / f"{index}.xml"
            path.write_text(xml, encoding="utf-8")
            sent[name] = xml
            script += [f"define {_quote(str(path))}", f"echo {_quote(MARK + name + END)}",
                       f"dumpxml --inactive {_quote(name)}"]
        if script:
            proc = _run(_virsh(uri), "; ".join(script))
            dumps = _sections(proc.stdout)
            for name, xml in sent.items():
                results[name] = _verify(name, xml, dumps.get(name, ""), proc.stderr)
    return [results[name] for name, _ in items]


def _verify(name: str, sent: str, dumped: str, errors: str) -> Defined:
    if "<domain" not in dumped:
        mine = [line for line in errors.splitlines() if name in line or "error" in line.lower()]
        return Defined(name, "failed", "; ".join(mine).strip() or "virsh defined nothing")
    try:
        want, got = _facts(sent), _facts(dumped)
    except etree.XMLSyntaxError as err:  # pragma: no cover - virsh prints XML
        return Defined(name, "failed", f"unreadable dumpxml: {err}")
    labels = ("name", "memory", "vcpus", "disks", "interfaces")
    lost = [f"{label}: sent {w}, libvirt kept {g}" for label, w, g in zip(labels, want, got, strict=True) if w != g]
    if lost:
        return Defined(name, "failed", "libvirt changed the definition: " + "; ".join(lost))
    return Defined(name, "defined", "libvirt kept name, memory, vcpus, disks and interfaces")
