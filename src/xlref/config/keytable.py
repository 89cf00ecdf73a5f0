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
        """Does the newest xl read the key (not just warn about it, and not only older releases)?"""
        rec = self.xl.get(key)
        return rec is not None and rec.get("status") != "removed" and not rec.get("last_release")

    def safe_renames(self) -> dict[str, str]:
        """xm key -> xl key, for the renames the data marks as keeping the meaning exactly."""
        return {key: rec["rename"][0] for key, rec in self.xm.items()
                if rec.get("fix") == "safe" and len(rec.get("rename") or []) == 1 and not rec.get("value_change")}

    def value_names(self, key: str) -> dict[int, str]:
        """Numeric xm value -> the name xl wants, where the data marks that mapping safe (tsc_mode, timer_mode)."""
        rec = self.xm.get(key) or {}
        mapping = (rec.get("value_change") or {}).get("mapping") or {}
        if rec.get("fix") != "safe":
            return {}
        return {int(num): name for num, name in mapping.items() if num.isdigit()}


def _records() -> list[dict[str, Any]]:
    from xlref.data.load import load_dataset

    return list(load_dataset().get("config_keys") or [])


@cache
def key_table() -> KeyTable:
    table = KeyTable()
    for rec in _records():
        target = table.xm if rec.get("tool") == "xm" else table.xl
        target[str(rec.get("key"))] = rec
    table.available = bool(table.xm and table.xl)
    return table
