"""The upgrade checklist: the dataset's `checklist` records, each marked from what the scan found.

Every record id has one evaluator here (tests/host checks both directions).  An evaluator returns the status and
the evidence lines: DONE when the host needs nothing (or the bundle does it all), TODO when xlref's bundle does
it, HUMAN when someone has to decide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xlref.host.model import Check, Domain, Report, Status

Evaluator = Callable[[Report], tuple[Status, list[str]]]
_PYTHON = frozenset({"XL501", "XL502", "XL503", "XL504", "XL505", "XL525"})
_PYTHON_HUMAN = frozenset({"XL501", "XL503", "XL504", "XL505"})


def _real(report: Report) -> list[Domain]:
    return [d for d in report.domains if d.kind != "example"]


def _list(items: list[str], limit: int = 20) -> list[str]:
    return items[:limit] + ([f"... and {len(items) - limit} more"] if len(items) > limit else [])


def backup_host_config(report: Report) -> tuple[Status, list[str]]:
    files = sorted(report.backups)
    if not files:
        return Status.DONE, ["no xend-config.sxp or boot loader config found"]
    return Status.TODO, [f"{p}: copied into the bundle's backup/ by --write" for p in files]


def _unread_configs(report: Report) -> list[str]:
    """Problems under /etc/xen or xend's store: a domain there may exist that the scan could not read."""
    places = ("/etc/xen", "/var/lib/xend")
    return [f"{p['path']}: {p['message']}" for p in report.problems
            if any(p["path"] == place or p["path"].startswith(place + "/") for place in places)]


def capture_definitions(report: Report) -> tuple[Status, list[str]]:
    doms = _real(report)
    bad = [f"{d.path}: {d.libvirt.error}" for d in doms if not d.libvirt.ok]
    unread = _unread_configs(report)
    ok = [f"{len(doms) - len(bad)} domain(s) convert to libvirt XML; --write saves them in the bundle"] if doms else []
    if bad or unread:
        return Status.HUMAN, _list(bad + [f"{u} (not read: check by hand)" for u in unread] + ok)
    if not doms:
        return Status.DONE, ["no domains found"]
    return Status.TODO, ok


def python_configs(report: Report) -> tuple[Status, list[str]]:
    hits = [d for d in _real(report) if set(d.codes) & _PYTHON]
    if not hits:
        return Status.DONE, ["no domain config needs Python"]
    human = [d for d in hits if set(d.codes) & _PYTHON_HUMAN or not d.xl.ok]
    lines = [f"{d.path}: {', '.join(sorted(set(d.codes) & _PYTHON))}" + ("" if d in human else
             " (values computable: the bundle's xl.cfg is literal)") for d in hits]
    return (Status.HUMAN if human else Status.TODO), _list(lines)


def sxp_configs(report: Report) -> tuple[Status, list[str]]:
    hits = [d for d in _real(report) if d.dialect == "sxp"]
    if not hits:
        return Status.DONE, ["no SXP domain configs"]
    bad = [d for d in hits if not (d.xl.ok and d.libvirt.ok)]
    lines = [f"{d.path}: " + ("converted in the bundle" if d not in bad else
                              f"cannot convert: {d.xl.error or d.libvirt.error}") for d in hits]
    return (Status.HUMAN if bad else Status.TODO), _list(lines)


def managed_domains(report: Report) -> tuple[Status, list[str]]:
    hits = [d for d in report.domains if d.kind == "managed"]
    if not hits:
        return Status.DONE, ["no xend-managed domains"]
    lines = [f"{d.path} ({d.name or 'no name'}): vanishes with xend" for d in hits]
    bad = [d for d in hits if not d.libvirt.ok]
    return (Status.HUMAN if bad else Status.TODO), _list(lines)


def _with_code(report: Report, code: str) -> list[str]:
    return [d.path for d in _real(report) if code in d.codes]


def shared_write_disks(report: Report) -> tuple[Status, list[str]]:
    hits = _with_code(report, "XL507")
    return (Status.HUMAN, _list(hits)) if hits else (Status.DONE, ["no w! disks"])


def missing_features(report: Report) -> tuple[Status, list[str]]:
    hits = [f"{d.path}: vscsi (PVSCSI)" for d in _real(report) if "vscsi" in d.keys]
    return (Status.HUMAN, _list(hits)) if hits else (Status.DONE, ["no PVSCSI (vscsi) in any domain"])


def import_domains(report: Report) -> tuple[Status, list[str]]:
    doms = _real(report)
    ok = [d for d in doms if d.libvirt.ok]
    if not doms:
        return Status.DONE, ["no domains to import"]
    lines = [f"{len(ok)} of {len(doms)} domain(s) in the bundle's define-all.sh (virsh define)"]
    lines += [f"{d.path}: not importable: {d.libvirt.error}" for d in doms if not d.libvirt.ok]
    return (Status.HUMAN if len(ok) < len(doms) else Status.TODO), _list(lines)


def downtime(report: Report) -> tuple[Status, list[str]]:
    doms = _real(report)
    if not doms:
        return Status.DONE, ["no domains on this host"]
    auto = sum(d.autostart for d in doms)
    lines = [f"{len(doms)} domain(s), {auto} started at boot: schedule a stop, upgrade, start"]
    lines += [f"{s.option} = {s.value} (line {s.line})" for s in report.settings
              if s.option in ("xend-relocation-server", "xend-relocation-ssl-server") and s.value == "yes"]
    return Status.HUMAN, lines


def _rows(report: Report, area: str) -> list[str]:
    return [f"{f.path}: {f.item} = {f.value}: {f.note}" for f in report.facts if f.area == area and f.status > 1]


def saved_images(report: Report) -> tuple[Status, list[str]]:
    hits = [f"{f.path}: {f.note}" for f in report.facts if f.item == "saved image" and f.status >= Status.HUMAN]
    return (Status.HUMAN, _list(hits)) if hits else (Status.DONE, ["no xend save images found"])


def xend_settings(report: Report) -> tuple[Status, list[str]]:
    if report.settings_file is None:
        return Status.DONE, ["no xend-config.sxp"]
    broken = [p["message"] for p in report.problems if p["path"] == report.settings_file]
    if broken:
        return Status.HUMAN, broken
    todo = [s for s in report.settings if s.status >= Status.TODO]
    if not todo:
        return Status.DONE, [f"{report.settings_file}: only defaults set"]
    lines = [f"line {s.line}: ({s.option} {s.value}): {s.note}" for s in todo]
    return max(s.status for s in todo), _list(lines)


def xendomains(report: Report) -> tuple[Status, list[str]]:
    rows = [f for f in report.facts if f.area == "xendomains" and f.item != "saved image"]
    if not rows:
        return Status.DONE, ["no xendomains settings file"]
    bad = [f for f in rows if f.status >= Status.TODO]
    if not bad:
        return Status.DONE, [f"{len(rows)} variable(s) keep their meaning"]
    return max(f.status for f in bad), [f"{f.path}:{f.line}: {f.item}: {f.note}" for f in bad]


def services(report: Report) -> tuple[Status, list[str]]:
    lines = _rows(report, "service")
    return (Status.TODO, lines) if lines else (Status.DONE, ["no xend service found"])


def scripts(report: Report) -> tuple[Status, list[str]]:
    if not report.scripts:
        return Status.DONE, [f"{report.scripts_seen} shell script(s) linted, none calls xm or manages xend"]
    lines = [f"{s.path}: {s.findings} finding(s), {s.safe} safe fix(es)" for s in report.scripts]
    return max(s.status for s in report.scripts), _list(lines)


def boot_entries(report: Report) -> tuple[Status, list[str]]:
    lines = [f"{f.path}:{f.line}: {f.item} {f.value}" for f in report.facts
             if f.area == "bootloader" and f.item.startswith(("entry", "GRUB_CMDLINE", "Xen entry"))]
    if not lines:
        return Status.DONE, ["no Xen boot entries found"]
    return Status.HUMAN, [*_list(lines), "check the new entries keep these options after the upgrade"]


EVALUATORS: dict[str, Evaluator] = {
    "backup-host-config": backup_host_config, "capture-definitions": capture_definitions,
    "python-configs": python_configs, "sxp-configs": sxp_configs, "managed-domains": managed_domains,
    "shared-write-disks": shared_write_disks, "missing-features": missing_features,
    "import-domains": import_domains, "downtime": downtime, "saved-images": saved_images,
    "xend-settings": xend_settings, "xendomains": xendomains, "services": services, "scripts": scripts,
    "boot-entries": boot_entries,
}


def evaluate(report: Report, records: list[dict[str, Any]]) -> list[Check]:
    out = []
    for rec in records:
        status, evidence = EVALUATORS[rec["id"]](report)
        out.append(Check(rec["id"], rec["title"], status, evidence, rec.get("seed")))
    return out
