"""Where a tool prints a given fact: the answer to "what should the script read instead?".

A fact is a `meaning` (domain-id, domain-state, host-memory-free, ...).  The search prefers a command that
prints the fact alone (value records such as `virsh domstate`), then a column of the replacement command's
table, then a key of a key/value listing, then a member of a JSON document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from xlref.data.outputs import Format, select


def _candidates(outputs: Mapping[str, Any], tool: str, release: str | None) -> Iterable[Format]:
    seen: set[tuple[str, str]] = set()
    for rec in outputs.get("formats", []):
        if rec["tool"] != tool or (rec["command"], rec["variant"]) in seen:
            continue
        seen.add((rec["command"], rec["variant"]))
        fmt = select(outputs, tool, rec["command"], rec.get("options", [])[:1], release)
        if fmt is not None and fmt.variant == rec["variant"]:
            yield fmt


def _call(fmt: Format) -> str:
    flag = f" {fmt.record['options'][0]}" if fmt.record.get("options") else ""
    return f"{fmt.tool} {fmt.command}{flag}"


def where(outputs: Mapping[str, Any] | None, tool: str, meaning: str, release: str | None = None,
          prefer: str | None = None) -> str | None:
    """A short instruction naming where `tool` prints `meaning`, or None when it does not."""
    if not outputs:
        return None
    found: list[tuple[int, str]] = []
    for fmt in _candidates(outputs, tool, release):
        own = fmt.command == prefer
        spec = fmt.record.get("value")
        if fmt.kind in ("value", "lines") and spec and spec["meaning"] == meaning:
            what = "prints only that value" if fmt.kind == "value" else "one per line"
            found.append((0 if own else 2, f"`{_call(fmt)}` ({what})"))
        if fmt.kind == "table":
            for i, col in enumerate(fmt.columns, 1):
                if col["meaning"] == meaning and not col.get("options"):
                    found.append((1 if own else 3, f"field {i} ({col['name']}) of `{_call(fmt)}`"))
        if fmt.kind == "key_value":
            for k in fmt.keys:
                if k["meaning"] == meaning:
                    found.append((4, f"the '{k['key']}' line of `{_call(fmt)}`"))
        if fmt.kind == "json":
            for k in fmt.keys:
                if k["meaning"] == meaning:
                    found.append((5, f"`{_call(fmt)} DOMAIN | jq -r '.[0].{k['key']}'`"))
    return min(found)[1] if found else None
