"""Find the dataset and load it fast.

The YAML is the source of truth, but parsing it on every lookup would dominate start-up, so the loader
reads a compiled form keyed on the YAML's size and CRC-32: shipped in the wheel (built by hatch_build.py)
or written once to the user cache.  A stale compiled file is never used because the key is the content.

The compiled form is `marshal` data holding a small name index plus one marshal blob per record, so a
lookup decodes only the records it shows (about 1/15 of the cost of decoding everything).  It holds only
plain dicts/lists/strings, is only read from our package or cache directory, and carries the interpreter
version, so a file written by another Python is ignored, not misread.

This module sits on the `xlref lookup` hot path: it avoids importing typing, pathlib, hashlib and tempfile.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from xlref.data.paths import cache_dir, dataset_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    Dataset = dict[str, Any]
    Record = dict[str, Any]
    #: (tool, name, aliases, first_release, last_release, former_names) of one command record
    Row = tuple[str, str, list[str], str | None, str | None, list[str]]
else:
    Dataset = Record = dict

COMPILED_FORMAT = 4


class DataError(Exception):
    """The dataset is missing or invalid; `problems` holds one `file:line: message` string each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def content_key(raw: bytes) -> str:
    """Change detection, not security: size plus CRC-32 (hashlib would cost more than the lookup)."""
    return f"{len(raw)}-{zlib.crc32(raw):08x}"


def compile_yaml(raw: bytes, path: str | Path) -> Dataset:
    """Parse and validate YAML text; raise DataError naming file:line for every problem."""
    from xlref.data.validate import validate_text

    data, problems = validate_text(raw.decode("utf-8"), str(path))
    if problems:
        raise DataError(problems)
    result: Dataset = data
    return result


def _row(rec: Record) -> Row:
    return (rec["tool"], rec["name"], rec.get("aliases", []), rec.get("first_release"), rec.get("last_release"),
            rec.get("former_names", []))


def compiled_bytes(data: Dataset, key: str) -> bytes:
    sections = {k: marshal.dumps(v) for k, v in data.items() if k != "commands"}
    return marshal.dumps({
        "format": COMPILED_FORMAT,
        "python": sys.version,
        "key": key,
        "order": list(data),
        "sections": sections,
        "rows": [_row(rec) for rec in data["commands"]],
        "commands": [marshal.dumps(rec) for rec in data["commands"]],
    })


class Catalog:
    """A compiled dataset whose records are decoded on first use."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.rows: list[Row] = doc["rows"]
        self._order: list[str] = doc["order"]
        self._sections: dict[str, bytes] = doc["sections"]
        self._blobs: list[bytes] = doc["commands"]
        self._records: dict[int, Record] = {}

    def record(self, pos: int) -> Record:
        rec = self._records.get(pos)
        if rec is None:
            rec = self._records[pos] = marshal.loads(self._blobs[pos])
        return rec

    def section(self, name: str) -> Any:
        return marshal.loads(self._sections[name]) if name in self._sections else None

    def dataset(self) -> Dataset:
        """Everything, as plain dicts and lists, in the YAML's key order."""
        return {k: [self.record(i) for i in range(len(self._blobs))] if k == "commands" else self.section(k)
                for k in self._order}


def _read_compiled(candidate: str, key: str) -> Catalog | None:
    try:
        with open(candidate, "rb") as fh:
            doc = marshal.load(fh)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != COMPILED_FORMAT or doc.get("key") != key:
        return None
    if doc.get("python") != sys.version:
        return None
    return Catalog(doc)


def _write_cache(target: str, content: bytes) -> None:
    # Atomic so a concurrent xlref never reads half a file; failure only costs speed.
    from xlref.atomic import write_atomic

    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        write_atomic(target, content)
    except OSError:
        pass


def load_catalog_path(path: str | Path, *, use_cache: bool = True) -> Catalog:
    path = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise DataError([f"{path}:1: cannot read dataset: {exc.strerror}"]) from exc
    key = content_key(raw)
    cached = os.path.join(cache_dir(), f"{key}.compiled")
    if use_cache:
        for candidate in (os.path.splitext(path)[0] + ".compiled", cached):
            catalog = _read_compiled(candidate, key)
            if catalog is not None:
                return catalog
    content = compiled_bytes(compile_yaml(raw, path), key)
    if use_cache:
        _write_cache(cached, content)
    return Catalog(marshal.loads(content))


def load_path(path: str | Path, *, use_cache: bool = True) -> Dataset:
    return load_catalog_path(path, use_cache=use_cache).dataset()


class _Once:
    """functools.cache for a function of no arguments: importing functools (with collections and operator)
    costs a tenth of a lookup's start-up.  `cache_clear()` as functools has it."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn
        self._value: Any = None
        self._done = False
        self.__doc__ = fn.__doc__
        # An instance attribute, not a method: code that clears every `cache_clear` it finds in this module
        # must not find one on the class itself.
        self.cache_clear = self._clear

    def __call__(self) -> Any:
        if not self._done:
            self._value, self._done = self._fn(), True
        return self._value

    def _clear(self) -> None:
        self._value, self._done = None, False


if TYPE_CHECKING:
    from functools import cache as once  # the same interface, fully typed
else:
    once = _Once


@once
def load_catalog() -> Catalog:
    """The dataset in use, records decoded lazily (the lookup hot path)."""
    return load_catalog_path(dataset_path())


@once
def load_dataset() -> Dataset:
    """The validated dataset as plain dicts/lists, shaped as src/xlref/data/schema/commands.schema.json says."""
    return load_catalog().dataset()
