"""Find the dataset and load it fast.

The YAML is the source of truth, but parsing it on every lookup would dominate start-up, so the loader
reads a compiled form keyed on the YAML's SHA-256: shipped in the wheel (built by hatch_build.py) or
written once to the user cache.  A stale compiled file is never used because the key is the content hash.

The compiled form is `marshal` data: it loads several times faster than JSON and needs no `re` import.
It only ever holds plain dicts/lists/strings, is only read from our own package or cache directory, and
carries the interpreter's magic number, so a file from another Python version is ignored, not misread.
This module sits on the `xlref lookup` hot path: it avoids pathlib, tempfile and typing at import time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

Dataset = dict[str, Any]
Record = dict[str, Any]

_PKG_DIR = os.path.dirname(os.path.abspath(__file__))
COMPILED_FORMAT = 2


def _magic() -> bytes:
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER


class DataError(Exception):
    """The dataset is missing or invalid; `problems` holds one `file:line: message` string each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def dataset_path() -> str:
    """The YAML in use: $XLREF_DATA, else the copy shipped in the wheel, else the source checkout's."""
    override = os.environ.get("XLREF_DATA")
    if override:
        return override
    shipped = os.path.join(_PKG_DIR, "data", "commands.yaml")
    if os.path.isfile(shipped):
        return shipped
    return os.path.join(os.path.dirname(os.path.dirname(_PKG_DIR)), "data", "commands.yaml")


def _cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "xlref")


def compile_yaml(raw: bytes, path: str | Path) -> Dataset:
    """Parse and validate YAML text; raise DataError naming file:line for every problem."""
    from xlref.validate import validate_text

    data, problems = validate_text(raw.decode("utf-8"), str(path))
    if problems:
        raise DataError(problems)
    result: Dataset = data
    return result


def compiled_bytes(data: Dataset, digest: str) -> bytes:
    return marshal.dumps({"format": COMPILED_FORMAT, "magic": _magic(), "sha256": digest, "dataset": data})


def _read_compiled(candidate: str, digest: str) -> Dataset | None:
    try:
        with open(candidate, "rb") as fh:
            doc = marshal.load(fh)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != COMPILED_FORMAT or doc.get("sha256") != digest:
        return None
    if doc.get("magic") != _magic():
        return None
    dataset: Dataset = doc["dataset"]
    return dataset


def _write_cache(target: str, content: bytes) -> None:
    # Atomic so a concurrent xlref never reads half a file; failure only costs speed.
    from xlref.atomic import write_atomic

    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        write_atomic(target, content)
    except OSError:
        pass


def load_path(path: str | Path, *, use_cache: bool = True) -> Dataset:
    path = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise DataError([f"{path}:1: cannot read dataset: {exc.strerror}"]) from exc
    digest = hashlib.sha256(raw).hexdigest()
    if use_cache:
        for candidate in (os.path.splitext(path)[0] + ".compiled", os.path.join(_cache_dir(), f"{digest}.compiled")):
            data = _read_compiled(candidate, digest)
            if data is not None:
                return data
    data = compile_yaml(raw, path)
    if use_cache:
        _write_cache(os.path.join(_cache_dir(), f"{digest}.compiled"), compiled_bytes(data, digest))
    return data


@cache
def load_dataset() -> Dataset:
    """The validated dataset as plain dicts/lists, shaped as src/xlref/schema/commands.schema.json says."""
    return load_path(dataset_path())
