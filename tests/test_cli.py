"""The CLI end to end through main(argv): output, golden files, exit codes, JSON shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xlref.__main__ import fast_lookup_args, main
from xlref.exitcodes import ExitCode

LOOKUPS = [
    ("xm-migrate-live", ["lookup", "xm", "migrate", "--live", "-p", "8002"]),
    ("xm-prefix", ["lookup", "xm", "mi"]),
    ("xm-full", ["lookup", "xm", "migrate", "--full"]),
    ("xl-old", ["lookup", "xl", "migrate", "--debug", "--xen", "4.2"]),
    ("virsh-call", ["lookup", "virsh", "setmem", "web01", "1024", "--json"]),
]


@pytest.mark.parametrize(("name", "argv"), LOOKUPS, ids=[n for n, _ in LOOKUPS])
def test_fast_path_matches_typer(mini: Path, capsys: pytest.CaptureFixture[str], name: str,
                                 argv: list[str]) -> None:
    """The start-up fast path and the typer command must give the same answer."""
    assert fast_lookup_args(argv) is not None
    main(argv)
    fast = capsys.readouterr()
    from xlref.cli import app

    with pytest.raises(SystemExit) as exc:
        app(args=argv, prog_name="xlref")
    slow = capsys.readouterr()
    assert exc.value.code == ExitCode.OK
    assert (slow.out, slow.err) == (fast.out, fast.err)


@pytest.mark.parametrize(
    ("argv", "code", "stderr"),
    [
        (["lookup", "xm", "migrte"], ExitCode.NOT_FOUND, "xlref: no xm command 'migrte'; did you mean: migrate?\n"),
        (["lookup", "xl", "s"], ExitCode.NOT_FOUND, "xlref: xl s: ambiguous prefix, could be:\n  save     suspend\n"),
        (["lookup", "xm", "m"], ExitCode.NOT_FOUND,
         "xlref: xm m: xm needs at least 2 letters of a command; 2 start with 'm':\n  mem-set  migrate\n"),
        (["lookup", "xl", "suspend", "--xen", "4.19"], ExitCode.NOT_FOUND,
         "xlref: xl suspend is not in Xen 4.19 (available 4.20+)\n"),
        (["lookup", "xq", "list"], ExitCode.USAGE,
         "xlref: unknown tool 'xq': choose one of xm, xl, virsh, xm.cfg, xl.cfg, xend, topic\n"),
        (["lookup", "xl", "pause", "--xen", "four"], ExitCode.USAGE,
         "xlref: not a release number: 'four' (expected e.g. 4.20)\n"),
        # a well-formed number that is no xl release was answered "xl 4.1+ (in 9.9: yes)"; lint refused it
        (["lookup", "xl", "pause", "--xen", "9.9"], ExitCode.USAGE, None),
        (["list", "--tool", "xl", "--xen", "4.0"], ExitCode.USAGE, None),
        (["list", "--status", "gone"], ExitCode.USAGE,
         "xlref: unknown status 'gone': choose one of unchanged, changed, removed, new\n"),
        (["list", "--category", "ram"], ExitCode.USAGE, None),
        (["export", "--format", "xml"], ExitCode.USAGE, "xlref: unknown format 'xml': choose json or yaml\n"),
        (["completion", "tcsh"], ExitCode.USAGE, "xlref: unknown shell 'tcsh': choose one of bash, zsh, fish\n"),
        (["search", "nothing-like-this"], ExitCode.NOT_FOUND, "xlref: nothing matches 'nothing-like-this'\n"),
        (["frobnicate"], ExitCode.USAGE, None),
        (["lookup"], ExitCode.USAGE, None),
    ],
)
def test_exit_codes(mini: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int,
                    stderr: str | None) -> None:
    assert main(argv) == code
    err = capsys.readouterr().err
    if stderr is not None:
        assert err == stderr
    else:
        assert err.strip()


def test_lookup_json_shape(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "xm", "migrate", "-l", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"query", "record", "replacements", "matched_options", "your_call"}
    assert doc["your_call"]["xl"]["call"] == "xl migrate <DOMAIN> <HOST>"
    assert doc["record"]["name"] == "migrate"
    assert doc["query"] == {"tool": "xm", "word": "migrate", "resolved_by": "name", "args": ["-l"], "xen": None}
    assert doc["matched_options"][0]["option"]["flags"] == ["-l", "--live"]
    assert doc["matched_options"][0]["becomes"]["virsh"] == "--live"
    assert doc["replacements"]["virsh"]["call"] == "virsh migrate [options] <DOMAIN> <HOST>"
    assert doc["replacements"]["xl"]["options"][0] == {"action": "drop", "outcome": "dropped", "flags": ["-l|--live"],
                                                        "reason": "xl always migrates live."}


def test_bundled_short_flags_are_split(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["lookup", "xm", "migrate", "-lp", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert [m["arg"] for m in doc["matched_options"]] == ["-l", "-p"]


def test_list_filters(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--tool", "xl", "--xen", "4.19", "--json"]) == 0
    names = [r["name"] for r in json.loads(capsys.readouterr().out)]
    assert names == ["migrate", "mem-set", "pause", "save"]
    assert main(["list", "--status", "changed", "--tool", "xm"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines if not line.startswith(" ")] == ["NAME", "migrate", "suspend"]


def test_search_ranks_names_first(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "mem-set"]) == 0
    first = capsys.readouterr().out.splitlines()[1].split()
    assert first[:2] == ["xm", "mem-set"]
    assert main(["search", "xl", "mem-set"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[:2] == ["xl", "mem-set"]


def test_export_document(mini: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["export", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert next(iter(doc)) == "schema_version"
    assert doc["schema_version"] == 1
    assert len(doc["commands"]) == 13
    target = tmp_path / "out.yaml"
    assert main(["export", "--format", "yaml", "-o", str(target)]) == 0
    import yaml

    assert yaml.safe_load(target.read_text())["commands"] == doc["commands"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(mini: Path, capsys: pytest.CaptureFixture[str], shell: str) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert "balloon" in script and "--live" in script
    if shell == "bash":
        subprocess.run(["bash", "-n"], input=script, text=True, check=True)


def test_bash_completion_completes(mini: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    main(["completion", "bash"])
    script = tmp_path / "c.bash"
    script.write_text(capsys.readouterr().out)
    probe = (f"source {script}; COMP_WORDS=(xlref lookup xm migrate --l); COMP_CWORD=4; _xlref; "
             "echo \"${COMPREPLY[@]}\"")
    out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["--live"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from xlref import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"xlref {__version__}\n"


def test_no_color_and_pipe_give_plain_text(mini: Path) -> None:
    env = {"XLREF_DATA": str(mini), "PATH": "/usr/bin:/bin", "FORCE_COLOR": ""}
    proc = subprocess.run([sys.executable, "-m", "xlref", "lookup", "xm", "pause"], capture_output=True,
                          text=True, env=env, check=True)
    assert "\x1b[" not in proc.stdout
    assert proc.stdout.startswith("xm pause: ")


@pytest.mark.parametrize(
    ("argv", "xl", "virsh"),
    [
        (["xm", "mem-set", "web01", "512"], ("xl mem-set web01 512", "safe"), ("virsh setmem web01 512M", "safe")),
        (["xm", "pause", "db"], ("xl pause db", "safe"), ("virsh suspend db", "safe")),
        (["xm", "suspend", "db"], (None, "none"), ("virsh managedsave db", "unsafe")),
    ],
)
def test_lookup_shows_what_the_call_becomes(mini: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                            xl: tuple[str | None, str], virsh: tuple[str | None, str]) -> None:
    """With arguments, lookup runs the linter's rewrite on the call itself, for both targets."""
    assert main(["lookup", *argv, "--json"]) == 0
    calls = json.loads(capsys.readouterr().out)["your_call"]
    assert (calls["xl"]["line"], calls["xl"]["fix"]) == xl
    assert (calls["virsh"]["line"], calls["virsh"]["fix"]) == virsh


def test_plain_lookup_does_not_load_the_linter(mini: Path) -> None:
    code = ("import sys; from xlref.__main__ import main; main(['lookup', 'xm', 'pause']); "
            "sys.stderr.write(str(sorted(m for m in sys.modules if m.startswith(('tree_sitter', 'xlref.lint', "
            "'typer', 'click', 'rich', 'yaml', 'jsonschema')))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"XLREF_DATA": str(mini), "PATH": "/usr/bin:/bin"})
    assert proc.stderr == "[]"


def test_plain_lookup_imports_little(mini: Path, tmp_path: Path) -> None:
    """The launcher and the plain lookup stay off re, enum, functools and typing (bench/bench_lookup.py)."""
    launcher = Path(__file__).resolve().parents[1] / "bin" / "xlref"
    code = (f"import sys; sys.argv = ['xlref', 'lookup', 'xm', 'migrate']; exec(open({str(launcher)!r}).read())")
    probe = ("import atexit, sys; atexit.register(lambda: sys.stderr.write(str(sorted(m for m in "
             "('re', 'enum', 'functools', 'typing', 'json', 'dataclasses', 'inspect') if m in sys.modules))))")
    env = {"XLREF_DATA": str(mini), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):  # the first run compiles the dataset into the cache; the second is a plain lookup
        proc = subprocess.run([sys.executable, "-c", f"{probe}\n{code}"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "[]"
