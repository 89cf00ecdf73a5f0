"""Domains: every config under /etc/xen (auto/ included) and every xend-managed domain, checked and converted."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterator

from xlref.host import engines
from xlref.host.fs import SKIP_DIRS, HostFS, Problem, Refused
from xlref.host.model import Domain, Status

XEN_DIR, AUTO_DIR, MANAGED_DIR, _CONFIG_SKIP = engines.store_layout()
SKIP_SUBDIRS = frozenset({"auto"}) | _CONFIG_SKIP
#: What each `config check` code asks of the migration (tests/host: every XL5xx rule is here).  HUMAN: a decision
#: or work xlref cannot do (Python whose effect someone must check, shared-write disks, a device spec xl cannot
#: read, no settings at all, an emulated-hardware change); TODO: the bundle's converted config does it; INFO:
#: nothing changes for the guest.  A refused conversion makes the domain HUMAN whatever its codes.
VERDICTS: dict[str, Status] = {
    "XL501": Status.HUMAN, "XL502": Status.TODO, "XL503": Status.HUMAN, "XL504": Status.HUMAN,
    "XL505": Status.HUMAN, "XL506": Status.TODO, "XL507": Status.HUMAN, "XL508": Status.TODO,
    "XL509": Status.TODO, "XL510": Status.TODO, "XL511": Status.INFO, "XL512": Status.TODO,
    "XL513": Status.TODO, "XL514": Status.TODO, "XL515": Status.TODO, "XL516": Status.HUMAN,
    "XL517": Status.TODO, "XL518": Status.INFO, "XL519": Status.HUMAN, "XL520": Status.TODO,
    "XL521": Status.TODO, "XL522": Status.TODO, "XL523": Status.TODO, "XL524": Status.HUMAN,
    "XL525": Status.TODO,
}
HUMAN_CODES = frozenset(code for code, status in VERDICTS.items() if status is Status.HUMAN)


def config_paths(fs: HostFS, auto_dir: str = AUTO_DIR) -> Iterator[tuple[str, str]]:
    """(host path, kind) of candidate configs: /etc/xen and its subdirectories, then the auto-start directory."""
    for path in fs.files(XEN_DIR, skip=SKIP_SUBDIRS | SKIP_DIRS):
        name = posixpath.basename(path)
        if engines.not_a_config(name) is not None:
            continue
        yield path, "example" if engines.is_example(name) else "config"
    for path in fs.files(auto_dir, recursive=False):
        yield path, "auto"


def managed_paths(fs: HostFS, store: str = MANAGED_DIR) -> Iterator[str]:
    for entry in fs.listdir(store):
        path = engines.managed_config(store, entry)
        if fs.exists(path):
            yield path


def _status(dom: Domain) -> Status:
    if dom.kind == "example":
        return Status.INFO
    worst = max((VERDICTS.get(code, Status.HUMAN) for code in dom.codes), default=Status.DONE)
    if worst is Status.HUMAN or not dom.libvirt.ok or not dom.xl.ok:
        return Status.HUMAN
    if worst is Status.TODO or dom.kind == "managed" or dom.dialect != "xl" or dom.xl.warnings:
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
