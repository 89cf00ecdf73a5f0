"""The simulated hosts: domains with their state, devices and scheduler settings, kept in one JSON file.

Time is a count of tool calls, not seconds: a shutdown that nobody waits for completes two calls later, so
`xm shutdown D; xm create D.cfg` fails (the old domain is still there) while `xm shutdown -w D; xm create D.cfg`
works, and a polling loop (`while xm list D; do sleep 1; done`) ends.  Every value a tool prints (ids, uuids,
memory, cpu time, uptime) is fixed, so two runs of a script print the same bytes.
"""

from __future__ import annotations

import json
import os
import uuid as uuidlib
from dataclasses import asdict, dataclass, field
from typing import Any

#: The simulated clock (seconds since the epoch); `date` inside the jail prints this time too.
NOW = 1700000000
DEFAULT_HOST = "localhost"
#: a shutdown/reboot nobody waits for is seen by the next two calls; after xl's single -w by the next one
PENDING_CALLS = 3
DYING_CALLS = 2


@dataclass
class Disk:
    vdev: str  # xvda, hdc (no /dev/)
    target: str  # /dev/vg0/web1-disk
    backend: str = "phy"  # phy | file | tap:aio | tap2:... (the xm prefix)
    mode: str = "w"  # w | r | w!
    cdrom: bool = False
    devid: int = 51712


@dataclass
class Vif:
    devid: int
    mac: str
    bridge: str = "xenbr0"
    model: str = ""
    ip: str = ""


@dataclass
class Domain:
    name: str
    domid: int | None  # None: not running (an xend-managed or libvirt-defined domain)
    memory: int  # MiB
    vcpus: int = 1
    state: str = "blocked"  # running | blocked | paused | shutdown | dying | crashed | halted
    maxmem: int = 0
    max_vcpus: int = 0
    xend_managed: bool = False  # `xm new`: xend keeps it when halted; xl never sees it halted
    libvirt: str | None = "persistent"  # persistent | transient | None (libvirt does not know it)
    cpu_time: float = 12.5
    start_time: int = NOW - 3 * 86400 - 4 * 3600 - 5 * 60 - 6
    config: str = ""
    disks: list[Disk] = field(default_factory=list)
    vifs: list[Vif] = field(default_factory=list)
    weight: int = 256
    cap: int = 0
    cpumaps: list[str] = field(default_factory=list)  # per vcpu: "all" or "0-1,3"
    pending: dict[str, Any] | None = None  # {"then": "destroy"|"reboot", "calls": n}
    hvm: bool = False
    uuid: str = ""

    def __post_init__(self) -> None:
        self.uuid = self.uuid or str(uuidlib.uuid5(uuidlib.NAMESPACE_DNS, self.name + ".sim.invalid"))
        self.maxmem = self.maxmem or self.memory
        self.max_vcpus = self.max_vcpus or self.vcpus
        if len(self.cpumaps) < self.max_vcpus:
            self.cpumaps += ["all"] * (self.max_vcpus - len(self.cpumaps))

    @property
    def active(self) -> bool:
        return self.domid is not None

    @staticmethod
    def load(raw: dict[str, Any]) -> Domain:
        raw = dict(raw)
        raw["disks"] = [Disk(**d) for d in raw.get("disks", [])]
        raw["vifs"] = [Vif(**v) for v in raw.get("vifs", [])]
        return Domain(**raw)


@dataclass
class Host:
    name: str
    domains: list[Domain]
    next_domid: int = 11
    total_memory: int = 16383  # MiB
    nr_cpus: int = 4
    calls: int = 0
    dmesg: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    lifetime: int = 0  # > 0: a guest started here stops by itself after this many calls (a unikernel test)

    # -- lookup ----------------------------------------------------------------------------------------------
    def by_name(self, name: str) -> Domain | None:
        return next((d for d in self.domains if d.name == name), None)

    def by_id(self, domid: int) -> Domain | None:
        return next((d for d in self.domains if d.domid == domid), None)

    def by_uuid(self, text: str) -> Domain | None:
        return next((d for d in self.domains if d.uuid == text.lower()), None)

    def find(self, qualifier: str, *, active_only: bool = False) -> Domain | None:
        """Name, numeric id or uuid, as libxl_domain_qualifier_to_domid and xend's domain lookup accept."""
        dom = None
        if qualifier.isdigit():
            dom = self.by_id(int(qualifier))
        if dom is None and len(qualifier) == 36:
            dom = self.by_uuid(qualifier)
        if dom is None:
            dom = self.by_name(qualifier)
        if dom is not None and active_only and not dom.active:
            return None
        return dom

    def running(self) -> list[Domain]:
        return sorted((d for d in self.domains if d.active), key=lambda d: d.domid or 0)

    @property
    def free_memory(self) -> int:
        return self.total_memory - sum(d.memory for d in self.running())

    # -- time ------------------------------------------------------------------------------------------------
    def tick(self) -> None:
        """One tool call passes: pending shutdowns and reboots move on."""
        self.calls += 1
        for dom in list(self.domains):
            if not dom.pending:
                continue
            dom.pending["calls"] -= 1
            if dom.pending["calls"] > 0:
                continue
            then = dom.pending["then"]
            dom.pending = None
            if then == "reboot":
                self.restart(dom)
            else:
                self.remove(dom)

    def new_domid(self) -> int:
        domid = self.next_domid
        self.next_domid += 1
        return domid

    def start(self, dom: Domain, paused: bool = False) -> None:
        dom.domid = self.new_domid()
        dom.state = "paused" if paused else "blocked"
        dom.start_time = NOW
        dom.cpu_time = 0.1
        if self.lifetime:
            dom.pending = {"then": "destroy", "calls": self.lifetime}

    def restart(self, dom: Domain) -> None:
        self.start(dom)

    def remove(self, dom: Domain) -> None:
        """The domain is destroyed: gone, unless xend or libvirt keeps its definition."""
        dom.pending = None
        if dom.xend_managed or dom.libvirt == "persistent":
            dom.domid, dom.state = None, "halted"
        else:
            self.domains.remove(dom)

    def shut_down(self, dom: Domain, wait: str, then: str = "shutdown") -> None:
        """wait: none (returns at once), shutdown (xl -w: returns when the guest has shut down, the domain
        still exists for a moment) or destroyed (xm -w, xl -w -w: returns when it is gone)."""
        if then == "reboot":
            if wait == "none":
                dom.pending = {"then": "reboot", "calls": PENDING_CALLS}
            else:
                self.restart(dom)
            return
        if wait == "destroyed":
            self.remove(dom)
        elif wait == "shutdown":
            dom.state = "shutdown"
            dom.pending = {"then": "destroy", "calls": DYING_CALLS}
        else:
            dom.pending = {"then": "destroy", "calls": PENDING_CALLS}


def default_domains() -> list[Domain]:
    return [
        Domain("Domain-0", 0, 2048, vcpus=4, state="running", libvirt="persistent", cpu_time=4321.9,
               start_time=NOW - 12 * 86400),
        Domain("web1", 3, 512, config="/etc/xen/web1.cfg",
               disks=[Disk("xvda", "/dev/vg0/web1-disk")], vifs=[Vif(0, "00:16:3e:00:00:03")]),
        Domain("db1", 5, 1024, vcpus=2, config="/etc/xen/db1.cfg", cpu_time=301.2,
               disks=[Disk("xvda", "/dev/vg0/db1-disk"), Disk("xvdb", "/dev/vg0/db1-data", devid=51728)],
               vifs=[Vif(0, "00:16:3e:00:00:05")]),
        Domain("test1", 7, 256, state="paused", config="/etc/xen/test1.cfg", cpu_time=1.0,
               disks=[Disk("xvda", "/var/lib/xen/images/test1.img", backend="file")],
               vifs=[Vif(0, "00:16:3e:00:00:07")]),
        # stopped and managed by xend: `xm list` shows it, xl and libvirt do not know it
        Domain("old1", None, 512, state="halted", xend_managed=True, libvirt=None, cpu_time=0.0,
               config="/var/lib/xend/domains/old1", disks=[Disk("xvda", "/dev/vg0/old1-disk")]),
    ]


#: config files present on the simulated host (name -> text); mail1 is not running, so it can be created
CONFIGS = {
    "web1": "name = 'web1'\nmemory = 512\nvcpus = 1\ndisk = ['phy:/dev/vg0/web1-disk,xvda,w']\n"
            "vif = ['mac=00:16:3e:00:00:03,bridge=xenbr0']\n",
    "db1": "name = 'db1'\nmemory = 1024\nvcpus = 2\n"
           "disk = ['phy:/dev/vg0/db1-disk,xvda,w', 'phy:/dev/vg0/db1-data,xvdb,w']\n"
           "vif = ['mac=00:16:3e:00:00:05,bridge=xenbr0']\n",
    "test1": "name = 'test1'\nmemory = 256\nvcpus = 1\ndisk = ['file:/var/lib/xen/images/test1.img,xvda,w']\n"
             "vif = ['mac=00:16:3e:00:00:07,bridge=xenbr0']\n",
    "mail1": "name = 'mail1'\nmemory = 256\nvcpus = 1\ndisk = ['phy:/dev/vg0/mail1-disk,xvda,w']\n"
             "vif = ['bridge=xenbr0']\n",
}


#: other files of the simulated host: both toolstacks' settings (a host on its way from xend to xl)
HOST_FILES = {
    "/etc/xen/xend-config.sxp": "(xend-relocation-server yes)\n(xend-relocation-port 8002)\n(dom0-min-mem 196)\n",
    "/etc/xen/xl.conf": "autoballoon=\"auto\"\n",
}


def default_host(name: str = DEFAULT_HOST, managed: bool = True, extra: str = "") -> Host:
    """The simulated machine; `managed=False` leaves out the stopped xend-managed domain (a host where xm and xl
    see the same domains: the linter's `no-managed-domains` assumption); `extra` adds running guests
    ("name:MiB,name:MiB": scripts that expect their own guest names)."""
    if name != DEFAULT_HOST:  # another machine reached through ssh or migrate: only its dom0
        return Host(name, [Domain("Domain-0", 0, 2048, vcpus=4, state="running", cpu_time=99.0)])
    domains = [d for d in default_domains() if managed or not d.xend_managed]
    for i, item in enumerate(e for e in extra.split(",") if e):
        gname, _, mem = item.partition(":")
        domains.append(Domain(gname, 21 + i, int(mem or 256), config=f"/etc/xen/{gname}.cfg",
                              disks=[Disk("xvda", f"/dev/vg0/{gname}-disk")], vifs=[Vif(0, f"00:16:3e:00:01:{i:02x}")]))
    return Host(name, domains, dmesg=["(XEN) Xen version 4.4.4 (sim)", "(XEN) Brought up 4 CPUs"],
                log=["[2023-11-14 22:13:20 1234] INFO (SrvDaemon:332) Xend Daemon started"])


class State:
    """All hosts, loaded from and saved to the JSON file named by XLREF_SIM_STATE."""

    def __init__(self, path: str, managed: bool = True, extra: str = "", lifetime: int = 0) -> None:
        self.path, self.managed, self.extra, self.lifetime = path, managed, extra, lifetime
        self.hosts: dict[str, Host] = {}
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                raw = json.load(fh)
            for name, h in raw["hosts"].items():
                doms = [Domain.load(d) for d in h.pop("domains")]
                self.hosts[name] = Host(domains=doms, **h)

    def host(self, name: str) -> Host:
        if name not in self.hosts:
            self.hosts[name] = default_host(name, self.managed, self.extra if name == DEFAULT_HOST else "")
            self.hosts[name].lifetime = self.lifetime
        return self.hosts[name]

    def save(self) -> None:
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"hosts": {n: asdict(h) for n, h in self.hosts.items()}}, fh)
        os.replace(tmp, self.path)
