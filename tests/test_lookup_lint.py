"""`xlref lookup xm CMD ARGS...` shows, for xl and virsh, exactly what `xlref lint --fix` writes for the same call
(a safe fix), what `--fix --unsafe-fixes` writes (an unsafe fix), or nothing (no fix): a table of real calls, run
through the lint command once per target and mode and compared with lookup's JSON.  xm commands that run without
arguments (`xm info`) count as calls when looked up bare."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from tests.support import ROOT, lint_fix
from xlref.__main__ import main

CALLS = [
    "xm mem-set web01 512", "xm mem-set web01 512m", "xm balloon web01 1024", "xm mem-max web 1024",
    "xm network-attach web bridge=xenbr0", "xm network-attach web bridge=xenbr0 mac=00:16:3e:00:00:01",
    "xm network-detach web 0", "xm block-attach web phy:/dev/vg/d xvdb w",
    "xm block-attach web file:/srv/img/d.img xvdc r", "xm block-detach web xvdb", "xm block-detach web 51728 -f",
    "xm block-configure web phy:/dev/cdrom hdc:cdrom r", "xm migrate -l web node2", "xm migrate web node2",
    "xm migrate --live web node2", "xm migrate -l -p 8002 web node2", "xm shutdown -w -a", "xm shutdown web",
    "xm shutdown -w web", "xm reboot web", "xm reboot -a -w", "xm destroy web", "xm vcpu-pin web 0 2-3",
    "xm vcpu-pin web all 0", "xm vcpu-set web 2", "xm create web.cfg vmid=3", "xm create /etc/xen/web.cfg",
    "xm create -c web.cfg", "xm cr /etc/xen/web.cfg", "xm list web", "xm list --long web", "xm list -l",
    "xm dmesg -c", "xm pause web", "xm unpause web", "xm save web /var/lib/xen/save/web.chk",
    "xm restore /var/lib/xen/save/web.chk", "xm console web", "xm sched-credit -d web -w 512",
    "xm sched-credit -d web -c 50", "xm new web.cfg", "xm start web", "xm delete web", "xm suspend web",
    "xm resume web", "xm rename web web2", "xm dump-core web /tmp/core", "xm trigger web nmi", "xm domid web",
    "xm domname 3", "xm sysrq web s", "xm block-list web", "xm network-list web", "xm vcpu-list web",
    "xm pci-attach web 0000:00:1b.0", "xm pci-list web", "xm tmem-list -a", "xm getenforce -?",
    "xm vnet-list", "xm des web",
    # bare calls: the lookup of the command alone
    "xm list", "xm info", "xm dmesg", "xm uptime", "xm cpupool-list", "xm log", "xm top", "xm vcpu-list",
]
TARGETS = ("xl", "virsh")


@pytest.fixture(scope="module")
def by_lint(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], list[str]]:
    mp = pytest.MonkeyPatch()
    mp.setenv("XLREF_DATA", str(ROOT / "data" / "commands.yaml"))
    folder = tmp_path_factory.mktemp("lookup-lint")
    try:
        return {(t, unsafe): lint_fix(folder, CALLS, t, unsafe) for t in TARGETS for unsafe in (False, True)}
    finally:
        mp.undo()


def _lookup(call: str, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    argv = shlex.split(call)
    assert main(["lookup", *argv, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "your_call" in doc, call
    return dict(doc["your_call"])


def test_table_is_big_enough() -> None:
    assert len(CALLS) >= 40 and len(set(CALLS)) == len(CALLS)


@pytest.mark.parametrize("target", TARGETS)
def test_lookup_shows_what_lint_fix_writes(by_lint: dict[tuple[str, bool], list[str]], target: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    wrong = []
    for i, call in enumerate(CALLS):
        shown = _lookup(call, capsys)[target]
        line, fix = shown["line"], shown["fix"]
        expected = {"safe": (line, line), "unsafe": (call, line), "none": (call, call)}[str(fix)]
        written = (by_lint[(target, False)][i], by_lint[(target, True)][i])
        if written != expected:
            wrong.append(f"{call!r}: lookup shows {fix} {line!r}; lint --fix wrote {written[0]!r}, "
                         f"--unsafe-fixes {written[1]!r}")
    assert wrong == []


def test_the_text_shows_the_rewrite_and_its_label(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """What the JSON says is what the reader sees: the line after the tool label, then the fix label.  A bare call
    shows only the targets where the linter's verdict is not the equivalents' (so nothing is said twice); for the
    others the equivalents' label is the linter's."""
    from xlref.lookup.render_text import FIX_TEXT

    monkeypatch.setenv("COLUMNS", "200")
    for call in CALLS:
        argv = shlex.split(call)
        calls = _lookup(call, capsys)
        assert main(["lookup", *argv, "--json"]) == 0
        mapped = json.loads(capsys.readouterr().out)["replacements"]
        assert main(["lookup", *argv]) == 0
        lines = capsys.readouterr().out.splitlines()
        for target in TARGETS:
            shown = calls[target]
            text = shown["line"] or shown["call"]
            if len(argv) == 2 and shown["fix"] == mapped[target]["fix"]:
                assert not any(li.startswith(f"  {target:<6} {text}") for li in lines[:lines.index("equivalents:")])
                continue
            if not text:
                continue
            at = next(i for i, li in enumerate(lines) if li.startswith(f"  {target:<6} {text}"))
            assert lines[at + 1].strip() == FIX_TEXT[str(shown["fix"])], (call, target)


def test_bare_calls_get_the_linters_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    """`xm info` prints other text than `xl info`: lint calls the rewrite unsafe, and so does lookup, saying why."""
    assert main(["lookup", "xm", "info"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "your call: xm info xl xl info unsafe fix (behaviour may differ) xm info → xl: the text printed to the " \
           "terminal changes (see what changed)" in text
    assert main(["lookup", "xm", "migrate", "--json"]) == 0  # needs DOMAIN and HOST: no call to rewrite
    assert "your_call" not in json.loads(capsys.readouterr().out)


def test_nothing_here_runs_the_linter_for_a_plain_lookup() -> None:
    """The start-up path stays light: a lookup of a command that needs arguments never imports the linter."""
    import subprocess
    import sys

    code = ("import sys; from xlref.__main__ import main; main(['lookup', 'xm', 'migrate']); "
            "print(sorted(m for m in sys.modules if m.startswith('xlref.lint') or m.startswith('tree_sitter')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"XLREF_DATA": str(Path(ROOT / "data" / "commands.yaml")), "PATH": ""}).stdout
    assert out.strip().splitlines()[-1] == "[]"
