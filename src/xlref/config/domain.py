"""The domain model shared by every conversion: native config <-> Domain <-> libvirt XML.

It holds what libvirt's Xen drivers carry between the two formats (a subset of libvirt's domain definition),
in libvirt's terms: memory in KiB, boot devices as libvirt names, lifecycle actions as libvirt names.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Disk:
    device: str = "disk"  # disk | cdrom | floppy
    type: str = "file"  # file | block | network
    driver: str | None = None  # phy | file | tap | tap2 | qemu
    format: str | None = None  # raw | qcow | qcow2 | vhd | qed
    source: str | None = None
    target: str = ""
    bus: str = "xen"
    readonly: bool = False
    shareable: bool = False
    #: network (rbd) disks: protocol, name, hosts [(name, port)], config string of extra options
    protocol: str | None = None
    hosts: list[tuple[str, str | None]] = field(default_factory=list)
    auth_none: bool = False


@dataclass
class Net:
    type: str = "ethernet"  # bridge | ethernet
    mac: str | None = None
    bridge: str | None = None
    script: str | None = None
    model: str | None = None
    ifname: str | None = None
    ips: list[str] = field(default_factory=list)
    rate_kib: int | None = None  # outbound average, KiB/s
    vlan_tags: list[int] = field(default_factory=list)
    vlan_trunk: bool = False
    openvswitch: bool = False


@dataclass
class Chr:
    type: str  # pty | file | pipe | null | stdio | tcp | udp | unix | dev | vc
    path: str | None = None
    host: str | None = None
    service: str | None = None
    listen: bool = False
    telnet: bool = False
    bind_host: str | None = None
    bind_service: str | None = None
    port: int = 0
    name: str | None = None  # channels
    target_type: str | None = None


@dataclass
class Graphics:
    type: str  # vnc | sdl | spice
    autoport: bool = True
    port: int | None = None
    tls_port: int | None = None
    listen: str | None = None
    passwd: str | None = None
    keymap: str | None = None
    display: str | None = None
    xauthority: str | None = None
    mouse_mode: str | None = None
    copypaste: bool | None = None


@dataclass
class Hostdev:
    type: str  # pci | usb
    domain: int = 0
    bus: int = 0
    slot: int = 0
    function: int = 0
    permissive: bool | None = None
    usb_bus: int = 0
    usb_device: int = 0


@dataclass
class NumaCell:
    cpus: str
    memory_kib: int
    distances: dict[int, int] = field(default_factory=dict)
    pnode: int | None = None


@dataclass
class Domain:
    name: str | None = None
    uuid: str | None = None
    os_type: str = "xen"  # xen (PV) | hvm | xenpvh
    memory_kib: int = 0
    current_kib: int = 0
    vcpus_max: int = 1
    vcpus: int = 1
    cpuset: str | None = None
    #: per-vCPU affinity (xm/xl `cpus` given as a list): (vcpu, cpuset) -> <cputune><vcpupin>
    vcpupin: list[tuple[int, str]] = field(default_factory=list)
    #: scheduler weight (xm/xl cpu_weight); libvirt's libxl driver keeps it in <cputune><shares>
    shares: int | None = None
    # os
    kernel: str | None = None
    initrd: str | None = None
    cmdline: str | None = None
    loader: str | None = None
    loader_pflash: bool = False
    bootloader: str | None = None
    bootloader_args: str | None = None
    boot: list[str] = field(default_factory=list)
    acpi_table: str | None = None
    # features: name -> "on"/"off"; xen features: e820_host, passthrough (mode or "on"/"off")
    features: dict[str, str] = field(default_factory=dict)
    xen_passthrough: str | None = None
    xen_e820_host: bool = False
    # clock
    clock_offset: str = "utc"  # utc | localtime | variable
    clock_adjustment: int | None = None
    clock_basis: str | None = None
    timers: dict[str, dict[str, str]] = field(default_factory=dict)
    on_poweroff: str = "destroy"
    on_reboot: str = "restart"
    on_crash: str = "restart"
    emulator: str | None = None
    disks: list[Disk] = field(default_factory=list)
    nets: list[Net] = field(default_factory=list)
    graphics: list[Graphics] = field(default_factory=list)
    serials: list[Chr] = field(default_factory=list)
    parallels: list[Chr] = field(default_factory=list)
    consoles: list[Chr] = field(default_factory=list)
    channels: list[Chr] = field(default_factory=list)
    inputs: list[tuple[str, str]] = field(default_factory=list)  # (type, bus) of explicit USB inputs
    sounds: list[str] = field(default_factory=list)
    hostdevs: list[Hostdev] = field(default_factory=list)
    usb_controllers: list[tuple[str, int | None]] = field(default_factory=list)  # (model, ports)
    cpu_mode: str | None = None
    cpu_features: list[tuple[str, str]] = field(default_factory=list)  # (policy, name)
    numa: list[NumaCell] = field(default_factory=list)
    max_grant_frames: int | None = None
    max_event_channels: int | None = None
    qemu_args: list[str] = field(default_factory=list)
    #: facts the conversion could not carry or had to decide, as human-readable notes (shown as warnings)
    dropped: list[str] = field(default_factory=list)

    @property
    def hvm(self) -> bool:
        return self.os_type == "hvm"
