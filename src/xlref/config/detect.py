"""Which tool a config was written for: libvirt XML, xend SXP, an xm Python config, or an xl config.

The syntax decides first (XML, an s-expression, Python that xl's grammar refuses).  A literal `key = value` file
is read the same way by both, except where a key or a value exists for one tool only; every such piece of
evidence is counted and the decision names it, so `-v` can say why.  `--from` overrides all of this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlref.config.disklex import parse_disk
from xlref.config.diskspec import xm_reads
from xlref.config.keytable import KeyTable, key_table
from xlref.config.model import Config

FORMATS = ("xm", "xl", "sxp", "libvirt")
XM_ERA_PREFIXES = ("phy", "file", "tap", "tap2", "nbd", "enbd", "iscsi", "drbd")


@dataclass
class Detection:
    format: str  # xm | xl | sxp | libvirt
    reason: str
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (tool, why)

    def describe(self) -> str:
        return f"read as {self.format}: {self.reason}"


def looks_like_xml(text: str) -> bool:
    return text.lstrip().startswith("<")


def _disk_evidence(spec: str) -> tuple[str, str] | None:
    xl_ok = parse_disk(spec).ok
    xm_ok = xm_reads(spec)
    if xl_ok and not xm_ok:
        return "xl", f"disk {spec!r} is in xl's syntax only"
    if xm_ok and not xl_ok:
        return "xm", f"disk {spec!r} is read by xm but refused by xl"
    return None


def evidence(cfg: Config, table: KeyTable | None = None) -> list[tuple[str, str]]:
    """(tool, why) for everything in a literal config that only one of xm and xl reads."""
    table = table or key_table()
    found: list[tuple[str, str]] = []
    values = cfg.values()
    for key in values:
        xm_rec, xl_rec = table.xm.get(key), table.xl.get(key)
        if xm_rec is not None and (xl_rec is None or xl_rec.get("status") == "removed"):
            found.append(("xm", f"key {key} exists only in xm"))
        elif xl_rec is not None and xl_rec.get("status") == "new":
            found.append(("xl", f"key {key} exists only in xl"))
    builder = values.get("builder")
    if isinstance(builder, str) and builder and not ("hvm".startswith(builder) or "generic".startswith(builder)):
        found.append(("xm", f"builder = {builder!r} (xl accepts only hvm or generic)"))
    kernel = values.get("kernel")
    if builder == "hvm" and isinstance(kernel, str) and kernel.rsplit("/", 1)[-1] == "hvmloader":
        found.append(("xm", "an HVM kernel = hvmloader (xm's firmware path; xl ignores it)"))
    disks = values.get("disk")
    for spec in disks if isinstance(disks, list) else []:
        if isinstance(spec, str) and (hit := _disk_evidence(spec)) is not None:
            found.append(hit)
    for vif in values.get("vif") if isinstance(values.get("vif"), list) else []:  # type: ignore[union-attr]
        if isinstance(vif, str) and "type=netfront" in vif.replace(" ", ""):
            found.append(("xm", "vif type=netfront (xl spells it type=vif)"))
    if isinstance(values.get("serial"), list):
        found.append(("xl", "serial is a list (xm takes one string)"))
    return found


def weak_evidence(cfg: Config) -> list[str]:
    """Hints that only count when nothing else decides: xm-era disk prefixes, which xl still reads."""
    disks = cfg.values().get("disk")
    specs = [spec for spec in disks if isinstance(spec, str)] if isinstance(disks, list) else []
    prefixes = sorted({spec.split(":", 1)[0] + ":" for spec in specs if spec.split(":", 1)[0] in XM_ERA_PREFIXES})
    return [f"disk prefixes {', '.join(prefixes)} (xm's; xl still reads them)"] if prefixes else []


def detect(cfg: Config, forced: str | None = None) -> Detection:
    """Decide the source tool of an already-read config (read.read_config chose its dialect by syntax)."""
    if forced:
        return Detection(forced, "--from " + forced)
    if cfg.dialect == "sxp":
        return Detection("sxp", "the file is an s-expression (xend's SXP)")
    if cfg.dialect == "xm":
        first = next((p for p in sorted(cfg.problems, key=lambda p: p.span.line)
                      if p.code in ("XL501", "XL502", "XL503", "XL504", "XL505")), None)
        if first is None:
            first_computed = next((e for e in cfg.entries if e.computed), None)
            where = f"line {first_computed.span.line}: {first_computed.computed}" if first_computed else "Python"
        else:
            where = f"line {first.span.line}: {first.message}"
        return Detection("xm", f"it needs Python, which only xm ran ({where})")
    found = evidence(cfg)
    xm = [why for tool, why in found if tool == "xm"]
    xl = [why for tool, why in found if tool == "xl"]
    if not found:
        weak = weak_evidence(cfg)
        if weak:
            return Detection("xm", f"nothing only one tool reads, but {weak[0]}; give --from xl if xl ran it")
        return Detection("xl", "literal key = value lines that xm and xl read alike; nothing only one tool "
                               "reads (give --from xm if xm ran it: xend's defaults differ, e.g. hpet)")
    chosen = "xm" if len(xm) > len(xl) else "xl"
    summary = "; ".join((xm if chosen == "xm" else xl)[:3])
    if xm and xl:
        other = "; ".join((xl if chosen == "xm" else xm)[:3])
        return Detection(chosen, f"{summary} (but also: {other}; the majority decides)", found)
    return Detection(chosen, summary, found)
