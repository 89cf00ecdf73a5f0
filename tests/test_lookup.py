"""`xlref lookup`: the answer first, at the terminal's width, piped and on a terminal (golden files on the
small fixed dataset), and what the real dataset answers to the questions admins ask."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.support import check_golden
from xlref.__main__ import main
from xlref.exitcodes import ExitCode
from xlref.lookup.actions import run_lookup

GOLDEN = Path(__file__).parent / "golden" / "lookup"

LOOKUPS = {
    "xm-migrate-live": ["xm", "migrate", "--live", "-p", "8002"],
    "xm-migrate-full": ["xm", "migrate", "--full"],
    "xm-prefix": ["xm", "mi"],
    "xm-alias": ["xm", "balloon"],
    "xm-mem-set-call": ["xm", "mem-set", "web01", "512"],
    "xm-suspend": ["xm", "suspend"],
    "xm-suspend-xen419": ["xm", "suspend", "--xen", "4.19"],
    "xl-migrate-old": ["xl", "migrate", "--debug", "--xen", "4.2"],
    "virsh-setmem": ["virsh", "setmem"],
    "virsh-setmem-call": ["virsh", "setmem", "web01", "1024"],
    "unknown-flag": ["xm", "pause", "--force"],
}
ON_A_TERMINAL = ("xm-migrate-live", "xm-mem-set-call", "virsh-setmem")


class Terminal(io.StringIO):
    """stdout as a terminal: isatty, but no real descriptor, so the width comes from $COLUMNS."""

    def isatty(self) -> bool:
        return True


def _plain(text: str) -> str:
    while "\x1b[" in text:
        start = text.index("\x1b[")
        text = text[:start] + text[text.index("m", start) + 1:]
    return text


def _answer(argv: list[str], width: int, tty: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    out = Terminal() if tty else io.StringIO()
    args = [a for a in argv if a not in ("--full", "--xen", "4.19", "4.2")]
    xen = argv[argv.index("--xen") + 1] if "--xen" in argv else None
    assert run_lookup(args[0], args[1], args[2:], xen=xen, full="--full" in argv, out=out) == ExitCode.OK
    return out.getvalue()


CASES = [(name, width, False) for name in LOOKUPS for width in (80, 120)]
CASES += [(name, width, True) for name in ON_A_TERMINAL for width in (80, 120)]


@pytest.mark.parametrize(("name", "width", "tty"), CASES,
                         ids=[f"{n}-{w}-{'tty' if t else 'pipe'}" for n, w, t in CASES])
def test_lookup_golden(mini: Path, monkeypatch: pytest.MonkeyPatch, name: str, width: int, tty: bool) -> None:
    text = _answer(LOOKUPS[name], width, tty, monkeypatch)
    check_golden(GOLDEN / f"{name}.{width}.{'tty' if tty else 'pipe'}.txt", text)
    plain = _plain(text)
    assert ("\x1b[" in text) == tty
    assert max(len(line) for line in plain.splitlines()) <= width


@pytest.mark.parametrize("width", [80, 120])
def test_real_answer_fits_and_leads(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """The issue's yardstick: `lookup xm migrate -l` was 168 lines on an 80-column terminal."""
    for tty in (False, True):
        text = _plain(_answer(["xm", "migrate", "-l"], width, tty, monkeypatch))
        lines = text.splitlines()
        assert len(lines) <= 55
        assert any(li.startswith("your call: xm migrate -l") for li in lines[:6])
        assert "xl migrate <DOMAIN> <HOST>" in text and "<1?>" not in text


@pytest.mark.parametrize(("argv", "expected"), [
    (["xm", "network-attach", "web", "bridge=xenbr0"], "virsh -q attach-interface web --type bridge --source xenbr0"),
    (["xm", "network-attach", "web", "bridge=xenbr0", "mac=00:16:3e:00:00:01"],
     "--source xenbr0 --mac 00:16:3e:00:00:01"),
    (["xm", "mem-set", "web", "512"], "virsh -q setmem web 512M"),
    (["xm", "migrate", "-l", "web", "host2"], "virsh -q migrate --live web xen+ssh://host2/system"),
    (["xm", "migrate", "-l"], "virsh -q migrate --live <DOMAIN> xen+ssh://<HOST>/system"),
    (["virsh", "setmem", "web", "2048"], "xl mem-set web 2048k"),
    (["xl", "mem-set", "web", "1g"], "virsh setmem web 1g"),
])
def test_your_call_fills_the_values_in(monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: str) -> None:
    text = _answer(argv, 200, False, monkeypatch)
    assert expected in text


PLACEHOLDER_LEAKS = ("{1}", "{2}", "<1?>", "<2?>", "ARG1", "ARG2", "${", "MEMORYM", "[OPTIONS]")


@pytest.mark.parametrize("argv", [["xm", "mem-set"], ["xm", "migrate"], ["xm", "block-attach"], ["virsh", "setmem"],
                                  ["xm", "network-attach"], ["virsh", "attach-disk"], ["xm", "new"]])
def test_one_placeholder_style(monkeypatch: pytest.MonkeyPatch, argv: list[str], capsys: pytest.CaptureFixture[str]
                               ) -> None:
    text = _answer(argv, 120, False, monkeypatch)
    assert main(["lookup", *argv, "--json"]) == 0
    doc = capsys.readouterr().out
    for leak in PLACEHOLDER_LEAKS:
        assert leak not in text and leak not in doc, leak


def test_nothing_is_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    """xm new once said "xl has no 'new'" for each of its 12 options."""
    from xlref.data.load import load_dataset

    rec = next(r for r in load_dataset()["commands"] if (r["tool"], r["name"]) == ("xm", "new"))
    reasons = {o["replacements"][t].get("why") or o["replacements"][t].get("note")
               for o in rec["options"] for t in o["replacements"]} - {None}
    for full in (False, True):
        text = " ".join(_answer(["xm", "new", *(["--full"] if full else [])], 100, False, monkeypatch).split())
        assert text.count("xl has no 'new'") <= 1
        for reason in reasons:
            assert text.count(" ".join(reason.split())) == (1 if full else 0), reason


@pytest.mark.parametrize(("word", "last", "successor"), [
    ("sched-sedf", "4.5", None),
    ("tmem-list", "4.12", None),
    ("network2-attach", "4.1", None),
    ("list-vm", "4.1", "vm-list"),
    ("psr-cat-cbm-set", "4.9", "psr-cat-set"),
    ("pci-list-assignable-devices", "4.1", "pci-assignable-list"),
])
def test_retired_xl_commands_resolve(capsys: pytest.CaptureFixture[str], word: str, last: str,
                                     successor: str | None) -> None:
    assert main(["lookup", "xl", word, "--json"]) == ExitCode.OK
    doc = json.loads(capsys.readouterr().out)
    assert doc["query"]["resolved_by"] == "retired"
    assert doc["retired"]["last_release"] == last
    assert doc["retired"].get("successor") == successor
    assert main(["lookup", "xl", word]) == ExitCode.OK
    text = capsys.readouterr().out
    assert f"removed after {last}" in text
    if successor:
        assert f"it is xl {successor}" in text


@pytest.mark.parametrize(("argv", "first", "candidates"), [
    (["xm", "c"], "xm needs at least 2 letters", ["console", "create", "cpupool-list"]),
    (["xm", "cp"], "ambiguous prefix", ["cpupool-create", "cpupool-list"]),
    (["xl", "sched"], "ambiguous prefix", ["sched-credit", "sched-credit2", "sched-rtds"]),
])
def test_prefixes_list_the_candidates(capsys: pytest.CaptureFixture[str], argv: list[str], first: str,
                                      candidates: list[str]) -> None:
    assert main(["lookup", *argv]) == ExitCode.NOT_FOUND
    err = capsys.readouterr().err
    assert first in err.splitlines()[0]
    words = err.split()
    assert all(c in words for c in candidates)
    assert "sched-sedf" not in words  # retired commands are not what a prefix means today


def test_ok_is_exitcode_ok() -> None:
    """run_lookup returns a plain 0 so the hot path need not import the enum."""
    from xlref.lookup import actions

    assert actions.OK == ExitCode.OK


@pytest.mark.parametrize("name", ["xen2libvirt", "managed-domains", "live migration"])
def test_lookup_topic(capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert main(["lookup", "topic", name]) == ExitCode.OK
    text = capsys.readouterr().out
    assert "commands:" in text and "also searched as:" in text
    assert main(["lookup", "topic", "no-such-topic"]) == ExitCode.NOT_FOUND
    assert "topics: " in capsys.readouterr().err
