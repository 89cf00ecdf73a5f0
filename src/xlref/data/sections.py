"""The comparison sections of the xm → xl migration, derived from the dataset alone.

They mirror the structure of the classic xm/xl/libvirt comparison (new global options, unchanged commands,
removed commands by area, changed commands with their removed and added options, new xl commands and
options), so both the reference site and the seed-coverage test are generated from one function.
"""

from __future__ import annotations

from typing import TypedDict

from xlref.data.load import Dataset, Record
from xlref.data.releases import available


class Changed(TypedDict):
    xm: Record
    xl: Record | None
    removed_options: list[Record]
    changed_options: list[Record]
    added_options: list[Record]


class Sections(TypedDict):
    new_global_options: list[Record]
    unchanged: list[Record]
    removed: dict[str, list[Record]]
    changed: list[Changed]
    new_commands: list[Record]
    new_options: list[tuple[Record, list[Record]]]


def _flags(rec: Record | None) -> set[str]:
    return {f for o in (rec or {}).get("options", []) for f in o["flags"]}


def sections(data: Dataset, release: str | None = None) -> Sections:
    """`release` limits the xl side to one xl release (None: the newest)."""
    cmds: dict[tuple[str, str], Record] = {(r["tool"], r["name"]): r for r in data["commands"]}
    xm = sorted((r for r in data["commands"] if r["tool"] == "xm"), key=lambda r: r["name"])
    xl_now = sorted((r for r in data["commands"] if r["tool"] == "xl" and available(r, release)),
                    key=lambda r: r["name"])
    removed: dict[str, list[Record]] = {}
    for rec in xm:
        if rec["status"] == "removed":
            removed.setdefault(rec["category"], []).append(rec)
    changed: list[Changed] = []
    for rec in xm:
        if rec["status"] != "changed":
            continue
        xl = cmds.get(("xl", rec["name"]))
        opts = rec.get("options", [])
        xm_flags = _flags(rec)
        changed.append({
            "xm": rec,
            "xl": xl,
            "removed_options": [o for o in opts if o.get("status") == "removed"],
            "changed_options": [o for o in opts if o.get("status") == "changed"],
            "added_options": [o for o in (xl or {}).get("options", [])
                              if available(o, release, xl) and not set(o["flags"]) & xm_flags],
        })
    new_options: list[tuple[Record, list[Record]]] = []
    for rec in xl_now:
        if rec["status"] == "new":
            continue
        added = [o for o in rec.get("options", []) if o.get("status") == "new" and available(o, release, rec)]
        if added:
            new_options.append((rec, added))
    return {
        "new_global_options": [g for g in data.get("global_options", [])
                               if g["tool"] == "xl" and g["status"] == "new" and available(g, release)],
        "unchanged": [r for r in xm if r["status"] == "unchanged"],
        "removed": dict(sorted(removed.items())),
        "changed": changed,
        "new_commands": [r for r in xl_now if r["status"] == "new"],
        "new_options": new_options,
    }


def names(secs: Sections) -> dict[str, set[str]]:
    """Section -> the command (and `command option`) names in it, for coverage checks."""
    out: dict[str, set[str]] = {
        "new_global_options": {f for g in secs["new_global_options"] for f in g["flags"]},
        "unchanged": {r["name"] for r in secs["unchanged"]},
        "removed": {r["name"] for recs in secs["removed"].values() for r in recs},
        "changed": {c["xm"]["name"] for c in secs["changed"]},
        "new_commands": {r["name"] for r in secs["new_commands"]},
    }
    out["changed_removed_options"] = {f"{c['xm']['name']} {f}" for c in secs["changed"]
                                      for o in c["removed_options"] for f in o["flags"]}
    out["changed_added_options"] = {f"{c['xm']['name']} {f}" for c in secs["changed"]
                                    for o in c["added_options"] for f in o["flags"]}
    out["new_options"] = {f"{rec['name']} {f}" for rec, opts in secs["new_options"] for o in opts for f in o["flags"]}
    return out


