"""Reading a domain config as each toolstack does, for `create`/`new`.

- xm (xm/create.py + xm/opts.py, RELEASE-4.4.4): VAR=VALUE words become string variables of the config's Python
  namespace *before* the file runs, so a name the file sets wins over `name=...` on the command line; a relative
  file name is looked up in '.', then /etc/xen (--path); the file is executed as Python.
- xl (xl_vmcontrol.c create_domain + xl_parse.c parse_config_data, RELEASE-4.22.0): each VAR=VALUE word is a
  config line appended after the file ("\\n%s\\n"), parsed by libxlutil together with it, so a bare string value
  is a syntax error and a later setting wins; /dev/null means "only the command-line lines".
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.sim.host import Disk, Vif

_ORACLE = Path(__file__).resolve().parents[1] / "oracles" / "libxlutil.py"
XL_KEYS = ("name", "memory", "maxmem", "vcpus", "maxvcpus", "disk", "vif", "type", "builder", "uuid")


def _oracle() -> ModuleType:
    """tests/oracles/libxlutil.py loaded by path (its package imports pytest, too slow for every call)."""
    name = "xlref_sim_libxlutil"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, _ORACLE)
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


def xm_find(name: str, path: str = ".:/etc/xen") -> str | None:
    """opts.load_defconfig's search: the name itself, then each directory of --path."""
    for d in ["", *path.split(":")]:
        p = os.path.join(d, name) if d else name
        if not p.startswith("/"):
            p = os.path.join(os.curdir, p)
        if os.path.exists(p):
            return p
    return None


def xm_values(path: str | None, variables: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
    """Run an xm config as Python (with the imports xm gives it); (values, error message)."""
    scope: dict[str, Any] = dict(variables)
    if path is not None:
        try:
            code = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return None, f"Cannot read file {path}: {exc.strerror}"
        glob: dict[str, Any] = {"sys": sys, "os": os}
        try:
            exec(compile(code, path, "exec"), glob, scope)
        except SyntaxError as exc:
            return None, (f"Errors were found at line {exc.lineno} while processing {path}:\n\t{exc.text}"
                          .rstrip("\n"))
        except Exception as exc:  # the config's own code failed, as it would have under xm
            return None, str(exc)
    return {k: v for k, v in scope.items() if isinstance(v, (str, int, float, list))}, ""


def xl_values(path: str, extra: list[str]) -> tuple[dict[str, Any] | None, str, int]:
    """(values, what xl prints on stderr, exit status) for `xl create PATH EXTRA...`."""
    if path == "/dev/null":
        data = b""
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return None, f"Failed to read config file: {path}: {exc.strerror}\n", 3
    if extra:
        data += ("\n" + "".join(e + "\n" for e in extra) + "\n").encode()
    parsed = _oracle().parse(data, XL_KEYS, name=path)
    if not parsed.ok:
        return None, (parsed.errors + "\n" if parsed.errors else "") + "Failed to parse config: Invalid argument\n", 1
    values = {k: v for k, v in parsed.values.items() if v is not None}
    if not values.get("name"):
        return None, "Domain name must be specified.\n", 1
    return values, "", 0


def _int(value: Any, default: int) -> int:
    try:
        return int(str(value).strip("'\""))
    except (TypeError, ValueError):
        return default


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def disk_from_spec(spec: str, devid_of: Any) -> Disk | None:
    """'phy:/dev/vg/x,xvda,w' (xm and xl positional form) or 'target=...,vdev=...,access=...'."""
    parts = [p.strip() for p in spec.split(",")]
    keyed = dict(p.split("=", 1) for p in parts if "=" in p)
    if keyed:
        target, vdev = keyed.get("target", ""), keyed.get("vdev", "")
        mode = "r" if keyed.get("access", "rw") in ("r", "ro") else "w"
        backend = keyed.get("backendtype", "phy")
        cdrom = keyed.get("devtype") == "cdrom"
    else:
        if len(parts) < 3:
            return None
        target, vdev, mode = parts[0], parts[1], parts[2] or "w"
        backend = "file"
        for prefix in ("phy:", "file:", "tap:aio:", "tap:qcow:", "tap2:aio:", "tap:", "tap2:"):
            if target.startswith(prefix):
                backend, target = prefix.rstrip(":"), target[len(prefix):]
                break
        cdrom = vdev.endswith(":cdrom")
        vdev = vdev.split(":")[0]
    vdev = vdev.removeprefix("/dev/")
    return Disk(vdev, target, backend, mode, cdrom, devid_of(vdev))


def vif_from_spec(spec: str, devid: int) -> Vif:
    keyed = dict(p.strip().split("=", 1) for p in spec.split(",") if "=" in p)
    return Vif(devid, keyed.get("mac", f"00:16:3e:5a:00:{devid + 16:02x}"), keyed.get("bridge", "xenbr0"),
               keyed.get("model", ""), keyed.get("ip", ""))


def domain_fields(values: dict[str, Any], devid_of: Any) -> dict[str, Any]:
    memory = _int(values.get("memory"), 128)
    vcpus = _int(values.get("vcpus"), 1)
    disks = [d for d in (disk_from_spec(s, devid_of) for s in _list(values.get("disk"))) if d is not None]
    vifs = [vif_from_spec(s, i) for i, s in enumerate(_list(values.get("vif")))]
    hvm = str(values.get("builder", values.get("type", ""))).strip("'\"") == "hvm"
    return {"memory": memory, "maxmem": max(_int(values.get("maxmem"), memory), memory), "vcpus": vcpus,
            "max_vcpus": max(_int(values.get("maxvcpus"), vcpus), vcpus), "disks": disks, "vifs": vifs, "hvm": hvm}
