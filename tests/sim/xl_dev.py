"""xl's resource commands (RELEASE-4.22.0): xl_mem.c (parse_mem_size_kb: a bare number is MiB, b/k/m/g/t
suffixes; "invalid memory size: %s"), xl_vcpu.c (vcpu-set, vcpu-pin), xl_block.c (block-attach parses its
words as one disk spec with libxlutil; block-detach "Error: Device %s not connected."; block-list skips an
unknown domain with "%s is an invalid domain identifier" and exits 0), xl_nic.c ("Unknown device %s."),
xl_sched.c (sched-credit)."""

from __future__ import annotations

from tests.sim import cli, configs, facts
from tests.sim.base import Fake, NoDomain, Usage
from tests.sim.host import Disk, Domain
from tests.sim.xm_dev import cpu_list

_SHIFT = {"t": 30, "g": 20, "m": 10, "": 10, "k": 0}


def mem_kb(text: str) -> int | None:
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits == 0 or len(text) - digits > 1:
        return None
    value, suffix = int(text[:digits]), text[digits:].lower()
    if suffix == "b":
        return value >> 10
    if suffix not in _SHIFT:
        return None
    return value << _SHIFT[suffix]


class XlDevices(Fake):
    def _mem(self, p: cli.Parsed, op: str) -> int:
        dom = self.dom(p.args[0])
        kb = mem_kb(p.args[1])
        if kb is None:
            self.out.err(f"invalid memory size: {p.args[1]}\n")
            return 1
        self.act(op, dom, mib=kb // 1024)
        if op == "mem-set":
            dom.memory = min(kb // 1024, dom.maxmem)
        else:
            dom.maxmem = kb // 1024
        return 0

    def cmd_mem_set(self, p: cli.Parsed) -> int:
        return self._mem(p, "mem-set")

    def cmd_mem_max(self, p: cli.Parsed) -> int:
        return self._mem(p, "mem-max")

    def cmd_vcpu_set(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        if not p.args[1].isdigit():
            self.out.err("Error: Invalid argument.\n")
            return 1
        count = int(p.args[1])
        self.act("vcpu-set", dom, count=count)
        dom.vcpus = min(count, dom.max_vcpus)
        return 0

    def cmd_vcpu_pin(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        vcpu = p.args[1]
        if vcpu != "all" and not vcpu.isdigit():
            self.out.err(f"Error: Invalid argument {vcpu} as VCPU.\n")
            return 1
        cpus = cpu_list(p.args[2])
        self.act("vcpu-pin", dom, vcpu=vcpu, cpus=cpus)
        for n in range(dom.max_vcpus) if vcpu == "all" else [int(vcpu)]:
            if n < len(dom.cpumaps):
                dom.cpumaps[n] = cpus
        return 0

    # -- block devices ---------------------------------------------------------------------------------------
    def cmd_block_attach(self, p: cli.Parsed) -> int:
        dom = self.find(p.args[0])
        if dom is None:
            self.out.err(f"{p.args[0]} is an invalid domain identifier\n")
            return 1
        parsed = configs._oracle().parse_disk(",".join(p.args[1:]))
        if not parsed.ok or not parsed.vdev:
            self.out.err((parsed.errors + "\n" if parsed.errors else "") + "libxl_device_disk_add failed.\n")
            return 1
        vdev = parsed.vdev.removeprefix("/dev/")
        disk = Disk(vdev, parsed.target or "", parsed.backend, "w" if parsed.readwrite else "r", parsed.cdrom,
                    facts.vdev_number(vdev))
        if any(d.vdev == disk.vdev for d in dom.disks):
            self.out.err("libxl: error: device already exists in xenstore\nlibxl_device_disk_add failed.\n")
            return 1
        dom.disks.append(disk)
        self.act("block-attach", dom, vdev=disk.vdev, target=disk.target, mode=disk.mode[:1],
                 cdrom=disk.cdrom or None)
        return 0

    def cmd_block_detach(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        which = p.args[1]
        number = facts.vdev_number(which)
        disk = next((d for d in dom.disks if d.vdev == which or (number and facts.vdev_number(d.vdev) == number)),
                    None)
        if disk is None:
            self.out.err(f"Error: Device {which} not connected.\n")
            return 1
        dom.disks.remove(disk)
        self.act("block-detach", dom, vdev=disk.vdev)
        return 0

    def _each(self, names: list[str], command: str) -> list[Domain]:
        found: list[Domain] = []
        for name in names:
            dom = self.find(name)
            if dom is None:
                self.out.error(command, "invalid-domain-continue", name)
                continue
            found.append(dom)
        return found

    def cmd_block_list(self, p: cli.Parsed) -> int:
        rows = []
        for dom in self._each(p.args, "block-list"):
            self.rec.query("block-list", dom.name)
            rows += [facts.disk("xl", dom, d) for d in dom.disks]
        self.out.table("block-list", [], rows)
        return 0

    # -- network devices -------------------------------------------------------------------------------------
    def cmd_network_attach(self, p: cli.Parsed) -> int:
        self.attach_vif(self.dom(p.args[0]), p.args[1:])
        return 0

    def cmd_network_detach(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        vif = self.find_vif(dom, p.args[1])
        if vif is None:
            self.out.err(f"Unknown device {p.args[1]}.\n")
            return 1
        self.detach_vif(dom, vif)
        return 0

    def cmd_network_list(self, p: cli.Parsed) -> int:
        """xl_nic.c main_networklist: the header first, then find_domain per name, which exits at the first
        unknown one (after what was printed so far)."""
        rows = []
        missing = None
        for name in p.args:
            dom = self.find(name)
            if dom is None:
                missing = name
                break
            self.rec.query("network-list", dom.name)
            rows += [facts.vif("xl", dom, i) for i in range(len(dom.vifs))]
        self.out.table("network-list", [], rows)
        if missing is not None:
            raise NoDomain(missing)
        return 0

    # -- scheduler and odd ones ------------------------------------------------------------------------------
    def cmd_sched_credit(self, p: cli.Parsed) -> int:
        target = p.value("-d")
        weight, cap = p.value("-w"), p.value("-c")
        if weight is None and cap is None:
            doms = [self.dom(target)] if target else self.domains()
            self.rec.query("sched-credit", target)
            if target is None:
                self.out.message("sched-credit", [], "Cpupool %s", "Pool-0", 30, 1000, 0)
            self.out.table("sched-credit", ["-d"] if target else [], [self.row(d) for d in doms])
            return 0
        if target is None:
            raise NoDomain("")
        dom = self.dom(target)
        try:
            self.act("sched-credit", dom, weight=int(weight) if weight else None, cap=int(cap) if cap else None)
        except ValueError as exc:
            raise Usage("Invalid argument.\n") from exc
        dom.weight = int(weight) if weight else dom.weight
        dom.cap = int(cap) if cap else dom.cap
        return 0

    def cmd_rename(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        self.act("rename", dom, to=p.args[1])
        dom.name = p.args[1]
        return 0

    def cmd_sysrq(self, p: cli.Parsed) -> int:
        self.act("sysrq", self.dom(p.args[0]), key=p.args[1])
        return 0
