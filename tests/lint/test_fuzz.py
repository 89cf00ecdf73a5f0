"""Fuzz `xlref lint --fix` with generated scripts (tests/lint/fuzzgen.py) against the real dataset.

Properties, each checked on every case (a failure names the case's seed; XLREF_FUZZ_SEED=N
XLREF_FUZZ_CASES=1 replays it):
- no crash;
- bash-valid stays bash-valid, bash-invalid is left byte for byte (bash, or dash for #!/bin/sh, run here
  independently of the linter's own judge);
- idempotent: fixing the fixed file changes nothing;
- the line count is kept, and every line that changed mentions xm/xend (or continues such a line);
- `--diff` applies with `git apply` and gives exactly what `--fix` writes;
- json, sarif and checkstyle reports parse (strict UTF-8, XML 1.0).
CI runs XLREF_FUZZ_CASES (default 2000) cases; set it higher for a campaign.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.lint.fuzzgen import Gen, vocabulary
from xlref.lint.run import Options, run

CASES = int(os.environ.get("XLREF_FUZZ_CASES", "2000"))
SEED = int(os.environ.get("XLREF_FUZZ_SEED", "0"))
GROUPS = [("xl", False), ("xl", True), ("virsh", False), ("virsh", True)]
ASSUME = ("libvirt-defined", "no-managed-domains", "pv-drivers", "sudo-allows-target", "xl-ready-configs")
ORACLE_ENV = {"LC_ALL": "C", "PATH": os.defpath}


def oracle(src: bytes) -> bool:
    """Does the script's own shell accept it?  (The test's own call, not xlref's judge.)"""
    shell = "dash" if src.startswith(b"#!/bin/sh") else "bash"
    return subprocess.run([shell, "-n"], input=src, env=ORACLE_ENV, capture_output=True,
                          check=False).returncode == 0


@dataclass
class Campaign:
    sources: dict[int, bytes] = field(default_factory=dict)  # seed -> script
    group: dict[int, int] = field(default_factory=dict)  # seed -> index into GROUPS
    fixed: dict[int, bytes] = field(default_factory=dict)  # seed -> bytes after `--fix`
    refixed: dict[int, bytes] = field(default_factory=dict)  # seed -> bytes after a second `--fix`
    applied: dict[int, bytes] = field(default_factory=dict)  # seed -> bytes after `git apply` of `--diff`
    valid_before: dict[int, bool] = field(default_factory=dict)
    valid_after: dict[int, bool] = field(default_factory=dict)
    reports: dict[str, list[bytes]] = field(default_factory=dict)  # format -> raw reports
    errors: list[str] = field(default_factory=list)  # crashes and exit codes that mean one


def _name(seed: int) -> str:
    return f"c{seed:07d}.sh"


def _run(where: Path, **kw: object) -> tuple[int, bytes, str]:
    os.chdir(where)  # reports name files relatively, as `git apply` wants
    out, err = io.BytesIO(), io.StringIO()
    opts = Options(paths=["."], use_config=False, max_findings=0)
    for k, v in kw.items():
        setattr(opts, k, v)
    code = run(opts, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@dataclass
class Outcome:
    """What one group's runs produced (sent back from a worker process)."""

    fixed: dict[int, bytes] = field(default_factory=dict)
    refixed: dict[int, bytes] = field(default_factory=dict)
    applied: dict[int, bytes] = field(default_factory=dict)
    reports: dict[str, bytes] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _group(root: Path, g: int, sources: dict[int, bytes]) -> Outcome:
    """`--diff` (applied with git apply), `--fix --format json`, a second `--fix` with sarif or checkstyle."""
    target, unsafe = GROUPS[g]
    # the host assumptions keep the generated calls fixable (without them most fixes wait for the user to state
    # that the host has no xend-managed domains): the campaign is about the edits, not the outcomes
    opts = {"target": target, "unsafe_fixes": unsafe, "assume": list(ASSUME)}
    res = Outcome()
    orig, fix, patched = (root / f"{g}-{n}" for n in ("orig", "fix", "patched"))
    for d in (orig, fix, patched):
        d.mkdir()
        for s, src in sources.items():
            (d / _name(s)).write_bytes(src)

    def check(what: str, code: int, err: str) -> None:
        if code not in (0, 1):
            res.errors.append(f"{GROUPS[g]} {what}: exit {code}: {err[-2000:]}")

    code, diff, err = _run(orig, diff=True, **opts)
    check("--diff", code, err)
    if diff:
        (root / f"{g}.diff").write_bytes(diff)
        done = subprocess.run(["git", "apply", str(root / f"{g}.diff")], cwd=patched, capture_output=True,
                              check=False)
        check("git apply", done.returncode, done.stderr.decode(errors="replace"))
    code, res.reports["json"], err = _run(fix, fix=True, fmt="json", **opts)
    check("--fix", code, err)
    again = root / f"{g}-again"
    shutil.copytree(fix, again)
    fmt = ("sarif", "checkstyle")[g % 2]
    code, res.reports[fmt], err = _run(again, fix=True, fmt=fmt, **opts)
    check("second --fix", code, err)
    for s in sources:
        res.fixed[s] = (fix / _name(s)).read_bytes()
        res.refixed[s] = (again / _name(s)).read_bytes()
        res.applied[s] = (patched / _name(s)).read_bytes()
    return res


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Campaign]:
    from xlref.data.load import load_dataset

    mp = pytest.MonkeyPatch()
    mp.delenv("XLREF_DATA", raising=False)  # the real dataset: every xm command, alias, prefix, option
    mp.chdir(Path.cwd())  # the groups change directory; this puts it back
    load_dataset.cache_clear()
    vocab = vocabulary(load_dataset())
    c = Campaign()
    root = tmp_path_factory.mktemp("fuzz")
    for seed in range(SEED, SEED + CASES):
        c.sources[seed] = Gen(seed, vocab).script()
        c.group[seed] = seed % len(GROUPS)
    # The four groups in two forked workers (the dataset is loaded once, before the fork), then the oracle.
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as workers:
        jobs = [workers.submit(_group, root, g, {s: c.sources[s] for s in c.sources if c.group[s] == g})
                for g in range(len(GROUPS))]
        for job in jobs:
            out = job.result()
            c.fixed.update(out.fixed)
            c.refixed.update(out.refixed)
            c.applied.update(out.applied)
            for fmt, raw in out.reports.items():
                c.reports.setdefault(fmt, []).append(raw)
            c.errors += out.errors
    changed = [s for s in c.sources if c.fixed[s] != c.sources[s]]
    with ThreadPoolExecutor(max_workers=4) as pool:
        c.valid_before = dict(zip(c.sources, pool.map(oracle, c.sources.values()), strict=True))
        c.valid_after = dict(zip(changed, pool.map(oracle, (c.fixed[s] for s in changed)), strict=True))
    mp.undo()
    load_dataset.cache_clear()
    yield c


def _fail(what: str, bad: list[int], c: Campaign) -> str:
    s = bad[0]
    return (f"{what}: {len(bad)} of {len(c.sources)} cases, e.g. seed {s} ({GROUPS[c.group[s]]}):\n"
            f"source: {c.sources[s]!r}\nfixed:  {c.fixed.get(s)!r}")


def test_no_crash(campaign: Campaign) -> None:
    assert campaign.errors == []


def test_the_campaign_exercises_fixes(campaign: Campaign) -> None:
    """A guard on the generator: enough valid scripts, and enough of them actually rewritten."""
    c = campaign
    valid = sum(c.valid_before.values())
    changed = sum(c.fixed[s] != c.sources[s] for s in c.sources)
    print(f"fuzz: {len(c.sources)} cases from seed {SEED}: {valid} accepted by the shell, "
          f"{len(c.sources) - valid} rejected, {changed} rewritten by --fix")  # shown with pytest -rP
    assert valid > 0.5 * len(c.sources) and changed > 0.3 * len(c.sources), (valid, changed)


def test_bash_valid_stays_valid(campaign: Campaign) -> None:
    c = campaign
    bad = [s for s, ok in c.valid_after.items() if c.valid_before[s] and not ok]
    assert not bad, _fail("bash -n accepted the script but rejects the fix", bad, c)


def test_bash_invalid_is_untouched(campaign: Campaign) -> None:
    c = campaign
    bad = [s for s, ok in c.valid_before.items() if not ok and c.fixed[s] != c.sources[s]]
    assert not bad, _fail("a script bash -n rejects was changed", bad, c)


def test_idempotent(campaign: Campaign) -> None:
    c = campaign
    bad = [s for s in c.sources if c.refixed[s] != c.fixed[s]]
    assert not bad, _fail("a second --fix changed the file again", bad, c)


def _may_change(lines: list[bytes], i: int) -> bool:
    line = lines[i]
    if b"xm" in line or b"xend" in line or b"XM" in line:
        return True
    j = i - 1  # a continuation line of a call, or a line of a multi-line string/heredoc holding xm
    while j >= 0 and lines[j].rstrip(b"\r").endswith(b"\\"):
        if b"xm" in lines[j] or b"XM" in lines[j]:
            return True
        j -= 1
    return False


def test_lines_and_bytes_outside_edits_are_kept(campaign: Campaign) -> None:
    c = campaign
    count = [s for s in c.sources if c.fixed[s].count(b"\n") != c.sources[s].count(b"\n")
             or c.fixed[s].count(b"\r") != c.sources[s].count(b"\r")]
    assert not count, _fail("the line count (LF or CR) changed", count, c)
    touched = []
    for s, src in c.sources.items():
        before, after = src.split(b"\n"), c.fixed[s].split(b"\n")
        if any(a != b and not _may_change(before, i) for i, (a, b) in enumerate(zip(before, after, strict=True))):
            touched.append(s)
    assert not touched, _fail("a line without xm/xend changed", touched, c)


def test_diff_applies_and_equals_fix(campaign: Campaign) -> None:
    c = campaign
    bad = [s for s in c.sources if c.applied[s] != c.fixed[s]]
    assert not bad, _fail("git apply of --diff differs from --fix", bad, c)


def test_machine_outputs_parse(campaign: Campaign) -> None:
    reports = campaign.reports
    assert len(reports["json"]) == len(GROUPS) and len(reports["sarif"]) == len(reports["checkstyle"]) == 2
    for raw in reports["json"] + reports["sarif"]:
        doc = json.loads(raw.decode("utf-8"))  # strict: raw non-UTF-8 bytes fail here
        assert isinstance(doc, dict)
    for raw in reports["checkstyle"]:
        ET.fromstring(raw)
