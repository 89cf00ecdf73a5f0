"""The real-world corpus (../shared/corpus/scripts, read in place) and the outcome of every call in it.

An outcome row is what the linter says about one call (or availability check, watchdog, command kept in a
variable) for one target: safe | unsafe | none, the reason codes, and the line as the matching fix mode
leaves it.  tests/lint/tables/corpus.yaml holds the reviewed rows; test_corpus.py compares them.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tests.support import SHARED
from xlref.data.load import Dataset, load_path
from xlref.data.paths import dataset_path
from xlref.findings import Finding
from xlref.lint.apply import fix_source
from xlref.lint.engine import Linter, Settings

CORPUS = SHARED / "corpus" / "scripts"
TABLES = Path(__file__).resolve().parent / "tables"
#: the shell files of the corpus that call xm (MANIFEST.md), plus the shell halves of the authors' pairs
SHELL_FILES = [
    "cloudstack-old__ipassoc_vlan.sh", "cloudstack-old__xen_rebootvm.sh", "cloudstack-old__xen_rundomp.sh",
    "cloudstack-old__xen_runvm.sh", "cloudstack-old__xen_stopvm.sh", "cloudstack-old__zfs_nfs_runvm.sh",
    "cloudstack-old__zfs_nfs_stopvm.sh", "cloudxy__scene.bash", "cloudxy__vdisk_add.bash", "cloudxy__vdisk_ops.bash",
    "cloudxy__vm_start.bash", "cloudxy__vm_stop.bash", "dtc-xen__dtc-xen_finish_install", "dtc-xen__dtc-xen_migrate",
    "dtc-xen__dtc-xen_userconsole", "dtc-xen__xm_info_free_memory", "karesansui__makefirewall.sh",
    "lingcloud__op-virtual-node.sh", "mirage__deploy-linux", "mirage__deploy-minios", "oracleToolbox__ovmvncconsole.sh",
    "ovm__backup_one_vm.sh", "personal__rhcs_CheckXenRam.sh", "xen-control-scripts__full-virtual-machines-upgrade.sh",
    "xen-control-scripts__update-and-reboot.sh", "xenBackup__xenBackup", "obs-build__xen.before",
    "paulgear-puppet__xen-backup.before",
]
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Suite:
    """A set of scripts with a reviewed outcome table (tables/NAME.yaml)."""

    name: str
    root: Path
    files: tuple[str, ...]
    source_path: tuple[str, ...] = ()


#: the forms the corpus lacks, written for these tests (wrapper functions, command strings, sourced options...)
INDIRECT = HERE / "indirect"
SUITES = (
    Suite("corpus", CORPUS, tuple(SHELL_FILES)),
    Suite("indirect", INDIRECT, ("checks.sh", "exported.sh", "guest-agent.sh", "migrate-driver.sh",
                                 "runner.sh", "sourced-stop.sh", "values.sh", "lib/guests.sh"), (str(INDIRECT),)),
)
#: findings that stand for one call or check of xm (their side findings explain them)
ROW_CODES = frozenset({"XL101", "XL102", "XL103", "XL104", "XL105", "XL106", "XL404", "XL406", "XL901", "XL902",
                       "XL903"})


@cache
def real_data() -> Dataset:
    return load_path(dataset_path(), use_cache=False)


@cache
def linter(target: str, assume: tuple[str, ...] = (), source_path: tuple[str, ...] = ()) -> Linter:
    return Linter(real_data(), Settings(target=target, assume=list(assume), source_path=list(source_path)))


def read(name: str, suite: Suite = SUITES[0]) -> bytes:
    return (suite.root / name).read_bytes()


@cache
def findings(name: str, target: str, assume: tuple[str, ...] = (), suite: Suite = SUITES[0]) -> list[Finding]:
    return linter(target, assume, suite.source_path).lint(str(suite.root / name), read(name, suite))


@cache
def fixed(name: str, target: str, unsafe: bool, assume: tuple[str, ...] = (), suite: Suite = SUITES[0]
          ) -> tuple[bytes, list[Finding]]:
    lin = linter(target, assume, suite.source_path)
    path = str(suite.root / name)
    res = fix_source(read(name, suite), lambda b: lin.lint(path, b), unsafe)
    return res.source, res.remaining


def _line(text: bytes, n: int) -> str:
    return text.split(b"\n")[n - 1].decode("utf-8", "replace").strip()


def outcome_rows(name: str, target: str, assume: tuple[str, ...] = (), suite: Suite = SUITES[0]
                 ) -> list[dict[str, Any]]:
    src = read(name, suite)
    rows = []
    for f in findings(name, target, assume, suite):
        if f.code not in ROW_CODES:
            continue
        outcome = f.data.get("outcome") or ("none" if f.fix is None else f.fix.applicability.value)
        reasons = sorted(f.data.get("reasons", "").split()) if f.data.get("reasons") else []
        after = None
        if outcome in ("safe", "unsafe") and f.fix is not None:
            text, _ = fixed(name, target, outcome == "unsafe", assume, suite)
            touched = sorted({src.count(b"\n", 0, e.start) + 1 for e in f.fix.edits})
            after = {n: _line(text, n) for n in touched}
        call = src[f.start_byte:f.end_byte].split(b"\n")[0].decode("utf-8", "replace").strip()
        rows.append({"line": f.line, "code": f.code, "call": call, "outcome": outcome, "reasons": reasons,
                     "fixed": after})  # fixed: line number -> the line as the fix mode leaves it
    return rows


def shell_of(src: bytes) -> str:
    return "dash" if src.startswith(b"#!/bin/sh") and shutil.which("dash") else "bash"


def syntax_errors(src: bytes) -> str:
    """What bash (or dash for #!/bin/sh) says about the text with -n; '' when it parses."""
    r = subprocess.run([shell_of(src), "-n"], input=src, capture_output=True, check=False)
    return r.stderr.decode("utf-8", "replace") if r.returncode else ""
