"""`--set NAME=VALUE`: the NAME=VALUE words `xm create FILE` took after the file name.

Facts (RELEASE-4.4.4 tools/python/xen/xm/opts.py Opts.parse/load, create.py parseCommandLine): a NAME that is one of
xm's own options (memory, disk, vif... every `gopts.var` of create.py) sets that option, and the file's own
assignment to it is then ignored -- the command line wins; list options (disk, vif, pci...) collect every
occurrence.  Any other NAME (Xen's examples use vmid) becomes a variable the file can read, as a string.
Option values are converted the way xm did: set_int/set_long need a number, set_bool takes yes/y/no/n.
"""

from __future__ import annotations

from xlref.config.model import Config, Entry, Span, Value

_BOOL = {"vncviewer", "vncconsole", "memory_sharing", "blkif", "netif", "monitor", "localtime", "usb", "stdvga",
         "isa", "nographic", "vncunused", "suppress_spurious_page_faults"}
_INT = {"memory", "maxmem", "shadow_memory", "cpu", "rtc_timeoffset", "pae", "hpet", "timer_mode", "tsc_mode",
        "nomigrate", "vpt_align", "viridian", "acpi", "apic", "vcpus", "vhpt", "cpu_cap", "cpu_weight", "nics",
        "videoram", "target", "hap", "nestedhvm", "s3_integrity", "oos", "machine_address_size",
        "pci_msitranslate", "pci_power_mgmt", "xen_platform_pci", "superpages", "vcpu_avail"}
_APPEND = {"disk", "pci", "vscsi", "vusb", "ioports", "irq", "vfb", "vif", "vif2", "access_control", "cpuid",
           "cpuid_check"}
SOURCE = "given on the command line (--set, as `xm create FILE NAME=VALUE`)"


class SetError(ValueError):
    pass


def parse_sets(items: list[str]) -> list[tuple[str, str]]:
    """["vmid=3", ...] -> [("vmid", "3")]; xm split at the first '=' and stripped both sides."""
    out = []
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise SetError(f"--set {item!r}: expected NAME=VALUE (for example --set vmid=3)")
        out.append((name, value.strip()))
    return out


def split_sets(pairs: list[tuple[str, str]], options: set[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(variables the file can read, xm options that override the file)."""
    variables: dict[str, str] = {}
    opts: list[tuple[str, str]] = []
    for name, value in pairs:
        if name in options:
            opts.append((name, value))
        else:
            variables[name] = value
    return variables, opts


def option_value(name: str, value: str) -> int | str:
    if name in _INT:
        try:
            return int(value)
        except ValueError as err:
            raise SetError(f"--set {name}={value}: xm wanted a number here (Invalid value)") from err
    if name in _BOOL:
        if value in ("yes", "y"):
            return 1
        if value in ("no", "n"):
            return 0
        raise SetError(f"--set {name}={value}: xm took only yes, y, no or n here (Invalid value)")
    return value


def apply_options(cfg: Config, opts: list[tuple[str, str]]) -> None:
    """The command line wins over the file: earlier assignments become ignored, one entry per option is added."""
    values: dict[str, Value] = {}
    for name, raw in opts:
        value = option_value(name, raw)
        if name in _APPEND:
            old = values.get(name)
            values[name] = (old if isinstance(old, list) else []) + [value]
        else:
            values[name] = value
    for entry in cfg.entries:
        if entry.key in values and entry.ignored is None:
            entry.ignored = "the command line (--set) gives this option; xm ignored the file's value"
    line = cfg.text.count("\n") + 1
    for name, given in values.items():
        span = Span(line, 1, line, 1)
        cfg.entries.append(Entry(name, given, span, span, computed=SOURCE, value_span=span))


def read_with_sets(text: str, path: str, pairs: list[tuple[str, str]]) -> Config:
    """read_config, with --set applied the way `xm create FILE NAME=VALUE...` applied it."""
    from xlref.config.keytable import key_table
    from xlref.config.read import read_config

    variables, opts = split_sets(pairs, set(key_table().xm) or _BOOL | _INT | _APPEND)
    cfg = read_config(text, path, variables)
    if opts:
        apply_options(cfg, opts)
    return cfg
