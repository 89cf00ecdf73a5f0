"""Exit codes on failure: for a domain that does not exist xm exits with xend's fault code (3), xl and virsh
with codes of their own.  A script that only tests whether a call failed sees no difference; one that reads the
number (`$?`, `set -e`, the script's own exit status) does.  The codes come from the dataset's output errors
(outputs.errors); failures of one command (xm create of a name in use) are its exit_status behaviour changes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from xlref.data.releases import key as rkey

#: the error every command that names a domain can end with
_ERROR = "no-such-domain"
_DOM0 = re.compile(r"(?:Domain-0|0)$")


def _exit(outputs: Mapping[str, Any], tool: str, release: str | None) -> int | None:
    for err in outputs.get("errors", []):
        if err["tool"] != tool or err["id"] != _ERROR or "exit" not in err:
            continue
        if release and err.get("first_release") and rkey(release) < rkey(str(err["first_release"])):
            continue
        if err.get("last_release") and (not release or rkey(release) > rkey(str(err["last_release"]))):
            continue
        return int(err["exit"])
    return None


def _names_domain(rec: Mapping[str, Any]) -> bool:
    return any("DOMAIN" in str(a.get("name", "")).upper() for a in rec.get("arguments", []))


def failure_code_change(outputs: Mapping[str, Any] | None, rec: Mapping[str, Any], target: str,
                        release: str | None, domain: str | None) -> str | None:
    """Why the number a failing call exits with changes, or None (same codes, or no domain to miss: the call
    names none, or dom0, which always exists).  `domain`: the shape of the call's first positional."""
    if outputs is None or domain is None or _DOM0.match(domain) or not _names_domain(rec):
        return None
    old, new = _exit(outputs, "xm", None), _exit(outputs, target, release)
    if old is None or new is None or old == new:
        return None
    return (f"for a domain that does not exist xm exits {old} and {target} exits {new}, and the script reads "
            "the number ($?, set -e or its own exit status)")
