"""Property tests: small scripts made of xm calls with random arguments and consumers (tests/sim/generate.py).

- The simulator is deterministic and its xm, xl and virsh agree on what the host runs.
- The linter's `--fix` rewrites keep what such a script does, on a host where xm and xl see the same domains;
  with `--unsafe-fixes` the differences are the ones its findings declare.  Both with the default settings and
  with `--assume no-managed-domains`, which holds on that host (it has no stopped xend-managed domain), so the
  fixes it makes safe must keep what the script does too.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.sim import compare, generate
from tests.sim.runner import Scenario, Simulator
from xlref.lint.engine import Linter, Settings

PLAIN = Scenario(managed=False)
#: examples per promise test (XLREF_SIM_EXAMPLES raises it for a longer search)
MAX_PROMISE = int(os.environ.get("XLREF_SIM_EXAMPLES", "25"))
SETTINGS = settings(max_examples=6, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROMISE = settings(SETTINGS, max_examples=MAX_PROMISE)
#: the assumptions that hold on PLAIN: none, and the one that says so
ASSUMED = ((), ("no-managed-domains",))


@pytest.fixture(scope="session")
def linters(data: Any) -> dict[tuple[str, tuple[str, ...]], Linter]:
    return {(t, a): Linter(data, Settings(target=t, assume=list(a))) for t in ("xl", "virsh") for a in ASSUMED}


@SETTINGS
@given(script=generate.script())
def test_runs_are_deterministic(sim: Simulator, script: bytes) -> None:
    first = sim._run(script, "gen.sh", PLAIN)
    again = sim._run(script, "gen.sh", PLAIN)
    assert compare.differences(first, again) == []
    assert first.stderr == again.stderr


@SETTINGS
@given(actions=st.lists(generate.xm_call(), min_size=1, max_size=5))
def test_the_three_tools_agree_on_running_domains(sim: Simulator, actions: list[str]) -> None:
    body = "".join(f"{a} >/dev/null 2>&1\n" for a in actions)
    script = ("#!/bin/sh\n" + body + "xm list | awk 'NR>1 {print $1}' | sort\necho --\n"
              "xl list | awk 'NR>1 {print $1}' | sort\necho --\nvirsh list --name | sed '/^$/d' | sort\n").encode()
    parts = sim.run(script, "agree.sh", PLAIN).stdout.decode().split("--\n")
    assert len(parts) == 3 and parts[0] == parts[1] == parts[2]


def _wrong(sim: Simulator, data: Any, linters: dict[tuple[str, tuple[str, ...]], Linter], target: str,
           script: bytes) -> list[tuple[tuple[str, ...], bool, list[str]]]:
    """The wrong verdicts of --fix and --fix --unsafe-fixes, with and without the assumption."""
    out = []
    for assumed in ASSUMED:
        linter = linters[(target, assumed)]
        lint = lambda b, linter=linter: linter.lint("gen.sh", b)  # noqa: E731
        for unsafe in (False, True):
            verdict = compare.check(sim, script, "gen.sh", PLAIN, lint, target, unsafe, data)
            if verdict.outcome == compare.WRONG:
                out.append((assumed, unsafe, verdict.details))
    return out


@PROMISE
@example(script=b"#!/bin/sh\nxm list\n")
@example(script=b"#!/bin/sh\nxm restore /tmp/web1.save\n")
@example(script=b"#!/bin/sh\nxm save web1 /tmp/web1.save\nxm restore /tmp/web1.save\n")
@given(script=generate.script())
def test_xl_rewrites_keep_their_promise(sim: Simulator, data: Any, linters: dict[tuple[str, tuple[str, ...]], Linter],
                                        script: bytes) -> None:
    assert _wrong(sim, data, linters, "xl", script) == [], script.decode()


@PROMISE
@example(script=b"#!/bin/sh\nxm pause web1\n")
@example(script=b"#!/bin/sh\nxm vcpu-list\n")
@example(script=b"#!/bin/sh\nxm restore /tmp/web1.save\n")
@given(script=generate.script())
def test_virsh_rewrites_keep_their_promise(sim: Simulator, data: Any,
                                           linters: dict[tuple[str, tuple[str, ...]], Linter], script: bytes) -> None:
    assert _wrong(sim, data, linters, "virsh", script) == [], script.decode()
