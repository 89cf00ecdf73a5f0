"""Print today's outcome tables for tests/sim/test_compare.py, and what each wrong rewrite does.

    sudo .venv/bin/python -m tests.sim.table [fixtures|corpus] [--explain]

Run it after a linter change, review the differences against the tables in test_compare.py, and copy the rows
that changed (a W needs its causes in WRONG).  Needs root, as the tests do.
"""

from __future__ import annotations

import argparse
import functools
import tempfile
from pathlib import Path

from tests.sim import compare, scenarios
from tests.sim.runner import Simulator
from xlref.data.load import load_dataset
from xlref.lint.engine import Linter, Settings

LETTER = {compare.SAME: "S", compare.DECLARED: "D", compare.UNCHANGED: "U", compare.WRONG: "W"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="*", help="fixtures and/or corpus (default: both)")
    parser.add_argument("--explain", action="store_true", help="take every wrong rewrite apart fix by fix")
    opts = parser.parse_args()
    if set(opts.which) - {"fixtures", "corpus"}:
        parser.error("choose fixtures and/or corpus")
    data = load_dataset()
    lints = {t: Linter(data, Settings(target=t)) for t in ("xl", "virsh")}
    with tempfile.TemporaryDirectory(prefix="xlref-sim-") as tmp:
        sim = Simulator(Path(tmp), data)
        for which in opts.which or ["fixtures", "corpus"]:
            table = scenarios.FIXTURE_SCENARIOS if which == "fixtures" else scenarios.CORPUS_SCENARIOS
            base = scenarios.FIXTURES if which == "fixtures" else scenarios.CORPUS
            wrong: list[str] = []
            print(f"# {which}")
            for path, cases in table.items():
                source = (base / path).read_bytes()
                funcs: dict[str, compare.Lint] = {t: functools.partial(lin.lint, path) for t, lin in lints.items()}
                for case, scenario in cases.items():
                    got = compare.check_all(sim, source, path.rsplit("/", 1)[-1], scenario, funcs, data)
                    if opts.explain:
                        got = {k: compare.check(sim, source, path.rsplit("/", 1)[-1], scenario, funcs[k[0]], k[0],
                                                k[1] == "unsafe", data, explain=True) if v.outcome == compare.WRONG
                               else v for k, v in got.items()}
                    codes = " ".join(LETTER[got[col].outcome] for col in
                                     (("xl", "fix"), ("xl", "unsafe"), ("virsh", "fix"), ("virsh", "unsafe")))
                    print(f'    ("{path}", "{case}"): "{codes}",')
                    wrong += [f"{path} {case} {t} {m}: " + " | ".join(v.details)
                              for (t, m), v in got.items() if v.outcome == compare.WRONG]
            print("\n".join(f"# W {w}" for w in wrong))
        print(f"# {sim.runs} runs")


if __name__ == "__main__":
    main()
