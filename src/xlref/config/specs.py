"""Parsers for the comma-separated device specs inside config lists (disk, vif, vfb, pci, serial...).

Facts follow libxlu (what xl accepts) and libvirt's Xen converter (how specs map to domain XML).
Every parser raises SpecError with a user-facing message instead of crashing.
"""

from __future__ import annotations

import re

from xlref.config.domain import Chr, Hostdev, Net


class SpecError(ValueError):
    pass


#: prefixes libxlu's disk lexer still accepts (and ignores or maps); anything else before ':' is rejected.
def parse_keyvals(spec: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        key, sep, val = item.partition("=")
        if not sep:
            raise SpecError(f"{item!r} is not key=value")
        out.append((key.strip(), val))
    return out


def rate_to_kib(rate: str) -> int:
    """vif rate=NUM[GMK][Bb]/s[@interval] -> KiB per second (libvirt's reading)."""
    body = rate.split("@", 1)[0]
    m = re.fullmatch(r"([0-9]+)([GMK]?)([Bb])/s", body)
    if not m:
        raise SpecError(f"vif rate {rate!r} is not NUM[GMK]B/s or NUM[GMK]b/s")
    num = int(m.group(1))
    num *= {"G": 1024 * 1024, "M": 1024, "K": 1, "": 1}[m.group(2)]
    if m.group(3) == "b":
        num //= 8
    return num


def vif_to_model(spec: str, vif_typename: str) -> Net:
    kv = dict(parse_keyvals(spec))
    net = Net(mac=kv.get("mac"))
    bridge, script = kv.get("bridge"), kv.get("script")
    net.type = "bridge" if bridge or script in ("vif-bridge", "vif-vnic") else "ethernet"
    if net.type == "bridge" and bridge:
        if "." in bridge:
            name, _, tag = bridge.partition(".")
            net.bridge, net.vlan_tags, net.openvswitch = name, [_int(tag, "VLAN tag")], True
        elif ":" in bridge:
            name, *tags = bridge.split(":")
            net.bridge, net.vlan_trunk, net.openvswitch = name, True, True
            net.vlan_tags = [_int(t, "VLAN tag") for t in tags]
        else:
            net.bridge = bridge
    if kv.get("ip"):
        net.ips = [ip for ip in kv["ip"].split(" ") if ip]
    net.script = script or None
    if kv.get("model"):
        net.model = kv["model"]
    elif kv.get("type") == vif_typename:
        net.model = "netfront"
    net.ifname = kv.get("vifname") or None
    if kv.get("rate"):
        net.rate_kib = rate_to_kib(kv["rate"])
    return net


def _int(text: str, what: str, base: int = 10) -> int:
    try:
        return int(text, base)
    except ValueError as err:
        raise SpecError(f"{what} {text!r} is not a number") from err


def chr_to_model(value: str) -> Chr:
    """serial/parallel values: pty, null, stdio, vc, file:P, pipe:P, tcp:H:P[,server], telnet:..., udp:..., unix:P."""
    if value.startswith("/"):
        return Chr("dev", path=value)
    prefix, _, rest = value.partition(":")
    if prefix.startswith("telnet"):
        chr_ = Chr("tcp", telnet=True)
    elif prefix in ("pty", "null", "stdio", "vc", "file", "pipe", "tcp", "udp", "unix", "dev"):
        chr_ = Chr(prefix)
    else:
        raise SpecError(f"unknown character device type {prefix!r}")
    if chr_.type in ("file", "pipe", "dev"):
        chr_.path = rest
    elif chr_.type == "tcp":
        host, sep, svc = rest.partition(":")
        if not sep:
            raise SpecError(f"{value!r}: expected HOST:PORT")
        chr_.host = host or None
        svc, _, opts = svc.partition(",")
        chr_.service = svc
        chr_.listen = "server" in opts.split(",")
    elif chr_.type == "udp":
        host, sep, svc = rest.partition(":")
        if not sep:
            raise SpecError(f"{value!r}: expected HOST:PORT[@BINDHOST:BINDPORT]")
        chr_.host = host or None
        if "@" in svc:
            svc, _, bind = svc.partition("@")
            bhost, sep2, bsvc = bind.partition(":")
            if not sep2:
                raise SpecError(f"{value!r}: bind part needs HOST:PORT")
            chr_.bind_host, chr_.bind_service = bhost or None, bsvc
        chr_.service = svc
    elif chr_.type == "unix":
        path, _, opts = rest.partition(",")
        chr_.path = path
        chr_.listen = "server" in opts.split(",")
    return chr_


def pci_to_model(spec: str) -> Hostdev:
    """[DDDD:]BB:SS.F[@VSLOT][,key=val...] -> PCI hostdev."""
    bdf, _, opts = spec.partition(",")
    bdf = bdf.split("@", 1)[0]
    m = re.fullmatch(r"(?:([0-9a-fA-F]{1,4}):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\.([0-7])", bdf.strip())
    if not m:
        raise SpecError(f"PCI address {bdf!r} is not [DDDD:]BB:SS.F")
    dev = Hostdev("pci", domain=int(m.group(1) or "0", 16), bus=int(m.group(2), 16), slot=int(m.group(3), 16),
                  function=int(m.group(4), 16))
    for key, val in parse_keyvals(opts):
        if key == "permissive":
            dev.permissive = _int(val, "permissive") != 0
    return dev
