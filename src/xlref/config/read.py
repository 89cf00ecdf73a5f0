"""Pick the right reader for a config file: libvirt XML, xend SXP, literal xl syntax, or Python (xm)."""

from __future__ import annotations

import re

from xlref.config.model import Config, Problem, Span
from xlref.config.sxp import SxpError, sxp_entries
from xlref.config.xlparse import parse_xl
from xlref.config.xmparse import parse_xm

_SXP = re.compile(r"\A(?:\s*#[^\n]*\n)*\s*\(\s*(vm|domain)\b")


class InputError(ValueError):
    """The file cannot be read at all (binary, not UTF-8...): exit code 2."""


def decode(raw: bytes, path: str) -> str:
    if b"\0" in raw[:8192]:
        raise InputError("binary file, not a domain config")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("latin-1")
        except UnicodeDecodeError as err:  # pragma: no cover - latin-1 decodes everything
            raise InputError("not text") from err


def looks_like_xml(text: str) -> bool:
    return text.lstrip().startswith("<")


def read_config(text: str, path: str = "-") -> Config:
    """Read a native config.  dialect is "xl" when the whole file is literal xl syntax, "xm" when it needs
    Python, "sxp" for xend s-expressions (which no current tool reads)."""
    m = _SXP.match(text)
    if m:
        line = text[: m.start(1)].count("\n") + 1
        cfg = Config(path=path, text=text, dialect="sxp")
        cfg.problems.append(Problem("XL506", "this is an xend SXP config (`xm create -F` / `xm new -F`); "
                                    "neither xl nor libvirt reads SXP — `xlref config convert --to xl` "
                                    "rewrites it", Span(line, 1, line, 2)))
        try:
            sxp_entries(cfg)
        except SxpError as err:
            cfg.problems.append(Problem("XL516", f"unreadable SXP: {err}", Span(line, 1, line, 2)))
            cfg.entries.clear()
        return cfg
    cfg = parse_xl(text, path)
    if not cfg.problems:
        return cfg
    return parse_xm(text, path)


_XM_ONLY_HINTS = ("cpu_cap", "cpu_weight", "restart", "device_model", "vncconsole", "vncviewer", "bootentry",
                  "vif2", "vscsi", "vtpm_instance", "on_xend_start", "on_xend_stop", "nics", "ip", "netmask",
                  "gateway", "hostname", "dhcp", "interface", "nfs_server", "nfs_root", "cpu", "vhpt",
                  "access_control", "blkif", "netif", "monitor", "monitor_path", "opengl", "isa")


_XM_DISK_PREFIXES = ("tap:", "tap2:", "phy:", "file:")


def guess_format(cfg: Config) -> str:
    """Which reader semantics (libvirt's xen-xm or xen-xl) suit this file."""
    if cfg.dialect in ("xm", "sxp"):
        return "xm"
    keys = set(cfg.keys())
    if keys & set(_XM_ONLY_HINTS):
        return "xm"
    kernel = cfg.get("kernel")
    if cfg.get("builder") == "hvm" and isinstance(kernel, str) and kernel.endswith("hvmloader"):
        return "xm"
    disks = cfg.get("disk")
    if isinstance(disks, list) and any(isinstance(d, str) and ("w!" in d.split(",")[2:3] or
                                                               d.startswith(_XM_DISK_PREFIXES)) for d in disks):
        return "xm"
    return "xl"
