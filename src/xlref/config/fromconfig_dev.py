"""Devices of native config -> Domain (libvirt's xen-xm / xen-xl readers): graphics, serial/parallel, disks,
vifs, PCI, sound, USB input."""

from __future__ import annotations

import ipaddress

from xlref.config.diskspec import xl_disk_to_model, xm_disk_to_model
from xlref.config.domain import Chr, Disk, Domain, Graphics
from xlref.config.reader import ConversionError, Reader
from xlref.config.specs import chr_to_model, parse_keyvals, pci_to_model, vif_to_model


def devices(r: Reader, dom: Domain, fmt: str) -> None:
    for spec in r.strlist("vif"):
        net = vif_to_model(spec, "vif" if fmt == "xl" else "netfront")
        dom.nets.append(net)
        if any("/" in ip for ip in net.ips):
            dom.dropped.append(f"vif {spec!r}: written as <ip address prefix>; libvirt's libxl driver hands only the "
                               "addresses to the vif script (src/libxl/xen_common.c xenMakeIPList), so a script that "
                               "routed the whole prefix (vif-route) now routes the address alone")
        for ip in [ip for ip in net.ips if not _ip_ok(ip)]:
            net.ips.remove(ip)
            dom.dropped.append(f"vif {spec!r}: ip {ip!r} is no IP address (or ADDRESS/PREFIX); libvirt refuses it, "
                               "so it is not written: the vif script got it as it was, check what it did with it")
    for spec in r.strlist("pci"):
        dom.hostdevs.append(pci_to_model(spec))
    if dom.hvm and r.text("soundhw"):
        sound = r.text("soundhw") or ""
        dom.sounds = ["sb16", "es1370"] if sound == "all" else sound.split(",")
    graphics(r, dom)
    chars(r, dom, fmt)
    for spec in r.strlist("disk"):
        disk = xm_disk_to_model(spec, dom.hvm) if fmt == "xm" else xl_disk_to_model(spec, dom.hvm)
        dom.disks.append(disk)
        if disk.driver in ("tap", "tap2"):
            _no_blktap(dom, disk)
        if disk.protocol in ("nbd", "iscsi"):
            dom.dropped.append(f"disk {disk.target}: written as a libvirt {disk.protocol} network disk, which the "
                               "schema and `virsh define` accept but libvirt's libxl driver refuses to start (it "
                               "starts only rbd network disks, src/libxl/libxl_conf.c); attach the export in dom0 "
                               "and use the block device if the guest must start under libvirt")
    if dom.hvm:
        r.raw("usb")  # implied by usbdevice; libvirt keeps no separate flag
        devs = r.strlist("usbdevice") if fmt == "xl" else [r.text("usbdevice") or ""]
        for dev in devs:
            if dev in ("tablet", "mouse", "keyboard"):
                dom.inputs.append((dev, "usb"))


def _ip_ok(ip: str) -> bool:
    address, slash, prefix = ip.partition("/")
    try:
        version = ipaddress.ip_address(address).version
    except ValueError:
        return False
    return not slash or (prefix.isdigit() and int(prefix) <= (32 if version == 4 else 128))


def _no_blktap(dom: Domain, disk: Disk) -> None:
    """libvirt's xen-xm reader writes <driver name='tap'>, which libvirt's libxl driver hands to libxl as its tap
    backend for raw and vhd images (libvirt 11.3.0 src/libxl/libxl_conf.c libxlMakeDisk).  libxl refused that
    backend from Xen 4.13 to 4.18 (tools/libs/light/libxl_device.c disk_try_backend: "blktap not available"),
    and since 4.19 it means blktap3's vbd3, which needs XenServer's tapdisk/tapback daemons.  qemu's disk backend
    reads the same image, which is also what xl does with a tap: prefix."""
    dom.dropped.append(f"disk {disk.target}: {disk.driver}:{disk.format or 'aio'} (blktap) written as <driver "
                       "name='qemu'>: with 'tap' libvirt asks libxl for its tap backend, which Xen 4.13-4.18 refuse "
                       "and 4.19+ serve only with blktap3's daemons; qemu reads the same image, as xl does with a "
                       "tap: prefix")
    disk.driver = "qemu"


def graphics(r: Reader, dom: Domain) -> None:
    if dom.hvm:
        if r.flag("vnc", 0):
            g = Graphics("vnc", autoport=bool(r.flag("vncunused", 1)), listen=r.text("vnclisten"),
                         passwd=r.text("vncpasswd"), keymap=r.text("keymap"))
            display = r.number("vncdisplay")
            if not g.autoport:
                g.port = (display or 0) + 5900
            elif display:
                # qemu's -vncunused (xm) and xl's `to=` both start the search at this display; libvirt's autoport
                # starts at 5900
                dom.dropped.append(f"vncdisplay: {display} with vncunused: the guest's VNC port was {5900 + display} "
                                   f"unless taken; libvirt's autoport picks any free port from 5900 (write "
                                   f"port='{5900 + display}' autoport='no' to keep it, if it is free)")
            dom.graphics.append(g)
        elif r.flag("sdl", 0):
            dom.graphics.append(Graphics("sdl", display=r.text("display"), xauthority=r.text("xauthority")))
        return
    vfbs = r.strlist("vfb")
    if not vfbs:
        return
    spec = vfbs[0]
    g = Graphics("sdl" if "type=sdl" in spec else "vnc", autoport=False)
    for key, val in parse_keyvals(spec):
        if g.type == "vnc":
            if key == "vncunused":
                g.autoport = val == "1"
            elif key == "vnclisten":
                g.listen = val
            elif key == "vncpasswd":
                g.passwd = val
            elif key == "keymap":
                g.keymap = val
            elif key == "vncdisplay":
                try:
                    g.port = int(val) + 5900
                except ValueError as err:
                    raise ConversionError(f"vfb: vncdisplay {val!r} is not a number") from err
        elif key == "display":
            g.display = val
        elif key == "xauthority":
            g.xauthority = val
    dom.graphics.append(g)


def chars(r: Reader, dom: Domain, fmt: str) -> None:
    if not dom.hvm:
        dom.consoles.append(Chr("pty", target_type="xen"))
        return
    parallel = r.text("parallel")
    if parallel and parallel != "none":
        dom.parallels.append(chr_to_model(parallel))
    serial = r.raw("serial")
    if isinstance(serial, list):
        if fmt == "xm":
            raise ConversionError("serial: a list of serial ports is an xl feature, xm takes one string")
        for port, item in enumerate(serial):
            if str(item) == "none":
                continue
            chr_ = chr_to_model(str(item))
            chr_.port = port
            dom.serials.append(chr_)
    elif isinstance(serial, str) and serial != "none":
        dom.serials.append(chr_to_model(serial))


