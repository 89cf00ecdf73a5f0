"""virsh's resource commands (libvirt 11.3.0 tools/virsh-domain.c, virsh-domain-monitor.c): setmem/setmaxmem
take a scaled size whose bare number is KiB (vshCommandOptScaledInt with scale 1024, virScaleInteger: k/M/G/T
with 1024, kB/MB with 1000, b for bytes), setvcpus, vcpupin, attach-/detach-disk, attach-/detach-interface,
domblklist, domiflist, schedinfo (libxl reports weight and cap), managedsave, dumpxml."""

from __future__ import annotations

from tests.sim import cli, facts
from tests.sim.base import Fake, Usage
from tests.sim.host import Disk, Domain, Vif
from tests.sim.xm_dev import cpu_list

_POWERS = {"k": 1, "m": 2, "g": 3, "t": 4, "p": 5, "e": 6}


def scaled_kib(text: str) -> int | None:
    """The size in KiB, rounded up, as virsh computes it; None when virsh rejects the value."""
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits == 0:
        return None
    value, suffix = int(text[:digits]), text[digits:]
    if not suffix:
        size = value * 1024
    elif suffix.lower() in ("b", "byte", "bytes"):
        size = value
    else:
        rest = suffix[1:]
        if not rest or rest.lower() == "ib":
            base = 1024
        elif rest.lower() == "b":
            base = 1000
        else:
            return None
        power = _POWERS.get(suffix[0].lower())
        if power is None:
            return None
        size = value * base ** power
    return -(-size // 1024)


class Failed(Exception):
    """A libvirt call failed: virsh's own line, then libvirt's error."""

    def __init__(self, first: str, libvirt: str = "") -> None:
        super().__init__(first)
        self.first, self.libvirt = first, libvirt


class VirshDevices(Fake):
    def arg(self, p: cli.Parsed, flag: str) -> str:
        value = p.value(flag)
        assert value is not None, f"virsh {self.command}: {flag} is required by the parser"
        return value

    def target(self, p: cli.Parsed) -> Domain:
        return self.dom(self.arg(p, "--domain"))

    def active(self, p: cli.Parsed, verb: str) -> Domain:
        dom = self.target(p)
        if not dom.active:
            raise Failed(f"Failed to {verb} domain '{dom.name}'", "Requested operation is not valid: "
                         "domain is not running")
        return dom

    def _size(self, p: cli.Parsed) -> int:
        text = p.value("--size") or ""
        kib = scaled_kib(text)
        if kib is None:
            raise Usage(f"Scaled numeric value '{text}' for <size> option is malformed or out of range")
        return kib

    def cmd_setmem(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        kib = self._size(p)
        self.act("mem-set", dom, mib=kib // 1024)
        dom.memory = min(kib // 1024, dom.maxmem)
        return 0

    def cmd_setmaxmem(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        kib = self._size(p)
        self.act("mem-max", dom, mib=kib // 1024)
        dom.maxmem = kib // 1024
        return 0

    def cmd_setvcpus(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        count = p.value("--count") or ""
        if not count.isdigit():
            raise Usage(f"Numeric value '{count}' for <count> option is malformed or out of range")
        self.act("vcpu-set", dom, count=int(count))
        dom.vcpus = min(int(count), dom.max_vcpus)
        return 0

    def cmd_vcpupin(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        vcpu, cpus = p.value("--vcpu"), p.value("--cpulist")
        if vcpu is None or cpus is None:
            self.rec.query("vcpupin", dom.name)
            rows = facts.vcpus("virsh", self.host, dom)
            self.out.table("vcpupin", [], rows if vcpu is None else [r for r in rows if str(r["vcpu-number"]) == vcpu])
            return 0
        spec = cpu_list(cpus)
        self.act("vcpu-pin", dom, vcpu=vcpu, cpus=spec)
        if vcpu.isdigit() and int(vcpu) < len(dom.cpumaps):
            dom.cpumaps[int(vcpu)] = spec
        return 0

    def cmd_vcpuinfo(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        self.rec.query("vcpuinfo", dom.name)
        for i, row in enumerate(facts.vcpus("virsh", self.host, dom)):
            if i:
                self.out.out("\n")
            self.out.key_values("vcpuinfo", [], {**row, "vcpu-time": f"{row['vcpu-time']:.1f}s"})
        return 0

    # -- disks -----------------------------------------------------------------------------------------------
    def cmd_attach_disk(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        source, target = p.value("--source") or "", p.value("--target") or ""
        mode = "r" if p.value("--mode") == "readonly" else "w"
        cdrom = p.value("--type") == "cdrom"
        if any(d.vdev == target for d in dom.disks):
            raise Usage(f"Failed to attach disk\nerror: operation failed: target {target} already exists")
        disk = Disk(target, source, "phy" if source.startswith("/dev/") else "file", mode, cdrom,
                    facts.vdev_number(target))
        dom.disks.append(disk)
        self.act("block-attach", dom, vdev=target, target=source, mode=mode, cdrom=cdrom or None)
        self.out.message("attach-disk", [], "Disk attached")
        return 0

    def cmd_detach_disk(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        target = p.value("--target") or ""
        disk = next((d for d in dom.disks if d.vdev == target or d.target == target), None)
        if disk is None:
            raise Usage(f"Failed to detach disk\nerror: No disk found whose source path or target is {target}")
        dom.disks.remove(disk)
        self.act("block-detach", dom, vdev=disk.vdev)
        self.out.message("detach-disk", [], "Disk detached")
        return 0

    def cmd_domblklist(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        self.rec.query("block-list", dom.name)
        flags = ["--details"] if p.has("--details") else []
        self.out.table("domblklist", flags, [facts.disk("virsh", dom, d) for d in dom.disks])
        return 0

    # -- interfaces ------------------------------------------------------------------------------------------
    def cmd_attach_interface(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        devid = max((v.devid for v in dom.vifs), default=-1) + 1
        mac = p.value("--mac")
        vif = Vif(devid, mac or f"00:16:3e:5a:00:{devid + 16:02x}", p.value("--source") or "xenbr0",
                  p.value("--model") or "")
        dom.vifs.append(vif)
        self.act("network-attach", dom, mac=mac, bridge=vif.bridge)
        self.out.message("attach-interface", [], "Interface attached")
        return 0

    def cmd_detach_interface(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        mac = (p.value("--mac") or "").lower()
        hits = [v for v in dom.vifs if not mac or v.mac.lower() == mac]
        if len(hits) != 1:
            raise Usage("Failed to detach interface\nerror: operation failed: no interface found" if not hits
                        else "Domain has 2 interfaces. Please specify which one to detach using --mac")
        dom.vifs.remove(hits[0])
        self.act("network-detach", dom, mac=hits[0].mac)
        self.out.message("detach-interface", [], "Interface detached")
        return 0

    def cmd_domiflist(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        self.rec.query("network-list", dom.name)
        self.out.table("domiflist", [], [facts.vif("virsh", dom, i) for i in range(len(dom.vifs))])
        return 0

    # -- scheduler -------------------------------------------------------------------------------------------
    def cmd_schedinfo(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        weight, cap = p.value("--weight"), p.value("--cap")
        sets = [v.split("=", 1) for v in [p.value("--set") or ""] if "=" in v]
        for key, value in sets:
            weight, cap = (value, cap) if key == "weight" else (weight, value if key == "cap" else cap)
        if weight is not None or cap is not None:
            self.act("sched-credit", dom, weight=int(weight) if weight else None, cap=int(cap) if cap else None)
            dom.weight = int(weight) if weight else dom.weight
            dom.cap = int(cap) if cap else dom.cap
        else:
            self.rec.query("sched-credit", dom.name)
        self.out.key_values("schedinfo", [], {"scheduler": "credit", "sched-weight": dom.weight,
                                              "sched-cap": dom.cap})
        return 0

    def cmd_managedsave(self, p: cli.Parsed) -> int:
        dom = self.active(p, "save")
        self.save(dom, f"/var/lib/libvirt/libxl/save/{dom.name}.save")
        self.out.message("managedsave", [], "Domain '%s' state saved", dom.name)
        return 0
