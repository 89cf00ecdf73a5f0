"""The xm-only half of native config -> Domain: what xend did that libvirt's xen-xm reader does not (xmsem has the
facts and sources), and the paths libvirt needs absolute.

Deliberate differences from libvirt 11.3.0's xen-xm reader, each a fact of xm/xend: an HVM guest without
`kernel` gets xend's hvmloader instead of being refused; a qemu-dm or stubdom-dm device model is not written as
<emulator> (xl cannot run qemu-dm, libvirt cannot start stub domains); xm's kernel-argument keys (ip, netmask,
nfs_root...) are computed into <cmdline>; an HVM guest without hpet gets xend's hpet=0.
"""

from __future__ import annotations

import posixpath

from xlref.config.domain import Domain
from xlref.config.reader import ConversionError, Reader
from xlref.config.xmsem import KERNEL_ARG_KEYS, XEND_HPET_DEFAULT, device_model, hvm_loader, xm_cmdline


def xm_os(r: Reader, dom: Domain, boot: object) -> None:
    if dom.hvm:
        loader, note = hvm_loader(r.text("kernel"))
        dom.loader = loader
        if note:
            dom.dropped.append(f"loader: {note}")
        assert callable(boot)
        boot(r, dom)
        return
    # xend's own store (SXP) spells bootargs bootloader_args
    dom.bootloader, dom.bootloader_args = r.text("bootloader"), r.text("bootargs") or r.text("bootloader_args")
    dom.kernel, dom.initrd = r.text("kernel"), r.text("ramdisk")
    values = {k: r.lookup(k) for k in ("root", "extra", *KERNEL_ARG_KEYS)}
    try:
        dom.cmdline = xm_cmdline({k: v for k, v in values.items() if v is not None})
    except ValueError as err:
        raise ConversionError(str(err)) from err
    given = [k for k in KERNEL_ARG_KEYS if values.get(k) is not None]
    if given:
        dom.dropped.append(f"{', '.join(given)}: xm put these on the kernel command line; written into "
                           f"<cmdline> as xend built it: {dom.cmdline!r} (create.py preprocess_ip/preprocess_nfs)")


def xm_emulator(r: Reader, dom: Domain) -> None:
    override = r.text("device_model_override")
    if override is not None:
        # not an xm key: libvirt's own xen-xm writer spells the emulator this way, and its reader takes it back
        dom.emulator = override
    raw = r.raw("device_model")
    if raw is None:
        return
    policy = device_model(raw, dom.hvm)
    dom.emulator = policy.emulator
    dom.dropped.append(f"device_model: {policy.message}")


def xm_defaults(r: Reader, dom: Domain) -> None:
    """xend's defaults that differ from libxl's (the converted guest keeps what xm gave it)."""
    if dom.hvm and r.raw("hpet") is None and "hpet" not in dom.timers:
        dom.timers["hpet"] = {"present": "no" if XEND_HPET_DEFAULT == 0 else "yes"}
        dom.dropped.append("hpet: not set, so xend gave the guest hpet=0 (XendConfig._platform_sanity_check); "
                           "libxl's default is 1: written as <timer name='hpet' present='no'/>")


def absolute_paths(dom: Domain, base_dir: str | None, where: str) -> None:
    """libvirt's schema wants absolute paths (absFilePath); xm create and xl create opened a relative kernel,
    ramdisk or image file relative to the directory they ran in (create.py configure_image: os.path.abspath)."""
    todo: list[tuple[str, str, object, str]] = []
    for attr in ("kernel", "initrd", "loader", "emulator"):
        value = getattr(dom, attr)
        if value and not posixpath.isabs(value):
            todo.append((attr, value, dom, attr))
    for disk in dom.disks:
        if disk.type == "file" and disk.source and not posixpath.isabs(disk.source):
            todo.append((f"disk {disk.target}", disk.source, disk, "source"))
    if not todo:
        return
    if base_dir is None:
        names = ", ".join(f"{what} {value!r}" for what, value, _, _ in todo)
        raise ConversionError(f"{where}: relative paths ({names}): xm and xl opened them relative to the "
                              "directory `xm create` ran in, which xlref cannot know from stdin; give --base-dir DIR")
    for what, value, obj, attr in todo:
        full = posixpath.normpath(posixpath.join(base_dir, value))
        setattr(obj, attr, full)
        hint = " (PV-GRUB images live in /usr/lib/xen/boot)" if "pv-grub" in value else ""
        dom.dropped.append(f"{what}: {value!r} is relative; xm and xl opened it relative to the directory `xm "
                           f"create` ran in; written as {full!r} (from --base-dir, by default the config's own "
                           f"directory){hint}")
