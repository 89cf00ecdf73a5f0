"""xl's own config parser: Debian's `libxenmisc4.17` ships `libxlutil.so.4.17`, which parses xl.cfg text and
disk specs exactly as `xl create` does, without a hypervisor.

Only the parser entry points are used: `xlu_cfg_init`, `xlu_cfg_readdata`, `xlu_cfg_get_*`, `xlu_disk_parse`.
The disk struct below is the leading part of `libxl_device_disk` as Xen 4.17's `_libxl_types.h` lays it out
(the parser only writes these fields; the buffer is padded for the rest).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LIBRARY = "libxlutil.so.4.17"
INSTALL = "apt-get install libxenmisc4.17"

_ESRCH = 3
BACKENDS = {0: "unknown", 1: "phy", 2: "tap", 3: "qdisk", 4: "standalone"}
FORMATS = {0: "unknown", 1: "qcow", 2: "qcow2", 3: "vhd", 4: "raw", 5: "empty", 6: "qed"}


class _Disk(ctypes.Structure):
    _fields_ = [
        ("backend_domid", ctypes.c_uint32),
        ("backend_domname", ctypes.c_char_p),
        ("pdev_path", ctypes.c_char_p),
        ("vdev", ctypes.c_char_p),
        ("backend", ctypes.c_int),
        ("format", ctypes.c_int),
        ("script", ctypes.c_char_p),
        ("removable", ctypes.c_int),
        ("readwrite", ctypes.c_int),
        ("is_cdrom", ctypes.c_int),
        ("_rest", ctypes.c_ubyte * 512),
    ]


@dataclass
class Parsed:
    ok: bool
    errors: str  # what xl itself printed (empty when it parsed cleanly)
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class Disk:
    ok: bool
    errors: str
    target: str | None = None
    vdev: str | None = None
    backend: str = "unknown"
    format: str = "unknown"
    readwrite: bool = False
    cdrom: bool = False
    removable: bool = False
    script: str | None = None
    backend_domain: str | None = None


@cache
def library() -> ctypes.CDLL | None:
    try:
        lib = ctypes.CDLL(LIBRARY)
    except OSError:
        return None
    lib.xlu_cfg_init.restype = ctypes.c_void_p
    lib.xlu_cfg_init.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.xlu_cfg_readdata.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.xlu_cfg_destroy.argtypes = [ctypes.c_void_p]
    lib.xlu_cfg_get_string.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p),
                                       ctypes.c_int]
    lib.xlu_cfg_get_long.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_long), ctypes.c_int]
    lib.xlu_cfg_get_list.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p),
                                     ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    lib.xlu_cfg_get_listitem.restype = ctypes.c_char_p
    lib.xlu_cfg_get_listitem.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.xlu_disk_parse.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p),
                                   ctypes.POINTER(_Disk)]
    return lib


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    return libc


class _Session:
    """One XLU_Config with its report file; xl's messages are read back from that file."""

    def __init__(self, lib: ctypes.CDLL, name: str) -> None:
        self.lib, self.libc = lib, _libc()
        fd, self.report = tempfile.mkstemp(prefix="xlu-", suffix=".txt")
        os.close(fd)
        self.fh = self.libc.fopen(self.report.encode(), b"w")
        self.cfg = lib.xlu_cfg_init(self.fh, name.encode())

    def close(self) -> str:
        self.lib.xlu_cfg_destroy(self.cfg)
        self.libc.fclose(self.fh)
        report = Path(self.report)
        text = report.read_text(encoding="utf-8", errors="replace")
        report.unlink()
        return text


def parse(text: str | bytes, keys: tuple[str, ...] = (), name: str = "test.cfg") -> Parsed:
    """Parse xl.cfg text as `xl create` does; `keys` are read back (string, integer or list of strings)."""
    lib = library()
    assert lib is not None, f"{LIBRARY} missing ({INSTALL})"
    data = text.encode() if isinstance(text, str) else text
    s = _Session(lib, name)
    rc = lib.xlu_cfg_readdata(s.cfg, data, len(data))
    values: dict[str, object] = {}
    if rc == 0:
        for key in keys:
            values[key] = _value(lib, s.cfg, key.encode())
    errors = s.close()
    return Parsed(rc == 0, errors.strip(), values)


def _value(lib: ctypes.CDLL, cfg: int, key: bytes) -> object:
    sval = ctypes.c_char_p()
    if lib.xlu_cfg_get_string(cfg, key, ctypes.byref(sval), 1) == 0:
        raw = sval.value or b""
        return raw.decode("utf-8", "replace")
    lst, count = ctypes.c_void_p(), ctypes.c_int()
    if lib.xlu_cfg_get_list(cfg, key, ctypes.byref(lst), ctypes.byref(count), 1) == 0:
        items = [lib.xlu_cfg_get_listitem(lst, i) for i in range(count.value)]
        return [i.decode("utf-8", "replace") if i is not None else None for i in items]
    return None


def parse_disk(spec: str) -> Disk:
    """Parse one disk spec with `xlu_disk_parse`, the function `xl create` calls for each `disk` entry."""
    lib = library()
    assert lib is not None, f"{LIBRARY} missing ({INSTALL})"
    s = _Session(lib, "disk")
    disk = _Disk()
    specs = (ctypes.c_char_p * 1)(spec.encode())
    rc = lib.xlu_disk_parse(s.cfg, 1, specs, ctypes.byref(disk))
    out = Disk(
        ok=rc == 0, errors="",
        target=_s(disk.pdev_path), vdev=_s(disk.vdev), backend=BACKENDS.get(disk.backend, str(disk.backend)),
        format=FORMATS.get(disk.format, str(disk.format)), readwrite=bool(disk.readwrite),
        cdrom=bool(disk.is_cdrom), removable=bool(disk.removable), script=_s(disk.script),
        backend_domain=_s(disk.backend_domname),
    )
    out.errors = s.close().strip()
    return out


def _s(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", "replace")
