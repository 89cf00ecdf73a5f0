"""`xlref search` answers the questions admins type: a ranked table of real questions with the first hit
each should get, run through the CLI on the real dataset.  Plus the layout, the marks and the exit codes."""

from __future__ import annotations

import io
import json

import pytest

from xlref.__main__ import main
from xlref.exitcodes import ExitCode
from xlref.lookup.listing import run_list, run_search
from xlref.lookup.search import stem

# (what the admin types, the first hit as "KIND NAME"); KIND is xm, xl, virsh, xm.cfg, xl.cfg, xend or topic.
QUESTIONS = [
    ("live migration", "xm migrate"),
    ("migrate to another host", "xm migrate"),
    ("relocation server", "xend xend-relocation-server"),
    ("dom0-min-mem", "xend dom0-min-mem"),
    ("balloon", "xm mem-set"),
    ("cd-rom", "topic cd-rom"),
    ("cdrom", "xm block-configure"),
    ("eject cd", "xl cd-eject"),
    ("xend", "xend xend"),
    ("xend-config.sxp", "xend xend-config.sxp"),
    ("/var/lib/xend", "xend /var/lib/xend"),
    ("xend log", "xm log"),
    ("xen2libvirt", "topic xen2libvirt"),
    ("import xend domains", "topic xen2libvirt"),
    ("managed domains", "topic managed-domains"),
    ("persistent domain", "xm new"),
    ("which toolstack", "topic toolstack"),
    ("xm vs xl", "topic toolstack"),  # a topic's words, not "xm" as a tool filter
    ("xm config to libvirt", "topic xen2libvirt"),
    ("pygrub", "topic bootloader"),
    ("bootloader", "xm.cfg bootloader"),
    ("xl.cfg", "topic domain-configs"),
    ("config file", "topic domain-configs"),
    ("bootloader args", "xl.cfg bootloader_args"),
    ("on_xend_start", "xm.cfg on_xend_start"),
    ("vcpu count", "xm.cfg vcpus"),
    ("mem-set", "xm mem-set"),
    ("xl mem-set", "xl mem-set"),
    ("virsh setmem", "virsh setmem"),
    ("max memory", "xm mem-max"),
    ("dom0 memory", "topic dom0-memory"),
    ("autoballoon", "topic dom0-memory"),
    ("add disk", "xm block-attach"),
    ("detach disk", "virsh detach-disk"),
    ("network card", "xm network-attach"),
    ("vcpu pin", "xm vcpu-pin"),
    ("pin cpu", "xm vcpu-pin"),
    ("cpu pool", "topic cpu-pools"),
    ("pci passthrough", "topic pci-passthrough"),
    ("start at boot", "topic autostart"),
    ("autostart", "virsh autostart"),
    ("vnc password", "topic vnc-password"),
    ("transcendent memory", "xm tmem-list"),
    ("serial console", "xm console"),
    ("save state", "xm save"),
    ("list domains", "xm list"),
    ("shutdown all domains", "xm shutdown"),
    ("core dump", "xm dump-core"),
    ("rename domain", "xm rename"),
    ("trigger nmi", "xm trigger"),
    ("create domain from config", "xm create"),
    ("sched-sedf", "xm sched-sedf"),
    ("xl sched-sedf", "xl sched-sedf"),
    ("list-vm", "xl list-vm"),
    ("define", "virsh define"),
    ("dumpxml", "virsh dumpxml"),
]


@pytest.mark.parametrize(("question", "first"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_first_hit(capsys: pytest.CaptureFixture[str], question: str, first: str) -> None:
    assert main(["search", *question.split(), "--json"]) == ExitCode.OK
    hits = json.loads(capsys.readouterr().out)
    assert f"{hits[0]['kind']} {hits[0]['name']}" == first, [f"{h['kind']} {h['name']}" for h in hits[:5]]


def test_table_is_big_enough() -> None:
    assert len(QUESTIONS) >= 40
    assert len({q for q, _ in QUESTIONS}) == len(QUESTIONS)


def test_live_migration_is_not_buried() -> None:
    """The audit: migrate-compcache and migrate-setmaxdowntime came before xm migrate."""
    out = io.StringIO()
    assert run_search(["live", "migration"], as_json=True, out=out) == ExitCode.OK
    names = [f"{h['kind']} {h['name']}" for h in json.loads(out.getvalue())]
    assert names[:3] == ["xm migrate", "xl migrate", "virsh migrate"]


@pytest.mark.parametrize(("word", "expected"), [("migration", "migrat"), ("migrate", "migrat"),
                                                ("migrating", "migrat"), ("domains", "domain"), ("pause", "paus")])
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("width", [60, 80, 120])
def test_table_fits_the_width_with_headers(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    for run in (lambda out: run_search(["migrate"], out=out), lambda out: run_list(tool="virsh", out=out)):
        out = io.StringIO()
        assert run(out) == ExitCode.OK
        lines = out.getvalue().splitlines()
        assert lines[0].split() == ["TOOL", "NAME", "STATUS", "SUMMARY"]
        assert max(len(line) for line in lines) <= width
        # every line is a row (starting with its tool) or the wrapped summary of one (indented)
        assert all(line.split()[0] in ("xm", "xl", "virsh", "topic", "xend") or line.startswith(" ")
                   for line in lines[1:])


def test_one_mark_for_no_status(capsys: pytest.CaptureFixture[str]) -> None:
    """virsh commands have no status: '-' in both search and list (search printed a blank)."""
    assert main(["search", "virsh", "setmem", "--no-pager"]) == 0
    searched = capsys.readouterr().out.splitlines()[1].split()
    assert main(["list", "--tool", "virsh", "--no-pager"]) == 0
    listed = next(li.split() for li in capsys.readouterr().out.splitlines() if li.split()[1:2] == ["setmem"])
    assert searched[:3] == listed[:3] == ["virsh", "setmem", "-"]


@pytest.mark.parametrize(("argv", "code"), [
    (["search", "nothing-like-this"], ExitCode.NOT_FOUND),
    (["list", "--tool", "xl", "--status", "removed", "--xen", "4.22"], ExitCode.NOT_FOUND),
    (["list", "--tool", "xq"], ExitCode.USAGE),
    (["search", "--tool", "xq", "migrate"], ExitCode.USAGE),
    (["search", "migrate", "--no-pager"], ExitCode.OK),
    (["list", "--tool", "xm", "--no-pager"], ExitCode.OK),
])
def test_search_and_list_share_exit_codes(capsys: pytest.CaptureFixture[str], argv: list[str], code: int) -> None:
    """Nothing to show is exit 1 for both (list used to exit 0), with a message on stderr."""
    assert main(argv) == code
    captured = capsys.readouterr()
    assert bool(captured.err.strip()) == (code != ExitCode.OK)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1


def test_pager_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    import os
    from pathlib import Path

    from xlref.lookup import listing

    paged = Path(str(tmp_path)) / "paged.txt"
    monkeypatch.setenv("PAGER", f"sh -c 'cat > {paged}'")
    monkeypatch.setattr(listing.os, "get_terminal_size", lambda fd: os.terminal_size((80, 10)))
    out = Terminal()
    assert run_list(tool="xm", out=out) == ExitCode.OK
    assert out.getvalue() == "" and paged.read_text().startswith("TOOL")
    out = Terminal()
    assert run_list(tool="xm", out=out, pager=False) == ExitCode.OK
    assert out.getvalue().startswith("TOOL")
