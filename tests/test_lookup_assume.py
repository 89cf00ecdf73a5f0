"""A call the linter leaves unfixed only for want of a host fact says which `--assume` would fix it: the text answer
said "no automatic fix" for `xl mem-set web01 512` next to an equivalent marked "safe fix", with no way out."""

from __future__ import annotations

import pytest

from xlref.__main__ import main
from xlref.exitcodes import ExitCode


@pytest.mark.parametrize(("argv", "hint"), [
    (["xm", "mem-set", "web01", "512"], "xlref lint --assume no-managed-domains fixes it"),
    (["xm", "start", "web"], "xlref lint --assume libvirt-defined fixes it"),
    (["xm", "dmesg", "-c"], None),  # safe as it is: nothing to assume
    (["xm", "vcpu-pin", "web01", "1", "0-3"], "xlref lint --assume no-managed-domains fixes it"),
])
def test_assumption_hint(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str],
                         hint: str | None) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["lookup", *argv]) == ExitCode.OK
    out = capsys.readouterr().out
    call = out.split("\nequivalents:", 1)[0]
    if hint is None:
        assert "--assume" not in call
    else:
        assert hint in call, call


def test_no_assumption_hint_when_another_change_breaks_the_call(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """virsh vcpupin refuses xm's 'all' (an unsigned vCPU number, RELEASE v11.3.0 tools/virsh-domain.c): no
    assumption fixes that, while xl takes 'all'."""
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["lookup", "xm", "vcpu-pin", "web01", "all", "0-3"]) == ExitCode.OK
    call = capsys.readouterr().out.split("\nequivalents:", 1)[0]
    xl, virsh = call.split("\n  virsh  ", 1)
    assert "--assume no-managed-domains fixes it" in xl
    assert "--assume" not in virsh and "no automatic fix" in virsh
    assert main(["lookup", "xm", "vcpu-pin", "web01", "all", "0-3", "--full"]) == ExitCode.OK
    assert "refuses xm's 'all'" in capsys.readouterr().out
