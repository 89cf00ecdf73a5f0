"""Normalise a native config for semantic comparison (order, quoting and spec field order do not matter)."""

from __future__ import annotations

from typing import Any

from xlref.config.diskspec import parse_xl_disk
from xlref.config.read import read_config
from xlref.config.specs import SpecError


def _spec_kv(spec: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(tuple(p.split("=", 1)) if "=" in p else (p, "") for p in spec.split(",")))  # type: ignore[misc]


def _disk(spec: str, fmt: str) -> Any:
    if fmt == "xm":
        return spec
    try:
        d = parse_xl_disk(spec)
    except SpecError as err:
        return ("unparseable", spec, str(err))
    return (d.target or None, d.format, d.vdev, d.readwrite, None if d.backend == "unknown" else d.backend, d.cdrom)


def cfg_facts(text: str, fmt: str) -> dict[str, Any]:
    cfg = read_config(text)
    assert not [p for p in cfg.problems if p.code != "XL515"], cfg.problems
    out: dict[str, Any] = {}
    for key, value in cfg.values().items():
        if key == "device_model_override" and fmt == "xm":
            # libvirt's xen-xm writer uses the xl name; xm itself reads device_model
            key = "device_model"
        if key == "builder":
            if value == "hvm":
                out["type"] = "hvm"
            continue
        if key in ("vif", "vfb", "usbctrl", "usbdev", "channel", "pci") and isinstance(value, list):
            out[key] = [_spec_kv(str(v)) for v in value]
        elif key == "disk" and isinstance(value, list):
            out[key] = [_disk(str(v), fmt) for v in value]
        elif isinstance(value, list):
            out[key] = [[str(x) for x in v] if isinstance(v, list) else str(v) for v in value]
        else:
            out[key] = str(value)
    return out
