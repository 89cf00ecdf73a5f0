"""xl-only parts of Domain -> native config (libvirt's xen-xl writer): cpuid, vNUMA, spice, channels, disks."""

from __future__ import annotations

from xlref.config.domain import Chr, Disk, Domain
from xlref.config.model import Value
from xlref.config.render import FormatError

_CPUID_NAMES = {"cx16": "cmpxchg16", "cid": "cntxid", "ds_cpl": "dscpl", "pclmuldq": "pclmulqdq",
                "pni": "sse3", "ht": "htt", "pn": "psn", "clflush": "clfsh", "sep": "sysenter",
                "cx8": "cmpxchg8", "nodeid_msr": "nodeid", "cr8legacy": "altmovcr8", "lahf_lm": "lahfsahf",
                "cmp_legacy": "cmplegacy", "fxsr_opt": "ffxsr", "pdpe1gb": "page1gb", "spec-ctrl": "ibrsb"}


def xl_extras(dom: Domain, put: object) -> None:
    assert callable(put)
    if dom.cpu_mode == "host-passthrough" and dom.cpu_features:
        pol = {"force": "1", "require": "1", "optional": "x", "disable": "0", "forbid": "0"}
        pairs = ["host"] + [f"{_CPUID_NAMES.get(n, n)}={pol.get(p, 'x')}" for p, n in dom.cpu_features
                            if not (n in ("vmx", "svm") and p in ("disable", "forbid"))]
        if len(pairs) > 1:
            put("cpuid", ",".join(pairs))
    if dom.numa:
        n = len(dom.numa)
        nodes: list[Value] = []
        for i, cell in enumerate(dom.numa):
            # libvirt completes a partial matrix symmetrically, then with 10 (local) / 20 (remote)
            dist = [str(cell.distances.get(j) or dom.numa[j].distances.get(i) or (10 if i == j else 20))
                    for j in range(n)]
            nodes.append([f"pnode={i}", f"size={cell.memory_kib // 1024}", f"vcpus={cell.cpus}",
                          "vdistances=" + ",".join(dist)])
        put("vnuma", nodes)
    put("max_grant_frames", dom.max_grant_frames)
    put("max_event_channels", dom.max_event_channels)
    spice = [g for g in dom.graphics if g.type == "spice"]
    if dom.hvm and spice:
        g = spice[0]
        put("sdl", 0)
        put("vnc", 0)
        put("spice", 1)
        put("spicehost", g.listen)
        put("spiceport", g.port or 0)
        put("spicetls_port", g.tls_port or 0)
        if g.passwd is not None:
            put("spicedisable_ticketing", 0)
            put("spicepasswd", g.passwd)
        else:
            put("spicedisable_ticketing", 1)
        if g.mouse_mode in ("client", "server"):
            put("spiceagent_mouse", int(g.mouse_mode == "client"))
        if g.mouse_mode == "client" or g.copypaste:
            put("spicevdagent", 1)
        if g.copypaste:
            put("spice_clipboard_sharing", 1)


def channel(c: Chr, warn: list[str]) -> str | None:
    if c.type == "pty":
        spec = "connection=pty"
    elif c.type == "unix":
        spec = f"connection=socket,path={c.path or ''}"
    else:
        warn.append(f"channel of type {c.type} has no xl form; dropped")
        return None
    return spec + (f",name={c.name}" if c.name else "")


def xl_disk(d: Disk, warn: list[str]) -> str:
    fmt = d.format if d.format in ("raw", "qcow", "qcow2", "vhd", "qed") else "raw"
    spec = f"format={fmt},vdev={d.target},access="
    if d.readonly:
        spec += "ro"
    else:
        spec += "rw"
        if d.shareable:
            warn.append(f"disk {d.target}: shareable has no xl equivalent (xl refuses w!/!); written as rw")
    if d.driver:
        backend = {"qemu": "qdisk", "file": "qdisk", "tap": "tap", "phy": "phy"}.get(d.driver)
        if backend:
            spec += f",backendtype={backend}"
    if d.device == "cdrom":
        spec += ",devtype=cdrom"
    target = _disk_source(d)
    if target:
        spec += f",target={target}"
    return spec


def _disk_source(d: Disk) -> str | None:
    if d.type == "network":
        if d.protocol != "rbd":
            raise FormatError(f"network disk protocol {d.protocol!r} has no xl form")
        # no <auth> is modelled, so like libvirt say so explicitly
        src = f"rbd:{d.source or ''}:auth_supported=none"
        if d.hosts:
            src += ":mon_host=" + "\\;".join(h + (f"\\:{p}" if p else "") for h, p in d.hosts)
        return src
    return d.source
