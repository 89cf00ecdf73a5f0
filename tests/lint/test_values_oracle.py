"""The dataset's value rules against xl's own parser (libxlutil): what the linter calls a safe block-attach
argument, xl reads as the same disk, and what it refuses, xl misreads or rejects; the xl config lines written
for `xm create ... KEY=VALUE` parse with xl and hold the value the shell gave xm."""

from __future__ import annotations

import ctypes
import shlex
import subprocess
from typing import Any

import pytest

from tests.lint.corpus_kit import linter, real_data
from xlref.lint.apply import fix_source


def _block_attach_rules() -> list[dict[str, Any]]:
    rec = next(c for c in real_data()["commands"] if c["tool"] == "xm" and c["name"] == "block-attach")
    items: list[dict[str, Any]] = rec["replacements"]["xl"]["args"]
    return items


def _outcome(word: str, pos: int) -> str:
    import re

    for rule in _block_attach_rules()[pos - 1].get("checks", []):
        if re.search(rule["match"], word):
            return str(rule["fix"])
    return "safe"


def _parse_words(xlu: Any, words: list[str]) -> tuple[int, str | None, str | None, bool, bool]:
    """What `xl block-attach DOM WORDS...` hands to xlu_disk_parse: one spec per word, in order."""
    lib = xlu.library()
    session = xlu._Session(lib, "block-attach")
    disk = xlu._Disk()
    specs = (ctypes.c_char_p * len(words))(*[w.encode() for w in words])
    rc = lib.xlu_disk_parse(session.cfg, len(words), specs, ctypes.byref(disk))
    session.close()
    return rc, xlu._s(disk.pdev_path), xlu._s(disk.vdev), bool(disk.readwrite), bool(disk.is_cdrom)


@pytest.mark.parametrize(("backdev", "path"), [
    ("phy:/dev/vg0/data", "/dev/vg0/data"),
    ("file:/srv/iso/tools.iso", "/srv/iso/tools.iso"),
    ("tap:aio:/srv/img/a.img", "/srv/img/a.img"),
    ("tap2:aio:/srv/img/a.img", "/srv/img/a.img"),
    ("raw:/srv/img/a.img", "/srv/img/a.img"),
])
def test_safe_backends_read_as_the_same_disk(xlu: Any, backdev: str, path: str) -> None:
    assert _outcome(backdev, 2) == "safe"
    assert _parse_words(xlu, [backdev, "xvdb", "w"]) == (0, path, "xvdb", True, False)


@pytest.mark.parametrize("backdev", ["tap2:hlfs:uri://vol1", "tap:hlfs:/x", "nbdx:/dev/x:y"])
def test_refused_backends_are_misread_by_xl(xlu: Any, backdev: str) -> None:
    assert _outcome(backdev, 2) == "none"
    rc, target, _, _, _ = _parse_words(xlu, [backdev, "xvdb", "w"])
    assert rc != 0 or target != backdev.rsplit(":", 1)[-1]  # the path xm meant is not what xl opens


def test_cdrom_and_modes(xlu: Any) -> None:
    assert _parse_words(xlu, ["file:/srv/a.iso", "xvdd:cdrom", "r"]) == (0, "/srv/a.iso", "xvdd", False, True)
    for mode in ("r", "w", "ro", "rw"):
        assert _outcome(mode, 4) == "safe"
        assert _parse_words(xlu, ["phy:/dev/x", "xvdb", mode])[0] == 0
    assert _outcome("w!", 4) == "none"
    assert _parse_words(xlu, ["phy:/dev/x", "xvdb", "w!"])[0] != 0


@pytest.mark.parametrize(("call", "env", "key", "value"), [
    ("xm create /etc/xen/a.cfg name=$NAME", {"NAME": "web-1"}, "name", "web-1"),
    ("xm create /etc/xen/a.cfg name=\"build_$ID\"", {"ID": "7 8"}, "name", "build_7 8"),
    ("xm create /etc/xen/a.cfg 'extra=console=hvc0 quiet'", {}, "extra", "console=hvc0 quiet"),
    ("xm create /etc/xen/a.cfg memory=512", {}, "memory", "512"),
    ("xm create /etc/xen/a.cfg vcpus=$N", {"N": "2"}, "vcpus", "2"),
    ("xm create /etc/xen/a.cfg disk=phy:$LV,xvda,w", {"LV": "/dev/vg/a"}, "disk", ["phy:/dev/vg/a,xvda,w"]),
])
def test_create_words_become_xl_config_lines(xlu: Any, call: str, env: dict[str, str], key: str,
                                              value: object) -> None:
    lin = linter("xl")
    fixed = fix_source(call.encode(), lambda b: lin.lint("t.sh", b), True).source.decode()
    assert fixed.startswith("xl create /etc/xen/a.cfg ")
    word = fixed.removeprefix("xl create /etc/xen/a.cfg ")
    # the shell turns the rewritten word into the line xl appends to the config
    assigns = "".join(f"{k}={shlex.quote(v)}\n" for k, v in env.items())
    line = subprocess.run(["bash", "-c", f"{assigns}printf '%s' {word}"], capture_output=True, text=True,
                          check=True).stdout
    parsed = xlu.parse(line + "\n", (key,))
    assert parsed.ok, (line, parsed.errors)
    assert parsed.values[key] == value
