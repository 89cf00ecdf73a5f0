"""What each tool knows about a domain or the host, keyed by the `meaning` words of the output records.

The values follow the tools' own conventions: xend's six state flags (xm/main.py parse_doms_info and
XendDomainInfo state letters, RELEASE-4.4.4), xl's flags (xl_info.c list_domains), libvirt's state words
(virshDomainStateToString, 11.3.0; the libxl driver never reports `idle`), MiB for xm/xl and KiB for virsh.
"""

from __future__ import annotations

from typing import Any

from tests.sim.host import NOW, Disk, Domain, Host

_FLAGS = {"running": "r-----", "blocked": "-b----", "paused": "--p---", "shutdown": "---s--",
          "crashed": "----c-", "dying": "-----d", "halted": ""}
_VIRSH = {"running": "running", "blocked": "running", "paused": "paused", "shutdown": "in shutdown",
          "dying": "in shutdown", "crashed": "crashed", "halted": "shut off"}
#: xm domstate's word for the first flag set after position 0 (xm/main.py xm_domstate)
_XM_WORD = {"running": "running", "blocked": "idle", "paused": "paused", "shutdown": "shutoff",
            "crashed": "crashed", "dying": "shutdown", "halted": "shutoff"}
_MAJORS = {"xvd": 202, "hd": 3, "sd": 8}
_HD_MAJORS = [3, 22, 33, 34, 56, 57, 88, 89, 90, 91]


def state_flags(dom: Domain) -> str:
    return _FLAGS[dom.state]


def state_word(tool: str, dom: Domain) -> str:
    return _VIRSH[dom.state] if tool == "virsh" else _XM_WORD[dom.state]


def vdev_number(name: str) -> int:
    """blkdev_name_to_number: xvda -> 51712, hdc -> 5632, sdb -> 2064; a number is itself."""
    name = name.removeprefix("/dev/").split(":")[0]
    if name.isdigit():
        return int(name)
    for prefix, major in _MAJORS.items():
        if name.startswith(prefix) and name[len(prefix):].isalpha():
            idx = ord(name[len(prefix)]) - ord("a")
            if prefix == "hd":
                return (_HD_MAJORS[idx // 2] << 8) + (idx % 2) * 64
            return (major << 8) + idx * 16
    return 0


def uptime_hms(seconds: int, short: bool = False) -> str:
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    lead = f"{days} day{'s' if days > 1 else ''}, " if days else ""
    return lead + (f"{hours:2d}:{minutes:02d}" if short else f"{hours:2d}:{minutes:02d}:{secs:02d}")


def domain(tool: str, dom: Domain) -> dict[str, Any]:
    """One row of `list` and friends."""
    running = dom.active
    return {
        "domain-name": dom.name,
        "domain-id": ("" if tool == "xm" else "-") if dom.domid is None else dom.domid,
        "memory-current": dom.memory if running or tool == "xm" else 0,
        "memory-max": dom.maxmem,
        "vcpus-online": dom.vcpus,
        "domain-state": state_word(tool, dom) if tool == "virsh" else state_flags(dom),
        "domain-state-word": state_word(tool, dom),
        "cpu-time": dom.cpu_time,
        "uuid": dom.uuid,
        "shutdown-reason": "-",
        "security-label": "-",
        "cpupool-name": "Pool-0",
        "node-affinity": "all",
        "uptime": uptime_hms(NOW - dom.start_time) if running else uptime_hms(0),
        "sched-weight": dom.weight,
        "sched-cap": dom.cap,
        "domain-title": "",
    }


def _cpulist(spec: str, tool: str, nr_cpus: int) -> str:
    if spec == "all":
        return {"xm": "any cpu", "xl": "all", "virsh": f"0-{nr_cpus - 1}"}[tool]
    return spec


def vcpus(tool: str, host: Host, dom: Domain, release: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for n in range(dom.max_vcpus):
        online = n < dom.vcpus
        state = ("r" if dom.state == "running" else "-") + ("b" if dom.state == "blocked" else "-") + "-"
        affinity = _cpulist(dom.cpumaps[n], tool, host.nr_cpus)
        if tool == "xl" and release and tuple(int(p) for p in release.split(".")) >= (4, 5):
            affinity = f"{affinity} / all"
        rows.append({
            "domain-name": dom.name, "domain-id": dom.domid, "vcpu-number": n,
            "physical-cpu": str(n % host.nr_cpus) if online else "-",
            "vcpu-state": state if online else "--p",
            "vcpu-state-word": "running" if online else "offline",
            "vcpu-time": round(dom.cpu_time / max(dom.vcpus, 1), 1), "cpu-affinity": affinity,
        })
    return rows


def disk(tool: str, dom: Domain, d: Disk) -> dict[str, Any]:
    devid = vdev_number(d.vdev)
    return {
        "vdev": devid, "backend-domid": 0, "device-handle": 0, "frontend-domid": dom.domid or 0,
        "xenbus-state": 4, "event-channel": 9 + devid % 7, "ring-ref": 8 + devid % 5,
        "backend-path": f"/local/domain/0/backend/{'qdisk' if d.backend.startswith('tap') else 'vbd'}"
                        f"/{dom.domid}/{devid}",
        "disk-type": "block" if d.backend == "phy" else "file", "disk-device": "cdrom" if d.cdrom else "disk",
        "disk-target": d.vdev, "disk-source": d.target,
    }


def vif(tool: str, dom: Domain, idx: int) -> dict[str, Any]:
    v = dom.vifs[idx]
    return {
        "vif-index": v.devid, "backend-domid": 0, "mac": v.mac, "device-handle": v.devid, "vif-devid": v.devid,
        "xenbus-state": 4, "event-channel": 12 + v.devid, "ring-refs": (768 + v.devid, 769 + v.devid),
        "backend-path": f"/local/domain/0/backend/vif/{dom.domid}/{v.devid}",
        "vif-name": f"vif{dom.domid}.{v.devid}", "vif-type": "bridge", "vif-source": v.bridge,
        "vif-model": v.model or "-",
    }


def host_info(tool: str, host: Host, release: str | None) -> dict[str, Any]:
    major, minor = (release or "4.4").split(".")
    return {
        "os-name": "Linux", "hostname": host.name if host.name != "localhost" else "xenhost",
        "os-release": "3.2.0-4-amd64", "os-version": "#1 SMP Debian 3.2.65-1", "machine": "x86_64",
        "cpus": host.nr_cpus, "max-cpu-id": host.nr_cpus - 1, "numa-nodes": 1, "cores-per-socket": 2,
        "threads-per-core": 2, "cpu-sockets": 1,
        "cpu-mhz": (2400, 0) if tool == "xl" and (int(major), int(minor)) >= (4, 11) else 2400,
        "hw-caps": "bfebfbff:2c100800:00000000:00007f00:77fafbff:00000000:00000021:000027ab",
        "virt-caps": "hvm hvm_directio", "cpu-model": "x86_64",
        "host-memory-total": host.total_memory * (1024 if tool == "virsh" else 1),
        "host-memory-free": host.free_memory, "memory-sharing-freed": 0, "memory-sharing-used": 0,
        "memory-claims": 0, "free-cpus": 0, "xen-major": major, "xen-minor": minor, "xen-extra": ".0",
        "xen-version": f"{major}.{minor}.0",
        "xen-caps": "xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64",
        "xen-scheduler": "credit", "xen-pagesize": 4096, "platform-params": "virt_start=0xffff800000000000",
        "xen-changeset": "", "xen-commandline": "placeholder dom0_mem=2048M", "cc-compiler": "gcc (Debian) 12.2.0",
        "cc-compile-by": "sim", "cc-compile-domain": "example.org", "cc-compile-date": "Tue Nov 14 12:00:00 UTC 2023",
        "build-id": "0123456789abcdef0123456789abcdef01234567", "xend-config-format": 4,
    }


def dominfo(dom: Domain) -> dict[str, Any]:
    """virsh dominfo values (virsh-domain-monitor.c cmdDominfo)."""
    out: dict[str, Any] = {
        "domain-id": "-" if dom.domid is None else dom.domid, "domain-name": dom.name, "uuid": dom.uuid,
        "os-type": "hvm" if dom.hvm else "xen", "domain-state": state_word("virsh", dom), "vcpus": dom.vcpus,
        "memory-max": f"{dom.maxmem * 1024} KiB", "memory-current": f"{dom.memory * 1024} KiB",
        "persistent": "yes" if dom.libvirt == "persistent" else "no", "autostart": "disable",
        "managed-save": "no",
    }
    if dom.active:
        out["cpu-time"] = f"{dom.cpu_time:.1f}s"
    return out
