"""The config-key part of the dataset (`config_keys`), indexed for the checker and the converter."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any


@dataclass
class KeyTable:
    xm: dict[str, dict[str, Any]] = field(default_factory=dict)
    xl: dict[str, dict[str, Any]] = field(default_factory=dict)
    available: bool = False

    def known(self, key: str) -> bool:
        return key in self.xm or key in self.xl

    def xl_reads(self, key: str) -> bool:
        rec = self.xl.get(key)
        return rec is not None and rec.get("status") != "removed"


def _records() -> list[dict[str, Any]]:
    from xlref.load import load_dataset

    return list(load_dataset().get("config_keys") or [])


@cache
def key_table() -> KeyTable:
    table = KeyTable()
    for rec in _records():
        target = table.xm if rec.get("tool") == "xm" else table.xl
        target[str(rec.get("key"))] = rec
    table.available = bool(table.xm and table.xl)
    return table
