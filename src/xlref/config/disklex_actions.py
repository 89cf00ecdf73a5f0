"""The state and the rule actions of xl's disk spec parser (libxlu_disk_l.l's C helpers and rule bodies,
RELEASE-4.22.0); disklex holds the rules that call them and the scanner."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

FORMATS = {"": "raw", "raw": "raw", "qcow": "qcow", "qcow2": "qcow2", "vhd": "vhd", "empty": "empty", "qed": "qed"}
BACKENDS = ("phy", "tap", "qdisk", "standalone")
SPECIFICATIONS = ("xen", "virtio")
#: the prefixes xm put before a path that libxlu still accepts, and drops
DROPPED_PREFIXES = ("tapdisk", "tap2", "tap", "aio", "ioemu", "file", "phy")


@dataclass
class LibxlDisk:
    """The fields of libxl_device_disk that xlu_disk_parse fills in (None/"unknown" when not given)."""

    target: str | None = None  # pdev_path
    vdev: str | None = None
    format: str = "unknown"
    backend: str = "unknown"
    specification: str = "unknown"
    backend_domain: str | None = None
    script: str | None = None
    readwrite: bool = True
    cdrom: bool = False
    removable: bool = False
    #: the deprecated xm prefixes met, in order (tap, aio, phy...; format and script prefixes included)
    prefixes: list[str] = field(default_factory=list)
    #: every other key=value or flag given (discard, colo-host=..., grant_usage=...)
    options: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class State:
    def __init__(self) -> None:
        self.disk = LibxlDisk()
        self.had_depr_prefix = False
        self.access_set = False
        self.stop = False

    def err(self, near: str | None, message: str) -> None:
        self.disk.errors.append(message + (f": near `{near}'" if near is not None else ""))

    def save(self, what: str, attr: str, value: str) -> None:
        old = getattr(self.disk, attr)
        if old:
            self.err(value, f"{what} respecified")
            return
        setattr(self.disk, attr, value)

    def dset(self, attr: str, value: str, near: str) -> None:
        old = getattr(self.disk, attr)
        if old not in ("unknown", value):
            self.err(near, f"{attr} respecified")
        else:
            setattr(self.disk, attr, value)

    def setformat(self, text: str) -> None:
        if text in FORMATS:
            self.dset("format", FORMATS[text], text)
        else:
            self.err(text, "unknown value for format")

    def setaccess(self, text: str) -> None:
        if text in ("r", "ro"):
            self.disk.readwrite = False
        elif text in ("rw", "w", ""):
            self.disk.readwrite = True
        else:
            self.err(text, "unknown value for access")

    def vdev_and_devtype(self, text: str) -> bool:
        """libxlu's vdev_and_devtype: VDEV:cdrom / VDEV:disk (the last colon splits)."""
        vdev, colon, kind = text.rpartition(":")
        if not colon:
            return False
        self.save("vdev", "vdev", vdev)
        if kind == "cdrom":
            self.disk.cdrom = True
        elif kind == "disk":
            self.disk.cdrom = False
        else:
            self.err(kind, "unknown deprecated type")
        return True


def strip(text: str) -> str:
    return text[:-1] if text.endswith(",") else text


def after_equals(text: str) -> str:
    return strip(text).split("=", 1)[1]


def option(name: str) -> Callable[[State, str], None]:
    def act(st: State, text: str) -> None:
        st.disk.options[name] = after_equals(text) if "=" in text else ""
    return act


def flag(name: str, value: str) -> Callable[[State, str], None]:
    def act(st: State, text: str) -> None:
        st.disk.options[name] = value
    return act


def backendtype(st: State, text: str) -> None:
    val = after_equals(text)
    if val in BACKENDS:
        st.dset("backend", val, val)
    else:
        st.err(val, "unknown value for backendtype")


def specification(st: State, text: str) -> None:
    val = after_equals(text)
    if val in SPECIFICATIONS:
        st.dset("specification", val, val)
    else:
        st.err(val, "unknown value for specification")


def colo_port(st: State, text: str) -> None:
    val = after_equals(text)
    m = re.match(r"\s*[+-]?[0-9]+", val)  # atoi
    if m and int(m.group(0)):
        st.disk.options["colo-port"] = val
    else:
        st.err(val, "unknown value for colo_port")


def set_cdrom(value: bool) -> Callable[[State, str], None]:
    def act(st: State, text: str) -> None:
        st.disk.cdrom = value
    return act


def format_prefix(st: State, text: str) -> None:
    name = text[:-1]
    st.had_depr_prefix = True
    st.disk.prefixes.append(name)
    st.setformat(name)


def script_prefix(st: State, text: str) -> None:
    name = text[:-1]
    st.had_depr_prefix = True
    st.disk.prefixes.append(name)
    st.save("script", "script", "block-" + name)


def dropped_prefix(st: State, text: str) -> None:
    st.had_depr_prefix = True
    st.disk.prefixes.append(text[:-1])


def unknown_prefix(st: State, text: str) -> None:
    st.err(text, "unknown deprecated disk prefix")
    st.stop = True


def positional(st: State, text: str) -> None:
    token = strip(text)
    disk = st.disk
    if disk.errors:
        return  # libxlu: previous errors may just lead to subsequent ones
    if disk.target is None:
        disk.target = token
    elif not st.had_depr_prefix and disk.format == "unknown":
        if not disk.target and st.vdev_and_devtype(token):
            disk.format = "empty"
        else:
            st.setformat(token)
    elif disk.vdev is None:
        if not st.vdev_and_devtype(token):
            st.save("vdev", "vdev", token)
    elif not st.access_set:
        st.access_set = True
        st.setaccess(token)
    else:
        st.err(token, "too many positional parameters")
        st.stop = True


def ignore(st: State, text: str) -> None:
    return None


def str_setter(what: str, attr: str) -> Callable[[State, str], None]:
    def act(st: State, text: str) -> None:
        st.save(what, attr, after_equals(text))
    return act


def unknown_param(st: State, text: str) -> None:
    st.err(text, "unknown parameter")
