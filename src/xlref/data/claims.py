"""Facts that several records restate, each checked against the one statement verified in the sources.

A record about `virsh list`, the xm record whose virsh replacement is `virsh list` and a note elsewhere that
mentions `virsh list` all describe the same behaviour; when one of them words it differently from the source
(e.g. "virsh hides the host" while libvirt's libxl driver adds Domain-0), the dataset contradicts itself.
Each Claim says which texts speak about its fact and which wording contradicts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Path = list[str | int]


@dataclass(frozen=True)
class Claim:
    id: str
    fact: str
    source: str
    #: texts that speak about the fact: they match `mentions`, or sit in a record (or a replacement) naming
    #: one of `subjects` ("tool:name")
    mentions: re.Pattern[str]
    wrong: re.Pattern[str]
    subjects: frozenset[str] = frozenset()
    #: with a tool, a text that matches `mentions` speaks about the fact only when it is about that tool: it
    #: names it, or sits in that tool's replacement or in a behaviour change that targets it
    tool: str | None = None


def _rx(text: str) -> re.Pattern[str]:
    return re.compile(text, re.I | re.S)


_DOM0 = r"(?:dom0|domain-0|the host)"
CLAIMS = (
    Claim(
        "virsh-list-shows-dom0",
        "libvirt's libxl driver adds Domain-0 as a running domain with id 0, so virsh list shows it",
        "libvirt v11.3.0 src/libxl/libxl_driver.c (libxlAddDom0)",
        _rx(r"virsh list"),
        _rx(rf"hides? {_DOM0}|(?:without|excludes?|omits?|not(?: including)?) {_DOM0}|\bno {_DOM0}"),
        frozenset({"virsh:list"}),
    ),
    Claim(
        "acm-removed-in-2011",
        "the hypervisor's ACM module was removed in 2011: it is in RELEASE-4.1.0 and gone from RELEASE-4.2.0 "
        "(xend's ACM tools stayed until xend went)",
        "xen-project/xen commit 6102cace93; git ls-tree RELEASE-4.1.0 / RELEASE-4.2.0 xen/xsm/",
        _rx(r"\bACM\b.*\bremoved\b|\bremoved\b.*\bACM\b"),
        _rx(r"removed\b[^.;]{0,40}?\b4\.(?:[03-9]|1\d)\b|tree cleanup"),
    ),
    Claim(
        "libvirt-libxl-driver-log",
        "libvirt's libxl driver writes one driver-wide log, /var/log/libvirt/libxl/libxl-driver.log",
        "libvirt v11.3.0 src/libxl/libxl_logger.c (libxlLoggerNew), src/libxl/libxl_conf.h (LIBXL_LOG_DIR)",
        _rx(r"\blogs?\b"),
        _rx(r"no (?:single |driver-wide |)(?:toolstack |daemon |)log"),
        tool="virsh",
    ),
    Claim(
        "libvirt-refuses-sxpr",
        "libvirt 11.3's libxl driver refuses domxml-from-native xen-sxpr ('no longer supported'); it converts only "
        "xen-xm and xen-xl",
        "libvirt v11.3.0 src/libxl/libxl_driver.c (libxlConnectDomainXMLFromNative)",
        _rx(r"xen-sxpr"),
        _rx(r"^(?!.*(?:no longer|refuse|not supported|unsupported)).*xen-sxpr"),
    ),
)


def _texts(node: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "sources":
                yield from _texts(value, [*path, key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, [*path, i])


_TOOL_WORDS = {"virsh": re.compile(r"virsh|libvirt", re.I), "xl": re.compile(r"\bxl\b"), "xm": re.compile(r"\bxm\b")}


def _tools(cmd: dict[str, Any], path: Path, text: str) -> set[str]:
    """The tools a text inside `cmd` at `path` is about."""
    found = {tool for tool, rx in _TOOL_WORDS.items() if rx.search(text)}
    if "replacements" in path:
        found.add(str(path[path.index("replacements") + 1]))
    elif len(path) > 3 and path[2] == "behaviour_changes":
        change = cmd["behaviour_changes"][path[3]]
        found.update(change.get("targets") or cmd.get("replacements", {}))
    else:
        found.add(cmd["tool"])
    return found


def _subjects(cmd: dict[str, Any], path: Path) -> set[str]:
    """The commands a text inside `cmd` at `path` speaks about: the record, or the replacement it sits in."""
    if "replacements" in path:
        tool = path[path.index("replacements") + 1]
        command = cmd.get("replacements", {}).get(tool, {}).get("command") if isinstance(tool, str) else None
        return {f"{tool}:{command}"} if command else set()
    return {f"{cmd['tool']}:{cmd['name']}"}


def claim_problems(data: Any) -> Iterator[tuple[Path, str]]:
    """(path, message) for every text that contradicts a verified claim."""
    for i, cmd in enumerate(data.get("commands", [])):
        for path, text in _texts(cmd, ["commands", i]):
            subjects = _subjects(cmd, path)
            for claim in CLAIMS:
                mentioned = claim.mentions.search(text) and (
                    claim.tool is None or claim.tool in _tools(cmd, path, text))
                if (mentioned or subjects & claim.subjects) and claim.wrong.search(text):
                    yield path, f"contradicts claim {claim.id}: {claim.fact} ({claim.source})"
