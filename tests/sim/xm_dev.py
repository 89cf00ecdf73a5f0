"""xm's resource commands: memory, vCPUs, block and network devices, and a few odd ones.
Sources (RELEASE-4.4.4 tools/python/xen/xm/main.py): int_unit (a bare number is MiB, k/m/g suffixes),
xm_vcpu_pin (cpu_make_map), parse_block_configuration, xm_block_list, xm_network_attach, xm_network_list,
detach (a third word other than -f/--force prints "Ignoring option X"), xm_dump_core."""

from __future__ import annotations

from tests.sim import cli, configs, facts, sxp
from tests.sim.base import Fake, Usage
from tests.sim.host import Disk, Domain


def int_unit(text: str, dest: str) -> int:
    """main.py int_unit: the value in unit `dest` (k, m), from a number with an optional K/M/G suffix."""
    bases = {"g": 1024 ** 3, "m": 1024 ** 2, "k": 1024}
    suffix = text[-1:].lower()
    if not suffix.isalpha():
        return int(text)
    base = bases.get(suffix, 1)
    value = int(text[:-1])
    dst = bases.get(dest, 1)
    return value // (dst // base) if dst > base else value * (base // dst)


def cpu_list(spec: str) -> str:
    """cpu_make_map: '0-3,^2' -> '0,1,3'; 'all' -> every CPU."""
    if spec == "all":
        return "all"
    cpus: list[int] = []
    for part in spec.split(","):
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-")
            cpus.extend(range(int(lo), int(hi) + 1))
        elif part.startswith("^"):
            cpus = [c for c in cpus if c != int(part[1:])]
        else:
            cpus.append(int(part))
    return ",".join(str(c) for c in sorted(set(cpus)))


class XmDevices(Fake):
    def _live(self, qualifier: str) -> Domain:
        dom = self.dom(qualifier)
        if not dom.active:
            raise Usage("Domain is not running")
        return dom

    def _number(self, text: str, dest: str) -> int:
        try:
            return int_unit(text, dest)
        except ValueError as exc:
            raise Usage("Invalid argument.") from exc

    def cmd_mem_set(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        mib = self._number(p.args[1], "m")
        self.act("mem-set", dom, mib=mib)
        dom.memory = min(mib, dom.maxmem)
        return 0

    def cmd_mem_max(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        mib = self._number(p.args[1], "m")
        self.act("mem-max", dom, mib=mib)
        dom.maxmem = mib
        return 0

    def cmd_vcpu_set(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        count = self._number(p.args[1], "")
        self.act("vcpu-set", dom, count=count)
        dom.vcpus = min(count, dom.max_vcpus)
        return 0

    def cmd_vcpu_pin(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        vcpu, cpus = p.args[1], cpu_list(p.args[2])
        self.act("vcpu-pin", dom, vcpu=vcpu, cpus=cpus)
        for n in range(dom.max_vcpus) if vcpu == "all" else [int(vcpu)]:
            if n < len(dom.cpumaps):
                dom.cpumaps[n] = cpus
        return 0

    # -- block devices ---------------------------------------------------------------------------------------
    def cmd_block_attach(self, p: cli.Parsed) -> int:
        dom = self._live(p.args[0])
        disk = configs.disk_from_spec(",".join(p.args[1:4]), facts.vdev_number)
        if disk is None:
            raise Usage("Invalid argument.")
        return self.attach_disk(dom, disk)

    def attach_disk(self, dom: Domain, disk: Disk) -> int:
        if any(d.vdev == disk.vdev for d in dom.disks):
            self.act("block-attach", dom, vdev=disk.vdev, target=disk.target, mode=disk.mode[:1],
                     cdrom=disk.cdrom or None)
            self.rec.fail_last()
            raise Usage(f"Device {disk.vdev} is already connected.")
        dom.disks.append(disk)
        self.act("block-attach", dom, vdev=disk.vdev, target=disk.target, mode=disk.mode[:1],
                 cdrom=disk.cdrom or None)
        return 0

    def detach_disk(self, dom: Domain, which: str) -> Disk | None:
        number = facts.vdev_number(which)
        for disk in dom.disks:
            if disk.vdev == which.removeprefix("/dev/") or (number and facts.vdev_number(disk.vdev) == number):
                dom.disks.remove(disk)
                self.act("block-detach", dom, vdev=disk.vdev)
                return disk
        return None

    def cmd_block_detach(self, p: cli.Parsed) -> int:
        dom = self._live(p.args[0])
        if len(p.args) > 2 and p.args[2] not in ("-f", "--force"):
            self.out.out(f"Ignoring option {p.args[2]}\n")
        if self.detach_disk(dom, p.args[1]) is None:
            raise Usage(f"Device {p.args[1]} not connected")
        return 0

    def cmd_block_list(self, p: cli.Parsed) -> int:
        if not p.args:
            self.out.out("No domain parameter given\n")
            raise Usage("No domain parameter given")
        dom = self.dom(p.args[0])
        self.rec.query("block-list", dom.name)
        if p.has("-l"):
            self.out.text("".join(sxp.xm_vbd(dom, d) for d in dom.disks))
            return 0
        self.out.table("block-list", [], [facts.disk("xm", dom, d) for d in dom.disks])
        return 0

    # -- network devices -------------------------------------------------------------------------------------
    def cmd_network_attach(self, p: cli.Parsed) -> int:
        self.attach_vif(self._live(p.args[0]), p.args[1:])
        return 0

    def cmd_network_detach(self, p: cli.Parsed) -> int:
        dom = self._live(p.args[0])
        vif = self.find_vif(dom, p.args[1])
        if vif is None:
            raise Usage(f"Cannot find device '{p.args[1]}' in domain '{p.args[0]}'")
        self.detach_vif(dom, vif)
        return 0

    def cmd_network_list(self, p: cli.Parsed) -> int:
        if not p.args:
            self.out.out("No domain parameter given\n")
            raise Usage("No domain parameter given")
        dom = self.dom(p.args[0])
        self.rec.query("network-list", dom.name)
        if p.has("-l"):
            self.out.text("".join(sxp.xm_vif(dom, v) for v in dom.vifs))
            return 0
        self.out.table("network-list", [], [facts.vif("xm", dom, i) for i in range(len(dom.vifs))])
        return 0

    # -- odd ones --------------------------------------------------------------------------------------------
    def cmd_rename(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        self.act("rename", dom, to=p.args[1])
        dom.name = p.args[1]
        return 0

    def cmd_sysrq(self, p: cli.Parsed) -> int:
        self.act("sysrq", self._live(p.args[0]), key=p.args[1])
        return 0

    def cmd_dump_core(self, p: cli.Parsed) -> int:
        if len(p.args) not in (1, 2):
            raise Usage("Expects 1 or 2 argument(s)")
        self.out.message("dump-core", [], "Dumping core", p.args[0])
        dom = self._live(p.args[0])
        self.act("dump-core", dom, file=p.args[1] if len(p.args) > 1 else None, live=p.has("-L") or None)
        return 0

    def cmd_top(self, p: cli.Parsed) -> int:
        self.act("top", None)
        return 0

    def cmd_vncviewer(self, p: cli.Parsed) -> int:
        self.act("vncviewer", self._live(p.args[0]) if p.args else None)
        return 0
