"""Build a test xm/xend host tree under a directory.

Real public material is read in place from ../shared/corpus at test time and copied into the temporary tree
(never into the repository): domain configs (xm-era Python configs, xl-style configs, an HVM config) and xend
SXP domain records (libvirt's sexpr2xml fixtures, which are what xend kept in /var/lib/xend/domains/UUID/
config.sxp), plus real shell scripts.

Xen's own RELEASE-4.4.4 files (tools/examples/xend-config.sxp, the xmexample configs) cannot be fetched on a
fresh CI machine: xend left Xen in 4.5, and the Debian archive reachable there carries only current xen source
packages (4.17 and later).  So the host-level files below are written for these tests in our own words,
modelled on the documented formats:
- xend-config.sxp: the option names and value forms of RELEASE-4.4.4 tools/examples/xend-config.sxp and
  tools/python/xen/xend/XendOptions.py;
- the xendomains sysconfig: the variables of RELEASE-4.4.4 tools/hotplug/Linux/init.d/sysconfig.xendomains;
- menu.lst: GRUB legacy's `title`/`kernel`/`module` form for booting Xen (hypervisor options from
  docs/misc/xen-command-line.pandoc);
- the xend init script stub, the crontab and the small local script.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.support import SHARED

CORPUS = SHARED / "corpus"
UUID_PV = "4f2a3b1c-0d9e-4c55-9a7e-1b2c3d4e5f60"
UUID_HVM = "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"

#: (corpus file, host path)
CORPUS_FILES = [
    ("configs/depo_xen_cfg__iisserver.cfg", "/etc/xen/iisserver.cfg"),  # Python: os.getcwd(), string building
    ("configs/xen-utils__guest01.cfg", "/etc/xen/guest01.cfg"),  # xm-era PV guest, file: disks
    ("configs/acmlug-xen__dev.cfg", "/etc/xen/dev.cfg"),  # xl-style PV guest with xm-era disk prefixes
    ("configs/xen-utils__sysbench.cfg", "/etc/xen/auto/sysbench"),  # kept in auto/ itself, not linked
    ("configs/ooh__vm.cfg", "/etc/xen/vm/ooh-vm.cfg"),  # HVM without the hvmloader path
    ("configs/libvirt__sexpr2xml-pv-bootloader.sexpr", f"/var/lib/xend/domains/{UUID_PV}/config.sxp"),
    ("configs/libvirt__sexpr2xml-fv.sexpr", f"/var/lib/xend/domains/{UUID_HVM}/config.sxp"),
    ("scripts/cloudstack-old__xen_stopvm.sh", "/usr/local/bin/xen_stopvm.sh"),
    ("scripts/ovm__backup_one_vm.sh", "/root/bin/backup_one_vm.sh"),
    ("scripts/dtc-xen__xm_info_free_memory", "/etc/cron.daily/xm_info_free_memory"),
    ("scripts/xen-control-scripts__update-and-reboot.sh", "/opt/xen-control/update-and-reboot.sh"),
]

XEND_CONFIG = """\
# xend settings of the test host (written for xlref's tests; see the module docstring)
(logfile /var/log/xen/xend.log)
(xend-relocation-server yes)
(xend-relocation-port 8002)
(xend-relocation-hosts-allow '^peer1\\\\.example\\\\.net$ ^localhost$')
(network-script 'network-bridge bridge=xenbr0')
(vif-script vif-bridge)
(dom0-min-mem 1024)
(enable-dom0-ballooning no)
(dom0-cpus 2)
(vnc-listen '0.0.0.0')
(vncpasswd '')
(xend-domain-lock yes)
(xend-domain-lock-path /srv/xen-locks)
(made-up-option 42)
(dom0-cpus 4)
"""

XENDOMAINS = """\
## xendomains settings of the test host
XENDOMAINS_SYSRQ=""
XENDOMAINS_USLEEP=100000
XENDOMAINS_MIGRATE="-l peer1.example.net"
XENDOMAINS_SAVE=/var/lib/xen/save
XENDOMAINS_SHUTDOWN="--halt --wait"
XENDOMAINS_SHUTDOWN_ALL="--all --wait"
XENDOMAINS_RESTORE=true
XENDOMAINS_AUTO=/etc/xen/auto
XENDOMAINS_AUTO_ONLY=true
XENDOMAINS_STOP_MAXWAIT=300
XENDOMAINS_LOCAL_OPTION=yes
"""

MENU_LST = """\
# boot menu of the test host
default 0
timeout 5

title Xen 4.4 with Linux
    root (hd0,0)
    kernel /boot/xen.gz dom0_mem=2048M,max:2048M dom0_max_vcpus=2 console=vga
    module /boot/vmlinuz-xen root=/dev/sda2 ro
    module /boot/initrd-xen

title Linux without Xen
    root (hd0,0)
    kernel /boot/vmlinuz root=/dev/sda2 ro
"""

XEND_INIT = """\
#!/bin/sh
### BEGIN INIT INFO
# Provides: xend
### END INIT INFO
# stand-in for the xend init script of the test host
exec /usr/sbin/xend "$@"
"""

CRONTAB = """\
SHELL=/bin/sh
# nightly list of the running guests
30 2 * * * root xm list > /var/log/xen-guests.txt
@reboot root xm create /etc/xen/dev.cfg
0 4 * * 0	root	xm destroy sysbench
"""

LOCAL_SCRIPT = """\
#!/bin/bash
# start every guest kept in /etc/xen/vm (a small script of the test host)
for cfg in /etc/xen/vm/*.cfg; do
    xm create "$cfg"
done
xm list
"""


def _put(root: Path, host_path: str, data: bytes, mode: int = 0o644) -> Path:
    path = root / host_path.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(mode)
    return path


def build(root: Path) -> Path:
    """Fill `root` with the test host and return it."""
    for src, dest in CORPUS_FILES:
        data = (CORPUS / src).read_bytes()
        _put(root, dest, data, 0o755 if src.startswith("scripts/") else 0o644)
    _put(root, "/etc/xen/xend-config.sxp", XEND_CONFIG.encode())
    _put(root, "/etc/sysconfig/xendomains", XENDOMAINS.encode())
    _put(root, "/boot/grub/menu.lst", MENU_LST.encode())
    _put(root, "/etc/init.d/xend", XEND_INIT.encode(), 0o755)
    _put(root, "/etc/crontab", CRONTAB.encode())
    _put(root, "/usr/local/sbin/start-guests", LOCAL_SCRIPT.encode(), 0o755)
    _put(root, "/etc/xen/README", b"notes about this host's guests\n")
    _put(root, "/var/lib/xen/save/guest01", b"LinuxGuestRecord" + bytes(64))
    rc3 = root / "etc/rc3.d"
    rc3.mkdir(parents=True)
    (rc3 / "S50xend").symlink_to("../init.d/xend")
    auto = root / "etc/xen/auto"
    (auto / "guest01").symlink_to("/etc/xen/guest01.cfg")  # absolute: resolved inside ROOT
    (auto / "shadow").symlink_to("/etc/shadow")  # must never be read
    (auto / "escape").symlink_to("../../../../../../../../etc/passwd")  # clamped at ROOT
    (auto / "loop").symlink_to("loop")
    os.mkfifo(root / "usr/local/bin/guest-events")  # never opened (a read would block)
    return root
