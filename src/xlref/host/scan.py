"""`xlref host scan`: read a host tree (never writing to it) and build the Report."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from xlref.host import boot, checklist, domains, engines, scripts, services, settings
from xlref.host.fs import HostFS
from xlref.host.model import Report

XEND_CONFIG = "/etc/xen/xend-config.sxp"
#: Where a symlinked file may point and still be read (see fs.HostFS.read).
AREAS = ("/etc", "/var/lib/xend", "/var/lib/xen", "/var/spool/cron", "/usr/local", "/root", "/opt", "/boot", "/srv",
         "/home")


@dataclass
class Options:
    root: str = "/"
    target: str = "xl"
    scripts: list[str] = field(default_factory=list)  # extra script directories (host paths under ROOT)
    fix: bool = False  # compute script rewrites (for --write)
    unsafe_fixes: bool = False
    progress: TextIO | None = None  # a tty to draw progress on


class Progress:
    """One status line, redrawn at most ten times a second, only when asked for (a tty)."""

    def __init__(self, out: TextIO | None) -> None:
        self.out = out
        self.count = 0
        self.last = 0.0
        self.stage = ""

    def __call__(self, path: str) -> None:
        self.count += 1
        if self.out is None:
            return
        now = time.monotonic()
        if now - self.last >= 0.1:
            self.last = now
            self.out.write(f"\r\x1b[K{self.stage}: {self.count} files  {path[-60:]}")
            self.out.flush()

    def done(self) -> None:
        if self.out is not None:
            self.out.write("\r\x1b[K")
            self.out.flush()


def scan(opts: Options, data: dict[str, Any]) -> Report:
    fs = HostFS(opts.root, (*AREAS, *opts.scripts))
    report = Report(opts.root, opts.target)
    progress = Progress(opts.progress)
    tick: Callable[[str], None] = progress

    progress.stage = "xend settings"
    if fs.exists(XEND_CONFIG):
        raw = fs.try_read(XEND_CONFIG)
        if raw is not None:
            report.settings_file = XEND_CONFIG
            report.backups[XEND_CONFIG] = raw
            rows, error = settings.read_settings(raw.decode("utf-8", "replace"), XEND_CONFIG, data, opts.target)
            report.settings = rows
            if error:
                report.problems.append({"path": XEND_CONFIG, "message": error})
    store = next((s.value.strip("'\"") for s in report.settings if s.option == "xend-domains-path" and s.known),
                 domains.MANAGED_DIR)

    progress.stage = "boot and services"
    facts, where = services.xendomains(fs, data)
    report.facts += facts
    report.facts += services.services(fs)
    boot_facts, backups = boot.bootloader(fs)
    report.facts += boot_facts
    report.backups.update(backups)

    progress.stage = "domains"
    report.domains = domains.scan_domains(fs, store, tick, auto_dir=where["auto"])

    progress.stage = "scripts"
    linter = engines.Scripts(data, opts.target)
    report.scripts, report.scripts_seen = scripts.scan_scripts(fs, linter, opts.scripts, opts.fix,
                                                               opts.unsafe_fixes, tick)
    progress.done()

    report.problems += [{"path": p.path, "message": p.message} for p in fs.problems]
    report.skipped_special = fs.skipped
    report.checklist = checklist.evaluate(report, data.get("checklist", []))
    return report


def progress_stream(enabled: bool | None) -> TextIO | None:
    """stderr when it is a terminal (or when forced), else None."""
    if enabled is False:
        return None
    if enabled or sys.stderr.isatty():
        return sys.stderr
    return None
