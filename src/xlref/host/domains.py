"""Domains: every config under /etc/xen (auto/ included) and every xend-managed domain, checked and converted."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterator

from xlref.host import engines
from xlref.host.fs import SKIP_DIRS, HostFS, Problem, Refused
from xlref.host.model import Domain, Status

XEN_DIR = "/etc/xen"
AUTO_DIR = "/etc/xen/auto"
MANAGED_DIR = "/var/lib/xend/domains"
#: Not domain configs: toolstack settings, the hotplug scripts and backup copies.
NOT_DOMAINS = re.compile(r"^(?:xl\.conf|xend-config.*\.sxp|xend-pci-.*\.sxp|cpupool|README.*|.*\.(?:bak|orig|old|"
                         r"rpmsave|rpmnew|rpmorig|swp|dpkg-[a-z]+|ucf-[a-z]+)|.*~|#.*#|\..*)$")
SKIP_SUBDIRS = frozenset({"scripts", "auto"})
EXAMPLE = re.compile(r"^(?:xm|xl)example")
#: Codes whose presence means the config needs a decision (nothing can compute the value or replace the feature).
HUMAN_CODES = frozenset({"XL501", "XL503", "XL504", "XL505", "XL507", "XL515", "XL516"})


def config_paths(fs: HostFS, auto_dir: str = AUTO_DIR) -> Iterator[tuple[str, str]]:
    """(host path, kind) of candidate configs: /etc/xen and its subdirectories, then the auto-start directory."""
    for path in fs.files(XEN_DIR, skip=SKIP_SUBDIRS | SKIP_DIRS):
        name = posixpath.basename(path)
        if NOT_DOMAINS.match(name):
            continue
        yield path, "example" if EXAMPLE.match(name) else "config"
    for path in fs.files(auto_dir, recursive=False):
        yield path, "auto"


def managed_paths(fs: HostFS, store: str = MANAGED_DIR) -> Iterator[str]:
    for entry in fs.listdir(store):
        path = f"{store}/{entry}/config.sxp"
        if fs.exists(path):
            yield path


def _status(dom: Domain) -> Status:
    if dom.kind == "example":
        return Status.INFO
    if set(dom.codes) & HUMAN_CODES or not dom.libvirt.ok or not dom.xl.ok:
        return Status.HUMAN
    if dom.kind == "managed" or dom.codes or dom.dialect != "xl" or dom.xl.warnings:
        return Status.TODO
    return Status.DONE


def scan_domains(fs: HostFS, store: str = MANAGED_DIR, tick: Callable[[str], None] | None = None,
                 auto_dir: str = AUTO_DIR) -> list[Domain]:
    candidates = [*config_paths(fs, auto_dir), *((p, "managed") for p in managed_paths(fs, store))]
    plain = {p for p, kind in candidates if kind in ("config", "example")}
    auto_targets: set[str] = set()
    out: list[Domain] = []
    for path, kind in candidates:
        if tick:
            tick(path)
        if kind == "auto":
            try:
                target = fs.resolve(path)
            except Refused:  # a symlink loop: read() reports it below
                target = path
            if target in plain:  # the usual auto/ link to a config in /etc/xen: scanned there
                auto_targets.add(target)
                continue
        raw = fs.try_read(path)
        if raw is None:
            continue
        text = engines.decode(raw, path)
        if text is None or (kind != "managed" and not engines.looks_like_domain(text)):
            if kind == "auto":
                fs.problems.append(Problem(path, "in the auto-start directory but not a domain config"))
            continue
        out.append(_domain(path, kind, text))
    for dom in out:
        if dom.path in auto_targets or dom.kind == "auto":
            dom.autostart = True
            if dom.kind == "example":
                dom.kind = "config"
        dom.status = _status(dom)
    return out


def _domain(path: str, kind: str, text: str) -> Domain:
    res = engines.check_domain(text, path)
    dom = Domain(path, kind, res.name, res.dialect, Status.DONE, xl=res.xl, libvirt=res.libvirt, keys=res.keys)
    dom.codes = dict(sorted(Counter(f.code for f in res.findings).items()))
    dom.findings = [{"code": f.code, "severity": str(f.severity), "line": f.line, "message": f.message}
                    for f in res.findings]
    if kind == "managed":
        dom.note = "xend-managed: this definition disappears with xend; the bundle keeps it as xl.cfg and XML"
    elif kind == "example":
        dom.note = "an example shipped with Xen; not imported"
    return dom


def safe_name(dom: Domain, taken: set[str]) -> str:
    """A file name for the bundle: the domain's name (or the config's), made unique."""
    base = dom.name or posixpath.basename(posixpath.dirname(dom.path) if dom.kind == "managed" else dom.path)
    base = re.sub(r"[^A-Za-z0-9_.+-]", "_", base).strip(".") or "domain"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name
