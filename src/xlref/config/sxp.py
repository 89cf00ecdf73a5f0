"""xend S-expression (SXP) domain configs, as `xm create -F` / `xm new -F` read them, `xm list -l` printed them
and xend stored them under /var/lib/xend/domains/<uuid>/config.sxp.  Neither xl nor libvirt reads SXP; this maps
the fields onto xm config keys so `xlref config convert` can still write an xl config or libvirt XML (SUSE's
xen2libvirt did the same).

Facts of xend (RELEASE-4.4.4 tools/python/xen/xend/XendConfig.py, XendDomain.managed_config_save):
- the managed store is written with to_sxp(legacy_only=False): besides the legacy keys (name, vcpus, memory,
  on_crash...) it holds their Xen-API twins (name_label, VCPUs_max, memory_static_max in bytes, actions_after_*,
  PV_*, HVM_boot_params, a `platform` dict...).  A twin only counts when its legacy key is missing;
- xend looked keys up with sxp.child_value, which takes the first occurrence: a repeat is ignored;
- `cpus` is a list of lists there, one cpu list per vCPU (`(cpus ((2 3) ()))`; `()` is no pinning);
- `vcpu_avail` is the bitmask of vCPUs online at start (xm create's maxvcpus, or `xm vcpu-set`);
- `vcpus_params` holds the credit scheduler's weight and cap;
- an empty value (`(kernel '')`, `(bootloader )`) means the setting is not set.
"""

from __future__ import annotations

import re

from xlref.config.model import Config, Entry, Span, Value
from xlref.config.sxpread import Atom, Form, Node, SxpError, head, parse_sxp

_IMAGE_RENAMES = {"args": "extra"}
#: runtime state and bookkeeping, never a setting
_SKIP = {"domid", "cpu_time", "online_vcpus", "start_time", "status", "state", "shutdown_reason", "store_mfn",
         "console_mfn", "notes", "features", "image", "VCPUs_live", "resident_on", "is_a_template", "user_version",
         "tools_version", "other_config", "HVM_boot_policy", "PCI_bus", "memory_static_min", "memory_dynamic_min",
         "VCPUs_at_startup", "auto_power_on"}
#: Xen-API twin -> (legacy key, divisor): used only when the legacy key itself is missing
_TWINS = {"name_label": ("name", 1), "memory_static_max": ("maxmem", 1 << 20),
          "memory_dynamic_max": ("memory", 1 << 20), "VCPUs_max": ("vcpus", 1),
          "actions_after_shutdown": ("on_poweroff", 1),
          "actions_after_reboot": ("on_reboot", 1), "actions_after_crash": ("on_crash", 1),
          "PV_bootloader": ("bootloader", 1), "PV_bootloader_args": ("bootloader_args", 1), "PV_kernel": ("kernel", 1),
          "PV_ramdisk": ("ramdisk", 1), "PV_args": ("extra", 1), "name_description": ("description", 1),
          "Description": ("description", 1)}
#: xend's key -> the xm config key of the same setting
_RENAMES = {"pool_name": "pool"}
_EMPTY_IS_UNSET = {"kernel", "ramdisk", "bootloader", "bootloader_args", "extra", "root", "loader",
                   "device_model", "description", "pool", "security_label", "cpus"}
#: devices xend kept that carry nothing of their own: the PV console and keyboard come with the guest and its vfb
_IMPLIED_DEVICES = {"console", "vkbd"}
_VIF_KEYS = ("mac", "bridge", "script", "model", "type", "vifname", "ip", "rate")
_VFB_KEYS = ("type", "vncunused", "vnclisten", "vncdisplay", "vncpasswd", "display", "xauthority", "keymap")


def _value(atom: Atom) -> Value:
    if re.fullmatch(r"[0-9]+", atom.text):
        return int(atom.text)
    return atom.text


def _pairs(node: Form) -> list[tuple[str, Atom]]:
    """(key value) children with a single atom value; `(key)` alone is an empty value."""
    out = []
    for child in node[1:]:
        if isinstance(child, Form) and child and isinstance(child[0], Atom):
            if len(child) == 2 and isinstance(child[1], Atom):
                out.append((child[0].text, child[1]))
            elif len(child) == 1:
                out.append((child[0].text, Atom("", child.line, child.column)))
    return out


def _dict_pairs(node: Form) -> list[tuple[str, Atom]]:
    """A dict as to_sxp(legacy_only=False) writes it: `(platform ((acpi 1) (apic 1)))`."""
    if len(node) == 2 and isinstance(node[1], Form):
        inner = Form(node.line, node.column)
        inner.append(Atom("", node.line, node.column))
        inner.extend(node[1])
        return _pairs(inner)
    return _pairs(node)


def _cpus(node: Form) -> list[str] | None:
    """`(cpus ((2 3) () (4)))` -> ["2,3", "all", "4"]; None when no vCPU is pinned."""
    if len(node) != 2 or not isinstance(node[1], Form):
        return None
    lists = [[a.text for a in vcpu if isinstance(a, Atom)] if isinstance(vcpu, Form) else [vcpu.text]
             for vcpu in node[1]]
    if not any(lists):
        return None
    return [",".join(cpus) if cpus else "all" for cpus in lists]


class _Builder:
    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.first: dict[str, tuple[int, Value]] = {}
        self.hvm = False

    def add(self, key: str, value: Value, atom: Atom | Form, fallback: bool = False) -> None:
        """Record `key`; a fallback (a Xen-API twin, the platform dict) only fills in a key not given yet."""
        key = _RENAMES.get(key, key)
        if value == "" and key in _EMPTY_IS_UNSET:
            return
        if key in self.first:
            line, first = self.first[key]
            if not fallback and first != value:
                self.drop(atom.line, f"({key} ...): repeated; xend read only the first, at line {line}")
            return
        self.first[key] = (atom.line, value)
        width = len(atom.text) if isinstance(atom, Atom) else 1
        span = Span(atom.line, atom.column, atom.line, atom.column + width)
        self.cfg.entries.append(Entry(key, value, span, span, value_span=span))

    def drop(self, line: int, why: str) -> None:
        self.cfg.dropped.append((Span(line, 1, line, 2), why))


def sxp_entries(cfg: Config) -> None:
    """Fill cfg.entries from cfg.text (an SXP file).  Raises SxpError when the text is not SXP."""
    top = [n for n in parse_sxp(cfg.text) if head(n) in ("vm", "domain")]
    if not top or not isinstance(top[0], Form):
        raise SxpError(1, "no (vm ...) or (domain ...) expression")
    root = top[0]
    b = _Builder(cfg)
    devices: dict[str, list[Value]] = {"disk": [], "vif": [], "vfb": [], "pci": []}
    twins: list[tuple[str, Atom]] = []
    later: list[tuple[str, Atom]] = []  # the platform dict: the image's own keys come first
    image = next((c for c in root[1:] if head(c) == "image"), None)
    if isinstance(image, Form) and len(image) > 1 and isinstance(image[1], Form):
        _image(b, image[1], devices)
    for key, atom in _pairs(root):
        if key == "uuid" and re.fullmatch(r"[0-9a-fA-F]{32}", atom.text):
            # older xend wrote uuids without dashes; xl's parser wants the 8-4-4-4-12 form (same uuid)
            t = atom.text
            b.add(key, f"{t[:8]}-{t[8:12]}-{t[12:16]}-{t[16:20]}-{t[20:]}", atom)
        elif key in _TWINS:
            twins.append((key, atom))
        elif key == "vcpu_avail":
            later.append((key, atom))
        elif key == "pool_name" and atom.text == "Pool-0":
            continue  # the default cpupool, under xm and xl alike
        elif key not in _SKIP:
            b.add(key, _value(atom), atom)
    for child in root[1:]:
        name = head(child)
        if not isinstance(child, Form):
            continue
        if name == "cpus" and (pins := _cpus(child)) is not None:
            b.add("cpus", list(pins), child)
        elif name == "vcpus_params":
            # xend always wrote both; its defaults (weight 256, no cap) are xl's and libvirt's too
            for key, atom in _dict_pairs(child):
                if (key, atom.text) in (("weight", "256"), ("cap", "0")):
                    continue
                if key in ("weight", "cap"):
                    twins.append(("cpu_" + key, atom))
        elif name == "platform":
            later += _dict_pairs(child)
        elif name == "HVM_boot_params":
            later += [("boot", a) for k, a in _dict_pairs(child) if k == "order"]
        elif name == "device" and len(child) > 1 and isinstance(child[1], Form):
            _device(b, child[1], devices)
        elif name not in _SKIP and name not in ("cpus", "vcpus_params", "platform", "HVM_boot_params") and \
                not (len(child) == 2 and isinstance(child[1], Atom)) and len(child) > 1:
            b.drop(child.line, f"({name} ...): a structured xend setting (a list or a dict) xlref does not "
                               "convert; carry it over by hand if it matters")
    for key, atom in twins:
        legacy, divisor = _TWINS.get(key, (key, 1))
        value = _value(atom)
        b.add(legacy, value // divisor if isinstance(value, int) and divisor > 1 else value, atom, fallback=True)
    for key, atom in later:
        if key == "vcpu_avail":
            _vcpu_avail(b, atom)
        else:
            b.add(key, _value(atom), atom, fallback=True)
    anchor = root[0] if isinstance(root[0], Atom) else Atom("vm", 1, 1)
    for key, values in devices.items():
        if values:
            b.add(key, values, anchor)


def _image(b: _Builder, image: Form, devices: dict[str, list[Value]]) -> None:
    kind = head(image) or "linux"
    b.hvm = kind == "hvm"
    if isinstance(image[0], Atom):
        b.add("builder", "hvm" if b.hvm else "linux", image[0])
    for key, atom in _pairs(image):
        if key == "cdrom" and b.hvm:
            # Xen 3.0's HVM cdrom was passed to qemu-dm as -cdrom, the IDE drive hdc (RELEASE-3.0.0 image.py)
            devices["disk"].append(f"file:{atom.text},hdc:cdrom,r")
            continue
        b.add(_IMAGE_RENAMES.get(key, key), _value(atom), atom)


def _device(b: _Builder, dev: Form, devices: dict[str, list[Value]]) -> None:
    kind = head(dev)
    kv = {k: a.text for k, a in _pairs(dev)}
    if kind in ("vbd", "tap", "tap2"):
        devices["disk"].append(f"{kv.get('uname', '')},{kv.get('dev', '')},{kv.get('mode', 'w')}")
    elif kind == "vif":
        devices["vif"].append(",".join(f"{k}={v}" for k, v in kv.items() if k in _VIF_KEYS))
    elif kind == "vfb":
        if b.hvm and ("vnc" in b.first or "sdl" in b.first):
            b.drop(dev.line, "(device (vfb ...)): xend's record of this HVM guest's display; the image's vnc/sdl "
                             "keys carry it")
            return
        devices["vfb"].append(",".join(f"{k}={v}" for k, v in kv.items() if k in _VFB_KEYS))
    elif kind == "pci":
        for sub in dev[1:]:
            if head(sub) == "dev" and isinstance(sub, Form):
                d = {k: a.text for k, a in _pairs(sub)}
                try:
                    dom, bus, slot, func = (int(d.get(f, "0"), 16) for f in ("domain", "bus", "slot", "func"))
                except ValueError as err:
                    raise SxpError(sub.line, f"bad PCI address in SXP: {d}") from err
                devices["pci"].append(f"{dom:04x}:{bus:02x}:{slot:02x}.{func:x}")
    elif kind not in _IMPLIED_DEVICES:
        b.drop(dev.line, f"(device ({kind} ...)): xlref does not convert xend's {kind} devices; add it to the new "
                         "config by hand")


def _vcpu_avail(b: _Builder, atom: Atom) -> None:
    """vcpu_avail = 2**k - 1 with k < vcpus: k vCPUs online at start, the rest hot-pluggable (xl: maxvcpus)."""
    vcpus = next((e.value for e in b.cfg.entries if e.key == "vcpus"), 1)
    try:
        mask = int(atom.text, 0)
    except ValueError:
        b.drop(atom.line, f"vcpu_avail {atom.text!r}: not a number")
        return
    if not isinstance(vcpus, int) or mask & ((1 << vcpus) - 1) == (1 << vcpus) - 1:
        return  # every vCPU online: the plain vcpus count says it
    online = bin(mask & ((1 << vcpus) - 1)).count("1") or 1
    if mask != (1 << online) - 1:
        b.drop(atom.line, f"vcpu_avail {mask:#x}: xend had vCPUs other than the first {online} online; xl and libvirt "
                          f"start the first {online}")
    b.add("maxvcpus", vcpus, atom)
    for entry in b.cfg.entries:
        if entry.key == "vcpus":
            entry.value = online


__all__ = ["Node", "SxpError", "sxp_entries"]
