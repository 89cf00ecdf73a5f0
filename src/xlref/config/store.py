"""Where an xm/xend host keeps its domain configs, and which files there are configs at all.

One set of rules for `xlref config convert DIR` (batch) and `xlref host scan` (which reaches it through
host.engines): /etc/xen and its subdirectories hold xm configs (auto/ holds the ones xendomains starts, usually as
links to the configs beside it), xend's managed-domain store holds one `<uuid>/config.sxp` per domain created
with `xm new` (RELEASE-4.4.4 tools/python/xen/xend/XendDomain.py: domains_dir, _managed_config_path).  Beside
them live the toolstacks' own settings, Xen's shipped examples, hotplug scripts and editors' and package
managers' backups, which are no guests.
"""

from __future__ import annotations

import re

XEN_DIR = "/etc/xen"
AUTO_DIR = "/etc/xen/auto"
MANAGED_DIR = "/var/lib/xend/domains"
MANAGED_FILE = "config.sxp"
#: /etc/xen/scripts holds the hotplug scripts (vif-bridge, block...), never a config
SKIP_DIRS = frozenset({"scripts", ".git", ".hg", ".svn"})
#: file names that are no domain config: toolstack settings, xend's PCI tables, backups and editor droppings
_NOT_DOMAINS = re.compile(r"^(?:xl\.conf|xend-config.*\.sxp|xend-pci-.*\.sxp|xm-config\.xml|xenapi\.conf|cpupool"
                          r"|README.*|.*\.(?:bak|orig|old|rpmsave|rpmnew|rpmorig|swp|dpkg-[a-z]+|ucf-[a-z]+)|.*~|#.*#"
                          r"|\..*)$")
#: Xen's own examples (tools/examples/xmexample1, xlexample.hvm...): installed in /etc/xen, started by nobody
EXAMPLE = re.compile(r"^(?:xm|xl)example")
#: keys that make a text a domain config (any one of them, assigned at the start of a line)
DOMAIN_KEYS = ("name", "memory", "kernel", "disk", "vif", "builder", "type", "vcpus", "bootloader", "uuid")
_KEY_LINE = re.compile(r"^[ \t]*(?:" + "|".join(DOMAIN_KEYS) + r")[ \t]*\+?=", re.M)
#: an xend SXP domain config: comment lines, then `(vm` or `(domain`; group 1 is the head word (read.py places
#: its XL506 note there)
SXP_DOMAIN = re.compile(r"\A(?:\s*#[^\n]*\n)*\s*\(\s*(vm|domain)\b")
#: how much of a file decides (a config's keys come early; a long file is not read whole to decide)
HEAD = 65536


def not_a_config(name: str) -> str | None:
    """Why a file of this name is no domain config, or None when it may be one."""
    if _NOT_DOMAINS.match(name):
        return "not a domain config (a tool's own settings, a backup or a hidden file)"
    return None


def is_example(name: str) -> bool:
    return bool(EXAMPLE.match(name))


def looks_like_domain(text: str) -> bool:
    """A domain config (xm/xl, SXP or libvirt XML) rather than a script, a README or a tool's settings."""
    head = text[:HEAD]
    if head.startswith("#!"):
        return False
    stripped = head.lstrip()
    if stripped.startswith("<"):
        return re.search(r"<domain\b", stripped[:4096]) is not None
    if SXP_DOMAIN.match(head):
        return True
    return bool(_KEY_LINE.search(head))


def managed_config(store: str, entry: str) -> str:
    """The config file of one managed domain: STORE/UUID/config.sxp."""
    return f"{store.rstrip('/')}/{entry}/{MANAGED_FILE}"


__all__ = ["AUTO_DIR", "EXAMPLE", "MANAGED_DIR", "MANAGED_FILE", "SKIP_DIRS", "SXP_DOMAIN", "XEN_DIR", "is_example",
           "looks_like_domain", "managed_config", "not_a_config"]
