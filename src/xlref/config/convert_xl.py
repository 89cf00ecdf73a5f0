"""native config -> a literal xl.cfg that xl reads the way xm (or xl) read the original.

One assignment per key with its effective value (later assignments win, xl's += applied), comments kept, keys
renamed, xm-only keys commented out with the reason, and xm's meaning made explicit where xl differs (xmsem):
device_model, HVM kernel = hvmloader, the kernel-argument keys, phy:NAME disks, xend's hpet=0 and 128 MiB
defaults, a missing name.  Everything left out is listed in the warnings with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from xlref.config.convert_keys import convert_key
from xlref.config.disklex import parse_disk
from xlref.config.keytable import KeyTable
from xlref.config.model import Config, Entry, Value, unresolved_in
from xlref.config.reader import ConversionError
from xlref.config.render import render_value
from xlref.config.render import xl_line as line
from xlref.config.specs import SpecError
from xlref.config.xmdisk import xm_to_xl
from xlref.config.xmsem import (
    KERNEL_ARG_KEYS,
    XEND_HPET_DEFAULT,
    XM_MEMORY_DEFAULT,
    default_name,
    device_model,
    is_hvm,
    xm_extra,
)


@dataclass
class XlWriter:
    cfg: Config
    sem: str  # "xm" or "xl": whose meaning the source has
    table: KeyTable
    warnings: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)

    def where(self, entry: Entry) -> str:
        return f"{self.cfg.path}:{entry.span.line}"

    def convert(self) -> str:
        cfg = self.cfg
        effective = cfg.values()
        last = {e.key: e for e in cfg.entries if e.ignored is None}
        out: list[str] = []
        if self.sem == "xm" and "name" not in effective and (name := default_name(cfg.path)):
            out.append(line("name", name) + "  # xlref: xm create named the guest after its config file")
            self.warnings.append(f"{cfg.path}: name not set; written as {name!r}, the name xm create gave it")
        elif "name" not in effective:
            self.blockers.append(f"{cfg.path}: no name, and xl refuses a config without one ('Domain name must be "
                                 "specified'); give --set name=NAME (as `xm create FILE name=NAME` did), or --from xm "
                                 "if xm named the guest after its file")
        lines = cfg.text.splitlines()
        done = 0
        for entry in cfg.entries:
            if entry.ignored is not None or last[entry.key] is not entry:
                self._skipped(entry, last)
                continue
            out += [lines[n - 1].strip() for n in range(done + 1, entry.span.line) if n in cfg.comments]
            done = max(done, entry.span.end_line)
            final = replace(entry, value=effective[entry.key], op="=")
            for text in self.entry(final, effective):
                note = f"  #{entry.comment}" if entry.comment and not text.startswith("#") else ""
                out.append(text + note)
        out += [lines[n - 1].strip() for n in range(done + 1, len(lines) + 1) if n in cfg.comments]
        out += self.defaults(effective)
        for span, why in cfg.dropped:
            self.warnings.append(f"{cfg.path}:{span.line}: dropped {why}")
        if self.blockers:
            raise ConversionError("no xl config keeps this guest's meaning:\n  "
                                  + "\n  ".join(self.blockers))
        tidy = [text for i, text in enumerate(out) if text or (i and out[i - 1])]  # one blank line at most
        while tidy and not tidy[-1]:
            tidy.pop()
        return "\n".join(tidy) + "\n"

    def _skipped(self, entry: Entry, last: dict[str, Entry]) -> None:
        if entry.ignored is not None:
            self.warnings.append(f"{self.where(entry)}: dropped {entry.key}: {entry.ignored}")
        elif entry.op != "+=":
            self.warnings.append(f"{self.where(entry)}: dropped {entry.key}: assigned again at line "
                                 f"{last[entry.key].span.line}; xm and xl both use the last assignment")

    def defaults(self, effective: dict[str, Value]) -> list[str]:
        """xm's defaults that xl does not share, written out so the guest keeps them."""
        if self.sem != "xm":
            return []
        extra: list[str] = []
        if "memory" not in effective:
            extra.append(line("memory", XM_MEMORY_DEFAULT) + "  # xlref: xm's default (xl's is 32)")
        hvm = is_hvm(effective)
        if hvm and "hpet" not in effective:
            extra.append(line("hpet", XEND_HPET_DEFAULT) + "  # xlref: xend's default for HVM (xl's is 1)")
        if extra:
            self.warnings.append(f"{self.cfg.path}: xm defaults that differ in xl written out: "
                                 + ", ".join(e.split(" = ")[0] for e in extra))
        return ["", "# xlref: xm's defaults, which xl does not share", *extra] if extra else []

    def entry(self, entry: Entry, effective: dict[str, Value]) -> list[str]:
        key, value = entry.key, entry.value
        if key == "device_model" and self.sem == "xm":
            policy = device_model(value, effective.get("builder") in ("hvm", "vmx"))
            self.warnings.append(f"{self.where(entry)}: {policy.message}")
            shown = render_value(value) if unresolved_in(value) is None else getattr(value, "source", "")
            return [f"# xlref: {key} = {shown} dropped (see the warning)", *[line(k, v) for k, v in policy.xl],
                    *[f"# xlref: to keep more of it, with a risk: {line(k, v)}" for k, v in policy.suggest]]
        unres = unresolved_in(value)
        known = self.table.known(key)
        if unres is not None:
            if known and not (self.sem == "xm" and key in self.table.xm and not self.table.xl_reads(key)):
                self.blockers.append(f"{self.where(entry)}: {key}: {unres.reason}")
                return []
            self.warnings.append(f"{self.where(entry)}: dropped {key}: its value needs running the file "
                                 f"({unres.reason}) and nothing written depends on it")
            return [f"# xlref: dropped {key} = {unres.source} (needs running the file)"]
        return convert_key(self, entry, effective)

    def kernel_args(self, entry: Entry, effective: dict[str, Value]) -> list[str]:
        """extra as xend built it from ip, netmask... (the keys themselves are commented out)."""
        try:
            extra, used = xm_extra(effective)
        except ValueError as err:
            raise ConversionError(f"{self.where(entry)}: {err}") from err
        # extra goes where extra was, or else where the first kernel-argument key was
        first = "extra" if "extra" in effective else next(k for k in effective if k in KERNEL_ARG_KEYS)
        out = []
        if entry.key in KERNEL_ARG_KEYS:
            out.append(f"# xlref: {entry.key} = {render_value(entry.value)} is part of extra below (xm put it on "
                       "the kernel command line)")
        if entry.key == first and extra is not None:
            out.append(line("extra", extra))
            if used:
                self.warnings.append(f"{self.where(entry)}: {', '.join(used)}: xl ignores these xm keys; their "
                                     f"kernel arguments are written into extra = {extra!r} as xm built them")
        return out

    def disks(self, entry: Entry) -> list[str]:
        specs = entry.value if isinstance(entry.value, list) else [entry.value]
        fixed: list[Value] = []
        for spec in specs:
            spec = str(spec)
            try:
                if self.sem == "xm":
                    new, notes = xm_to_xl(spec)
                    self.warnings += [f"{self.where(entry)}: {n}" for n in notes]
                else:
                    disk = parse_disk(spec)
                    if not disk.ok:
                        raise SpecError(f"disk {spec!r}: xl rejects it ({'; '.join(disk.errors)}); write it "
                                        "in the key=value form, e.g. format=qcow2,vdev=hda,access=rw,target=PATH")
                    new = spec
            except SpecError as err:
                self.blockers.append(f"{self.where(entry)}: {err}")
                continue
            fixed.append(new)
        return [line("disk", fixed)]
