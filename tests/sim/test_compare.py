"""Both versions, run: each script of the linter's fixtures and of the real-world corpus, on each scenario, against
its `--fix` and `--fix --unsafe-fixes` rewrites for xl and for virsh (tests/sim/compare.py decides).

The tables give the outcome per script, scenario, target and mode: S same behaviour, D differs only as the
findings declare, U nothing rewritten, W a wrong rewrite today.  W rows are strict xfails naming the cause (see
CAUSES): they must keep failing until the linter is fixed, then the row flips and is updated.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from tests.sim import compare, scenarios
from tests.sim.runner import Simulator
from xlref.lint.engine import Linter, Settings

COLUMNS = (("xl", "fix"), ("xl", "unsafe"), ("virsh", "fix"), ("virsh", "unsafe"))
OUTCOME = {"S": compare.SAME, "D": compare.DECLARED, "U": compare.UNCHANGED, "W": compare.WRONG}

#: why a rewrite was wrong (the findings for the lint helpers; all fixed on lint-real: virsh -q where it makes
#: the output xm's, the stopped-managed-domain changes neutralised only by --assume no-managed-domains, the
#: libvirt definition virsh start/undefine need neutralised only by --assume libvirt-defined, -w -w, config lines,
#: domname's argument kind, the declared uptime header)
CAUSES = {
    "virsh-confirm": "virsh suspend/resume/destroy/shutdown print a confirmation line and then a blank line on "
                     "stdout (vshPrintExtra, vshCommandRun); xm pause/unpause/destroy/shutdown printed nothing, "
                     "yet the rewrite is offered as safe (or as unsafe without that reason)",
    "virsh-trailer": "virsh prints a blank line after every command (vshCommandRun); xm console and xm domid "
                     "did not",
    "shutdown-wait": "xm shutdown -w waits until the domain is destroyed and prints 'Domain X terminated' on "
                     "stdout; xl shutdown -w returns at the shutdown event (it needs -w -w) and reports on "
                     "stderr; the unsafe fix declares no reason",
    "create-name": "`xl create CFG name=$DOM`: xl reads each extra word as a config line and a bare string is a "
                   "syntax error, so the domain is not created (a broken rewrite)",
    "managed-usage": "`xm list | awk` also yields the stopped xend-managed domain; for it xm save/pause/unpause "
                     "print their usage on stdout while xl fails on stderr: safe only under the "
                     "no-managed-domains assumption, which the finding does not name",
    "domname": "xl domname takes a numeric domain id ('Invalid domain id.' for a name); xm domname also "
               "accepted a name, as this script passes (a broken rewrite)",
    "uptime-header": "xm uptime's header ends with a space, xl uptime's does not: the script's stdout changes "
                     "and the unsafe fix declares no reason",
    "undefine": "virsh undefine removes libvirt's persistent definition of a domain that xm delete would have "
                "refused (xend did not manage it), and fails for xend's own stopped domain that xm delete "
                "removed; no reason declared",
    "start-after-new": "xm new has no fix, so the domain is defined in xend only; virsh start cannot find it "
                       "(a partial migration the fix does not account for)",
    "list-managed": "xm list NAME succeeds for a stopped xend-managed domain where xl list NAME fails; that exit "
                    "status difference is not declared",
}


def _row(codes: str) -> dict[tuple[str, str], str]:
    return dict(zip(COLUMNS, (OUTCOME[c] for c in codes.split()), strict=True))


#: (fixture, scenario) -> outcomes for xl --fix, xl --unsafe-fixes, virsh --fix, virsh --unsafe-fixes
FIXTURE_TABLE: dict[tuple[str, str], str] = {
    ("backup-guests.sh", "nightly"): "U D U D",
    ("backup-guests.sh", "nightly-plain"): "U D U S",
    ("check_xen_host", "ok"): "U D U U",
    ("check_xen_host", "warning"): "U D U U",
    ("check_xen_host", "ok-plain"): "U S U U",
    ("cleanup.sh", "run"): "U U U U",
    ("init-guests.sh", "start"): "U D U D",
    ("init-guests.sh", "stop"): "U S U S",
    ("init-guests.sh", "status"): "U S U S",
    ("ocf-xmguest", "start-stopped"): "U D U S",
    ("ocf-xmguest", "start-running"): "U S U S",
    ("ocf-xmguest", "stop"): "U D U S",
    ("ocf-xmguest", "monitor"): "U S U S",
    ("ocf-xmguest", "monitor-missing"): "U S U S",
    ("ocf-xmguest", "migrate"): "U D U S",
    ("cron.daily/xen-snapshots", "enabled"): "U S U S",
    ("cron.daily/xen-snapshots", "one-stopped"): "U S U S",
}
#: (corpus file, scenario) -> the same four outcomes
CORPUS_TABLE: dict[tuple[str, str], str] = {
    ("dtc-xen__xm_info_free_memory", "run"): "S S U U",
    ("dtc-xen__dtc-xen_userconsole", "console"): "U S U S",
    ("dtc-xen__dtc-xen_migrate", "migrate"): "U S U S",
    ("dtc-xen__dtc-xen_finish_install", "run"): "U U U U",
    ("lingcloud__op-virtual-node.sh", "shutdown"): "U S U U",
    ("lingcloud__op-virtual-node.sh", "missing"): "U S U U",
    ("personal__rhcs_CheckXenRam.sh", "nodes"): "S S U U",
    ("karesansui__makefirewall.sh", "web1"): "U U U U",
    ("cloudxy__vm_stop.bash", "running"): "U U U U",
    ("cloudxy__vm_stop.bash", "absent"): "U U U U",
    ("cloudxy__vdisk_add.bash", "attach"): "U U U U",
    ("cloudxy__vm_start.bash", "exists"): "U S U U",
    ("cloudxy__scene.bash", "attach"): "U S U U",
    ("cloudxy__vdisk_ops.bash", "devid"): "U U U U",
    ("mirage__deploy-minios", "hello"): "U U U U",
    ("mirage__deploy-linux", "hello"): "U U U U",
    ("xen-control-scripts__full-virtual-machines-upgrade.sh", "upgrade"): "U D U U",
    ("xen-control-scripts__full-virtual-machines-upgrade.sh", "reboot"): "U D U U",
    ("xenBackup__xenBackup", "shutdown-backup"): "U S U U",
    ("paulgear-puppet__xen-backup.before", "all"): "U S U S",
    ("paulgear-puppet__xen-backup.before", "one"): "U S U S",
    ("oracleToolbox__ovmvncconsole.sh", "check"): "U U U U",
    ("cloudstack-old__xen_rebootvm.sh", "reboot"): "U D U U",
    ("cloudstack-old__xen_rebootvm.sh", "missing"): "U S U U",
    ("cloudstack-old__xen_stopvm.sh", "one"): "U D U U",
    ("cloudstack-old__xen_stopvm.sh", "all"): "U D U U",
    ("cloudstack-old__xen_stopvm.sh", "forced"): "U S U U",
    ("cloudstack-old__zfs_nfs_stopvm.sh", "one"): "U D U U",
    ("cloudstack-old__zfs_nfs_stopvm.sh", "all"): "U D U U",
    ("cloudstack-old__xen_runvm.sh", "new"): "U U U U",
    ("cloudstack-old__xen_rundomp.sh", "new"): "U U U U",
    ("cloudstack-old__zfs_nfs_runvm.sh", "new"): "S S U U",
    ("cloudstack-old__ipassoc_vlan.sh", "add"): "U S U U",
}
#: (script, scenario, target, mode) -> the causes of a W
WRONG: dict[tuple[str, str, str, str], tuple[str, ...]] = {}


def _params(table: dict[tuple[str, str], str]) -> list[Any]:
    out = []
    for (path, scenario), codes in table.items():
        for (target, mode), outcome in _row(codes).items():
            marks = []
            if outcome == compare.WRONG:
                causes = WRONG[(path, scenario, target, mode)]
                marks.append(pytest.mark.xfail(strict=True, reason="; ".join(CAUSES[c] for c in causes)))
            out.append(pytest.param(path, scenario, target, mode, outcome, marks=marks,
                                    id=f"{path}-{scenario}-{target}-{mode}"))
    return out


@pytest.fixture(scope="session")
def verdicts(sim: Simulator, data: Any) -> Any:
    """(path, scenario) -> the four verdicts, computed once with the rewrites run side by side."""
    lints = {t: Linter(data, Settings(target=t)) for t in ("xl", "virsh")}
    memo: dict[tuple[str, str], dict[tuple[str, str], compare.Verdict]] = {}

    def get(base: Any, path: str, scenario: str, table: dict[str, dict[str, Any]]) -> Any:
        if (path, scenario) not in memo:
            source = (base / path).read_bytes()
            funcs: dict[str, compare.Lint] = {t: functools.partial(lin.lint, path) for t, lin in lints.items()}
            memo[(path, scenario)] = compare.check_all(sim, source, path.rsplit("/", 1)[-1], table[path][scenario],
                                                       funcs, data)
        return memo[(path, scenario)]

    return get


def _assert(verdict: compare.Verdict, expected: str) -> None:
    if expected == compare.WRONG:  # the property the fix must eventually have
        assert verdict.outcome != compare.WRONG, verdict.details
    else:
        assert verdict.outcome == expected, verdict.details


@pytest.mark.parametrize(("path", "scenario", "target", "mode", "expected"), _params(FIXTURE_TABLE))
def test_fixtures(verdicts: Any, path: str, scenario: str, target: str, mode: str, expected: str) -> None:
    got = verdicts(scenarios.FIXTURES, path, scenario, scenarios.FIXTURE_SCENARIOS)[(target, mode)]
    _assert(got, expected)


@pytest.mark.parametrize(("path", "scenario", "target", "mode", "expected"), _params(CORPUS_TABLE))
def test_corpus(verdicts: Any, path: str, scenario: str, target: str, mode: str, expected: str) -> None:
    got = verdicts(scenarios.CORPUS, path, scenario, scenarios.CORPUS_SCENARIOS)[(target, mode)]
    _assert(got, expected)


def test_tables_cover_every_scenario_and_every_file() -> None:
    assert set(FIXTURE_TABLE) == {(p, s) for p, scs in scenarios.FIXTURE_SCENARIOS.items() for s in scs}
    assert set(CORPUS_TABLE) == {(p, s) for p, scs in scenarios.CORPUS_SCENARIOS.items() for s in scs}
    assert set(ASSUMED_TABLE) == {("fixtures", p, s) for p, s in FIXTURE_TABLE} | {
        ("corpus", p, s) for p, s in CORPUS_TABLE}
    wrong = {(p, s, t, m) for table in (FIXTURE_TABLE, CORPUS_TABLE) for (p, s), codes in table.items()
             for (t, m), o in _row(codes).items() if o == compare.WRONG}
    assert wrong == set(WRONG) and all(c in CAUSES for cs in WRONG.values() for c in cs)
    shell = {p.name for p in scenarios.CORPUS.iterdir()
             if p.read_bytes().split(b"\n", 1)[0].rstrip(b"\r").endswith((b"sh", b"bash", b"bash -e"))}
    assert shell <= set(scenarios.CORPUS_SCENARIOS) | set(scenarios.CORPUS_NOT_RUN)
    assert set(scenarios.CORPUS_SCENARIOS) <= shell
    fixtures = {str(p.relative_to(scenarios.FIXTURES)) for p in scenarios.FIXTURES.rglob("*") if p.is_file()}
    assert fixtures == set(scenarios.FIXTURE_SCENARIOS) | set(scenarios.FIXTURES_NOT_RUN)

#: (fixtures|corpus, script, scenario) -> the four outcomes with --assume no-managed-domains, run on a host where
#: it holds (the scenario without its stopped xend-managed domain): the fixes that assumption makes safe
ASSUMED_TABLE: dict[tuple[str, str, str], str] = {
    ("fixtures", "backup-guests.sh", "nightly"): "S D S S",
    ("fixtures", "backup-guests.sh", "nightly-plain"): "S D S S",
    ("fixtures", "check_xen_host", "ok"): "U S U U",
    ("fixtures", "check_xen_host", "warning"): "U S U U",
    ("fixtures", "check_xen_host", "ok-plain"): "U S U U",
    ("fixtures", "cleanup.sh", "run"): "U U U U",
    ("fixtures", "init-guests.sh", "start"): "U D U D",
    ("fixtures", "init-guests.sh", "stop"): "U S U S",
    ("fixtures", "init-guests.sh", "status"): "U S U S",
    ("fixtures", "ocf-xmguest", "start-stopped"): "S D S S",
    ("fixtures", "ocf-xmguest", "start-running"): "S S S S",
    ("fixtures", "ocf-xmguest", "stop"): "S D S S",
    ("fixtures", "ocf-xmguest", "monitor"): "S S S S",
    ("fixtures", "ocf-xmguest", "monitor-missing"): "S S S S",
    ("fixtures", "ocf-xmguest", "migrate"): "S D S S",
    ("fixtures", "cron.daily/xen-snapshots", "enabled"): "S S S S",
    ("fixtures", "cron.daily/xen-snapshots", "one-stopped"): "S S S S",
    ("corpus", "dtc-xen__xm_info_free_memory", "run"): "S S U U",
    ("corpus", "dtc-xen__dtc-xen_userconsole", "console"): "U S U S",
    ("corpus", "dtc-xen__dtc-xen_migrate", "migrate"): "U S U S",
    ("corpus", "dtc-xen__dtc-xen_finish_install", "run"): "U U U U",
    ("corpus", "lingcloud__op-virtual-node.sh", "shutdown"): "U S U U",
    ("corpus", "lingcloud__op-virtual-node.sh", "missing"): "U S U U",
    ("corpus", "personal__rhcs_CheckXenRam.sh", "nodes"): "S S U U",
    ("corpus", "karesansui__makefirewall.sh", "web1"): "U U U U",
    ("corpus", "cloudxy__vm_stop.bash", "running"): "S S S S",
    ("corpus", "cloudxy__vm_stop.bash", "absent"): "S S S S",
    ("corpus", "cloudxy__vdisk_add.bash", "attach"): "S S U D",
    ("corpus", "cloudxy__vm_start.bash", "exists"): "S S S S",
    ("corpus", "cloudxy__scene.bash", "attach"): "S S U U",
    ("corpus", "cloudxy__vdisk_ops.bash", "devid"): "S S U U",
    ("corpus", "mirage__deploy-minios", "hello"): "U D U U",
    ("corpus", "mirage__deploy-linux", "hello"): "U D U U",
    ("corpus", "xen-control-scripts__full-virtual-machines-upgrade.sh", "upgrade"): "U S U U",
    ("corpus", "xen-control-scripts__full-virtual-machines-upgrade.sh", "reboot"): "U D U U",
    ("corpus", "xenBackup__xenBackup", "shutdown-backup"): "U S U U",
    ("corpus", "paulgear-puppet__xen-backup.before", "all"): "S S S S",
    ("corpus", "paulgear-puppet__xen-backup.before", "one"): "S S S S",
    ("corpus", "oracleToolbox__ovmvncconsole.sh", "check"): "U D U U",
    ("corpus", "cloudstack-old__xen_rebootvm.sh", "reboot"): "S D U U",
    ("corpus", "cloudstack-old__xen_rebootvm.sh", "missing"): "S S U U",
    ("corpus", "cloudstack-old__xen_stopvm.sh", "one"): "S D S S",
    ("corpus", "cloudstack-old__xen_stopvm.sh", "all"): "S D S S",
    ("corpus", "cloudstack-old__xen_stopvm.sh", "forced"): "S D S S",
    ("corpus", "cloudstack-old__zfs_nfs_stopvm.sh", "one"): "S D U U",
    ("corpus", "cloudstack-old__zfs_nfs_stopvm.sh", "all"): "S D U U",
    ("corpus", "cloudstack-old__xen_runvm.sh", "new"): "S S U U",
    ("corpus", "cloudstack-old__xen_rundomp.sh", "new"): "S S U U",
    ("corpus", "cloudstack-old__zfs_nfs_runvm.sh", "new"): "S S U U",
    ("corpus", "cloudstack-old__ipassoc_vlan.sh", "add"): "S S U U",
}


@pytest.mark.parametrize(("which", "path", "scenario"), list(ASSUMED_TABLE))
def test_assuming_no_managed_domains(sim: Simulator, data: Any, which: str, path: str, scenario: str) -> None:
    import dataclasses

    base, table = ((scenarios.FIXTURES, scenarios.FIXTURE_SCENARIOS) if which == "fixtures"
                   else (scenarios.CORPUS, scenarios.CORPUS_SCENARIOS))
    lints = {t: Linter(data, Settings(target=t, assume=["no-managed-domains"])) for t in ("xl", "virsh")}
    funcs: dict[str, compare.Lint] = {t: functools.partial(lin.lint, path) for t, lin in lints.items()}
    got = compare.check_all(sim, (base / path).read_bytes(), path.rsplit("/", 1)[-1],
                            dataclasses.replace(table[path][scenario], managed=False), funcs, data)
    for (target, mode), expected in _row(ASSUMED_TABLE[(which, path, scenario)]).items():
        _assert(got[(target, mode)], expected)
        assert got[(target, mode)].outcome != compare.WRONG
