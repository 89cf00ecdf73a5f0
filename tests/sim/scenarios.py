"""How to run each script of the linter's fixtures and of the real-world corpus so that its xm calls execute:
arguments, environment and the files it reads.  Scripts that cannot run to their xm calls (templates with
@SBINDIR@, sourced settings files, non-shell programs) have no scenario and are listed with the reason."""

from __future__ import annotations

from pathlib import Path

from tests.sim.runner import Scenario
from tests.support import ROOT, SHARED

FIXTURES = ROOT / "tests" / "lint" / "fixtures"
CORPUS = SHARED / "corpus" / "scripts"

_GUESTS = "web1 /etc/xen/web1.cfg\nmail1 /etc/xen/mail1.cfg\n"
_SNAPSHOTS = (FIXTURES / "xen-snapshots.sysconfig").read_text(encoding="utf-8") if FIXTURES.exists() else ""


def _ocf(action: str, name: str = "web1", **extra: str) -> Scenario:
    env = {"OCF_RESKEY_name": name, "OCF_RESKEY_config": f"/etc/xen/{name}.cfg", **extra}
    return Scenario(args=(action,), env=env)


#: fixture path (relative to tests/lint/fixtures) -> {scenario id: scenario}
FIXTURE_SCENARIOS: dict[str, dict[str, Scenario]] = {
    "backup-guests.sh": {"nightly": Scenario()},
    "check_xen_host": {"ok": Scenario(args=("1024",)), "warning": Scenario(args=("99999",))},
    "cleanup.sh": {"run": Scenario()},
    "init-guests.sh": {
        "start": Scenario(args=("start",), files={"/etc/site/guests": _GUESTS}),
        "stop": Scenario(args=("stop",), files={"/etc/site/guests": _GUESTS}),
        "status": Scenario(args=("status",)),
    },
    "ocf-xmguest": {
        "start-stopped": _ocf("start", "mail1"),
        "start-running": _ocf("start"),
        "stop": _ocf("stop"),
        "monitor": _ocf("monitor"),
        "monitor-missing": _ocf("monitor", "nope"),
        "migrate": _ocf("migrate_to", OCF_RESKEY_CRM_meta_migrate_target="node2"),
    },
    "cron.daily/xen-snapshots": {
        "enabled": Scenario(files={"/etc/sysconfig/xen-snapshots": _SNAPSHOTS}),
        "one-stopped": Scenario(files={"/etc/sysconfig/xen-snapshots": _SNAPSHOTS.replace("db1", "mail1")}),
    },
}

#: fixtures that are not run, and why
FIXTURES_NOT_RUN = {
    "guest-console.sh.in": "a template: @SBINDIR@ is filled in at install time",
    "xen-snapshots.sysconfig": "settings sourced by cron.daily/xen-snapshots, not a program",
    "notes.txt": "not a script",
}


def fixture(path: str) -> Path:
    return FIXTURES / path
