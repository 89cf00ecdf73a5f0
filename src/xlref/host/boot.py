"""Boot and services, part two: Xen entries in the boot loader config and the hypervisor command line.

GRUB legacy (menu.lst / grub.conf) boots Xen with `kernel /boot/xen.gz OPTIONS` and dom0 with `module` lines;
GRUB 2 (grub.cfg) uses `multiboot`/`multiboot2`; on Debian-style hosts /etc/default/grub (and grub.d/xen.cfg)
holds GRUB_CMDLINE_XEN / GRUB_CMDLINE_XEN_DEFAULT.  The options that matter to the toolstack switch are the
ones xend's settings leaned on (docs/misc/xen-command-line.pandoc, RELEASE-4.22.0): dom0_mem (pair it with
xl.conf autoballoon) and dom0_max_vcpus.
"""

from __future__ import annotations

import posixpath
import re
import shlex

from xlref.host.fs import HostFS
from xlref.host.model import Fact, Status

LEGACY = ("/boot/grub/menu.lst", "/boot/grub/grub.conf")
GRUB2 = ("/boot/grub/grub.cfg", "/boot/grub2/grub.cfg")
DEFAULTS = ("/etc/default/grub",)
DEFAULTS_DIR = "/etc/default/grub.d"
_XEN_IMAGE = re.compile(r"^xen[-.0-9a-z]*(?:\.gz)?$")
_DEFAULT_VAR = re.compile(r"^\s*(GRUB_CMDLINE_XEN(?:_DEFAULT)?)=(.*)$")
NOTES = {
    "dom0_mem": 'dom0 has a fixed size: set autoballoon="off" (or keep "auto") in xl.conf, autoballoon = 0 in '
                "libxl.conf",
    "dom0_max_vcpus": "dom0's vCPU count: what xend's dom0-cpus did",
}


def _hypervisor_args(args: str) -> str:
    """The options of a GRUB 2 `multiboot`/`multiboot2` line: Debian's 20_linux_xen puts a `placeholder` word
    first (Xen skips the first word of its command line as the image name), which is no option."""
    words = args.split(None, 1)
    return (words[1] if len(words) > 1 else "") if words and words[0] == "placeholder" else args


def _options(args: str) -> list[tuple[str, str]]:
    out = []
    for word in args.split():
        key, _, value = word.partition("=")
        out.append((key, value))
    return out


def _facts(path: str, item: str, args: str, line: int) -> list[Fact]:
    facts = [Fact("bootloader", path, item, args or "(no options)", Status.INFO,
                  "hypervisor command line: keep it on the new boot entries", line)]
    for key, value in _options(args):
        if key in NOTES:
            facts.append(Fact("bootloader", path, key, value, Status.INFO, NOTES[key], line))
    return facts


def _legacy(path: str, text: str) -> list[Fact]:
    out: list[Fact] = []
    title = ""
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split(None, 2)
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "title":
            title = line.split(None, 1)[1].strip() if len(words) > 1 else ""
        elif words[0] == "kernel" and len(words) > 1 and _XEN_IMAGE.match(posixpath.basename(words[1])):
            out += _facts(path, f"entry: {title}" if title else "Xen entry", words[2] if len(words) > 2 else "",
                          number)
    return out


def _grub2(path: str, text: str) -> list[Fact]:
    out: list[Fact] = []
    title = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        m = re.match(r"""menuentry\s+(['"])(.*?)\1""", stripped)
        if m:
            title = m.group(2)
            continue
        words = stripped.split(None, 2)
        if len(words) > 1 and words[0] in ("multiboot", "multiboot2") and \
                _XEN_IMAGE.match(posixpath.basename(words[1])):
            out += _facts(path, f"entry: {title}" if title else "Xen entry",
                          _hypervisor_args(words[2] if len(words) > 2 else ""), number)
    return out


def _defaults(path: str, text: str) -> list[Fact]:
    out: list[Fact] = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _DEFAULT_VAR.match(line)
        if not m:
            continue
        try:
            value = " ".join(shlex.split(m.group(2), comments=True))
        except ValueError:
            value = m.group(2).strip()
        out += _facts(path, m.group(1), value, number)
    return out


def bootloader(fs: HostFS) -> tuple[list[Fact], dict[str, bytes]]:
    """(facts, files worth backing up: host path -> bytes)."""
    facts: list[Fact] = []
    backups: dict[str, bytes] = {}
    readers = [*((p, _legacy) for p in LEGACY), *((p, _grub2) for p in GRUB2), *((p, _defaults) for p in DEFAULTS),
               *((f"{DEFAULTS_DIR}/{n}", _defaults) for n in fs.listdir(DEFAULTS_DIR) if n.endswith(".cfg"))]
    for path, reader in readers:
        if not fs.exists(path):
            continue
        raw = fs.try_read(path)
        if raw is None:
            continue
        found = reader(path, raw.decode("utf-8", "replace"))
        if found or path in LEGACY:
            backups[path] = raw
        facts += found
    return facts, backups
