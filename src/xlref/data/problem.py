"""One problem the validator reports: where in the dataset (a path of keys and indexes) and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    path: list[str | int] = field(default_factory=list)
    message: str = ""
