"""Where the dataset and the compiled cache live.  Imported by both the loader and the validator, so neither
needs the other for a path (and both stay cheap to import: os only)."""

from __future__ import annotations

import os

#: this package's directory: the wheel ships commands.yaml (and its compiled form) here
PKG_DIR = os.path.dirname(os.path.abspath(__file__))


def dataset_path() -> str:
    """The YAML in use: $XLREF_DATA, else the copy shipped in the wheel, else the source checkout's."""
    override = os.environ.get("XLREF_DATA")
    if override:
        return override
    shipped = os.path.join(PKG_DIR, "commands.yaml")
    if os.path.isfile(shipped):
        return shipped
    root = os.path.dirname(os.path.dirname(os.path.dirname(PKG_DIR)))  # src/xlref/data -> checkout root
    return os.path.join(root, "data", "commands.yaml")


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "xlref")
