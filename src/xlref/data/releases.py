"""Release numbers ("4.20") compare numerically, and records carry an optional first/last release."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


def key(release: str) -> tuple[int, ...]:
    return tuple(int(part) for part in release.split("."))


def parse(text: str) -> str:
    """Normalise what a user types ("4.20.0", "4.20", "RELEASE-4.20.0") to "4.20"; ValueError if it is not one."""
    cleaned = text.strip().removeprefix("RELEASE-").removeprefix("v")
    parts = cleaned.split(".")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a release number: {text!r} (expected e.g. 4.20)")
    return f"{int(parts[0])}.{int(parts[1])}"


def available(item: Mapping[str, Any], release: str | None, parent: Mapping[str, Any] | None = None) -> bool:
    """Is `item` (a command or an option) present in `release`?  None means 'the latest'."""
    first = item.get("first_release") or (parent or {}).get("first_release")
    last = item.get("last_release") or (parent or {}).get("last_release")
    return in_range(first, last, release)


def in_range(first: str | None, last: str | None, release: str | None) -> bool:
    """Is `release` within [first, last] (either end open when None)?  release None means 'the latest'."""
    if release is None:
        return last is None
    if first is not None and key(release) < key(first):
        return False
    return not (last is not None and key(release) > key(last))


def span(item: Mapping[str, Any]) -> str:
    """Human text for a release range: '4.1–4.4', '4.20+', '' when unknown."""
    first, last = item.get("first_release"), item.get("last_release")
    if first and last:
        return first if first == last else f"{first}–{last}"
    if first:
        return f"{first}+"
    if last:
        return f"–{last}"
    return ""
