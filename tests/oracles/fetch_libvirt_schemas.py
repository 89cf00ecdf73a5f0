"""Fetch libvirt 11.3.0's RelaxNG schemas (src/conf/schemas/*.rng) from Debian's source package, once.

The tarball is Debian trixie's `libvirt_11.3.0.orig.tar.xz`, taken from the Debian archive this machine's apt
already uses (its first `URIs:` / `deb` line), checked against its SHA-256, and only the schema files are kept
under the cache directory.  `.ci/run` runs this; the tests call `schema_dir()`, which runs it on first use.

    python -m tests.oracles.fetch_libvirt_schemas [--print]
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "11.3.0"
TARBALL = f"libvirt_{VERSION}.orig.tar.xz"
POOL_PATH = f"pool/main/libv/libvirt/{TARBALL}"
SHA256 = "6bcb0c42c4580436fea262ced56f68a6afe20f7390b1bea2116718cc034a0283"
MEMBER = re.compile(rf"^libvirt-{re.escape(VERSION)}/src/conf/schemas/[^/]+\.rng$")


def cache_root() -> Path:
    """Outside the tests' isolated XDG cache on purpose: the download is shared by every run."""
    override = os.environ.get("XLREF_ORACLE_CACHE")
    if override:
        return Path(override)
    return Path.home() / ".cache" / "xlref-oracles"


def schema_dir() -> Path:
    return cache_root() / f"libvirt-{VERSION}" / "schemas"


def archive_base() -> str | None:
    """The Debian archive apt is configured with (deb822 `URIs:` or one-line `deb` form)."""
    candidates = [Path("/etc/apt/sources.list.d/debian.sources"), Path("/etc/apt/sources.list"),
                  *sorted(Path("/etc/apt/sources.list.d").glob("*.sources")),
                  *sorted(Path("/etc/apt/sources.list.d").glob("*.list"))]
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            m = re.match(r"^\s*URIs:\s*(\S+)", line) or re.match(r"^\s*deb\s+(?:\[[^]]*\]\s+)?(\S+)", line)
            if m and "security" not in m.group(1) and m.group(1).startswith(("http://", "https://")):
                return m.group(1).rstrip("/")
    return None


def fetch() -> Path:
    out = schema_dir()
    if (out / "domain.rng").is_file():
        return out
    base = archive_base()
    if base is None:
        raise RuntimeError("no Debian archive found in apt's sources")
    with urllib.request.urlopen(f"{base}/{POOL_PATH}", timeout=120) as resp:
        blob = resp.read()
    digest = hashlib.sha256(blob).hexdigest()
    if digest != SHA256:
        raise RuntimeError(f"{TARBALL}: SHA-256 {digest}, expected {SHA256}")
    tmp = out.with_name(out.name + ".partial")
    tmp.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:xz") as tar:
        for member in tar.getmembers():
            if member.isfile() and MEMBER.match(member.name):
                src = tar.extractfile(member)
                assert src is not None
                (tmp / Path(member.name).name).write_bytes(src.read())
    tmp.replace(out)
    return out


if __name__ == "__main__":
    path = fetch()
    if "--print" in sys.argv:
        print(path)
    else:
        print(f"libvirt {VERSION} schemas in {path} ({len(list(path.glob('*.rng')))} files)")
