"""How to run each script of the linter's fixtures and of the real-world corpus so that its xm calls execute:
arguments, environment and the files it reads.  Scripts that cannot run to their xm calls (templates with
@SBINDIR@, sourced settings files, non-shell programs) have no scenario and are listed with the reason."""

from __future__ import annotations

from pathlib import Path

from tests.sim.runner import Scenario
from tests.support import ROOT, SHARED

FIXTURES = ROOT / "tests" / "lint" / "fixtures"
CORPUS = SHARED / "corpus" / "scripts"

_GUESTS = "web1 /etc/xen/web1.cfg\nmail1 /etc/xen/mail1.cfg\n"
_SNAPSHOTS = (FIXTURES / "xen-snapshots.sysconfig").read_text(encoding="utf-8") if FIXTURES.exists() else ""


def _ocf(action: str, name: str = "web1", **extra: str) -> Scenario:
    env = {"OCF_RESKEY_name": name, "OCF_RESKEY_config": f"/etc/xen/{name}.cfg", **extra}
    return Scenario(args=(action,), env=env)


#: fixture path (relative to tests/lint/fixtures) -> {scenario id: scenario}
FIXTURE_SCENARIOS: dict[str, dict[str, Scenario]] = {
    "backup-guests.sh": {"nightly": Scenario(), "nightly-plain": Scenario(managed=False)},
    "check_xen_host": {"ok": Scenario(args=("1024",)), "warning": Scenario(args=("99999",)),
                       "ok-plain": Scenario(args=("1024",), managed=False)},
    "cleanup.sh": {"run": Scenario()},
    "init-guests.sh": {
        "start": Scenario(args=("start",), files={"/etc/site/guests": _GUESTS}),
        "stop": Scenario(args=("stop",), files={"/etc/site/guests": _GUESTS}),
        "status": Scenario(args=("status",)),
    },
    "ocf-xmguest": {
        "start-stopped": _ocf("start", "mail1"),
        "start-running": _ocf("start"),
        "stop": _ocf("stop"),
        "monitor": _ocf("monitor"),
        "monitor-missing": _ocf("monitor", "nope"),
        "migrate": _ocf("migrate_to", OCF_RESKEY_CRM_meta_migrate_target="node2"),
    },
    "cron.daily/xen-snapshots": {
        "enabled": Scenario(files={"/etc/sysconfig/xen-snapshots": _SNAPSHOTS}),
        "one-stopped": Scenario(files={"/etc/sysconfig/xen-snapshots": _SNAPSHOTS.replace("db1", "mail1")}),
    },
}

#: fixtures that are not run, and why
FIXTURES_NOT_RUN = {
    "guest-console.sh.in": "a template: @SBINDIR@ is filled in at install time",
    "xen-snapshots.sysconfig": "settings sourced by cron.daily/xen-snapshots, not a program",
    "notes.txt": "not a script",
}


def fixture(path: str) -> Path:
    return FIXTURES / path


# -- the real-world corpus (../shared/corpus/scripts, read in place) -----------------------------------------
_CLOUDXY_ENV = """\
VMS_WORK_DIR=/var/lib/vms
LOG_MSG() { echo "LOG: $*"; }
unbind_nbd_from_hlfs() { return 0; }
unbind_nbd() { return 0; }
destroy_blktap_dev() { return 0; }
destroy_hlfs() { return 0; }
mkfs_hlfs_with_size() { return 0; }
get_devid_by_hlfs() { return 1; }
find_unused_dev() { echo xvdc; }
"""
_CLOUDXY_FILES = {"/opt/vm_ops_scripts/utils/env.bash": _CLOUDXY_ENV,
                  "/opt/vm_ops_scripts/start_vm/scene.bash": "attach_iso_to_vm() { return 0; }\n"}
_VM = "vm-42:256"  # the cloudxy and CloudStack guests are named by the cloud manager
_MIRAGE = {"/opt/mirage/tests/hello/app": "", "/opt/mirage/scripts/init.sh": "", "/opt/mirage/scripts/minios-config.in":
           "name = '@NAME@'\nkernel = '@KERNEL@'\nmemory = 32\n",
           "/opt/mirage/scripts/linux-config.in": "name = '@NAME@'\nkernel = '@KERNEL@'\nmemory = 64\n"}
_MIRAGE_ENV = {"MIRAGE_ROOT": "/opt/mirage", "MIR_BIN": "true", "SUDO": "sudo"}
_OVM_UUID = "0004fb0000060000a1b2c3d4e5f60718"
_OVM_FILES = {f"/OVS/Repositories/r1/VirtualMachines/{_OVM_UUID}/vm.cfg":
              f"simp = 'web9'\nname = '{_OVM_UUID}'\nmemory = 512\n", "/root/.bash_profile": "",
              "/root/backup/logging/vms/.keep": "", "/root/backup/backup-vm-as-template.sh": "#!/bin/sh\nexit 0\n"}
_IMAGES = {f"/images/{d}/{f}": "" for d in ("i-2-9", "i-2-10")
           for f in ("vmlinuz-2.6.18", "initrd-2.6.18.img", "vmi-root.img", "swap.img", "vmi-data1.img")}
_VNET = {"/usr/sbin/lsmod": "#!/bin/sh\necho 'vnet_module 45056 0'\n", "/usr/sbin/vn": "#!/bin/sh\nexit 0\n",
         "/root/edithosts.sh": "#!/bin/sh\nexit 0\n"}
_XENBACKUP = {"/etc/xen/web1.cfg": "name = 'web1'\nmemory = 512\n", "/backup/.keep": ""}
_DTC = {"/etc/dtc-xen/dtc-xen.conf": "vps_mac_prefix=00:16:3e:00\n", "/etc/xen/xen07": "memory = 256\nname = 'xen07'\n",
        "/var/lib/dtc-xen/mnt/07/.keep": ""}
_DTC_TOOLS = {"/usr/sbin/dtc-xen-volgroup": "#!/bin/sh\necho vg0\n", "/usr/sbin/dtc_setup_vps_disk": "#!/bin/sh\n",
              "/usr/sbin/lvdisplay": "#!/bin/sh\necho '  /dev/vg0/xen07:vg0:3:1:1:0:20971520:2560:-1:0:-1:254:7'\n"}

CORPUS_SCENARIOS: dict[str, dict[str, Scenario]] = {
    "dtc-xen__xm_info_free_memory": {"run": Scenario()},
    "dtc-xen__dtc-xen_userconsole": {"console": Scenario(env={"USER": "web1"})},
    "dtc-xen__dtc-xen_migrate": {"migrate": Scenario(args=("07", "node2"), files=_DTC, programs=_DTC_TOOLS,
                                                     guests="xen07:256")},
    "dtc-xen__dtc-xen_finish_install": {"run": Scenario(args=("node1",))},
    "lingcloud__op-virtual-node.sh": {"shutdown": Scenario(args=("node1", "web1", "shutdown")),
                                      "missing": Scenario(args=("node1", "nope", "shutdown"))},
    "personal__rhcs_CheckXenRam.sh": {"nodes": Scenario(files={"/gfs1/web1/web1": "vcpus = 1\n"})},
    "karesansui__makefirewall.sh": {"web1": Scenario(args=("web1",))},
    "cloudxy__vm_stop.bash": {"running": Scenario(args=("42",), files=_CLOUDXY_FILES, guests=_VM),
                              "absent": Scenario(args=("43",), files=_CLOUDXY_FILES)},
    "cloudxy__vdisk_add.bash": {"attach": Scenario(args=("42", "local:///tmp/hlfs", "1024"), files=_CLOUDXY_FILES,
                                                   guests=_VM)},
    "cloudxy__vm_start.bash": {"exists": Scenario(args=("42", "uri", "256", "pw", "5901", "h", "pw", "10.0.0.9",
                                                        "linux"), files=_CLOUDXY_FILES, guests=_VM)},
    "cloudxy__scene.bash": {"attach": Scenario(files=_CLOUDXY_FILES, driver=(
        "#!/bin/bash\nsource /opt/vm_ops_scripts/utils/env.bash\nsource $SIM_LIB\n"
        "ISO_FILE_PATH=/var/lib/vms/scene.iso\nattach_iso_to_vm web1; echo rc=$?\n"
        "detach_iso_from_vm web1; echo rc=$?\n"))},
    "cloudxy__vdisk_ops.bash": {"devid": Scenario(driver="#!/bin/bash\nsource $SIM_LIB\nget_devid_by_hlfs db1 x; "
                                                          "echo rc=$?; get_dev_by_devid db1 51728; echo rc=$?\n")},
    "mirage__deploy-minios": {"hello": Scenario(args=("hello",), env=_MIRAGE_ENV, files=_MIRAGE, lifetime=6)},
    "mirage__deploy-linux": {"hello": Scenario(args=("hello",), env=_MIRAGE_ENV, files=_MIRAGE, lifetime=6)},
    "xen-control-scripts__full-virtual-machines-upgrade.sh": {"upgrade": Scenario(),
                                                              "reboot": Scenario(args=("--reboot",))},
    "xenBackup__xenBackup": {"shutdown-backup": Scenario(args=("-s", "-d", "web1", "-t", "/backup", "-e", "tar"),
                                                         files=_XENBACKUP)},
    "paulgear-puppet__xen-backup.before": {"all": Scenario(), "one": Scenario(args=("web1",))},
    "oracleToolbox__ovmvncconsole.sh": {"check": Scenario(args=("web1", "localhost", "01"),
                                                          programs={"/usr/bin/nc": "#!/bin/sh\nexit 1\n"})},
    "cloudstack-old__xen_rebootvm.sh": {"reboot": Scenario(args=("-l", "web1")),
                                        "missing": Scenario(args=("-l", "nope"))},
    "cloudstack-old__xen_stopvm.sh": {"one": Scenario(args=("-l", "web1")), "all": Scenario(args=("-a",)),
                                      "forced": Scenario(args=("-f", "-l", "db1"))},
    "cloudstack-old__zfs_nfs_stopvm.sh": {"one": Scenario(args=("-l", "web1")), "all": Scenario(args=("-a",))},
    "cloudstack-old__xen_runvm.sh": {"new": Scenario(args=("-v", "10", "-i", "10.1.1.5", "-m", "256", "-a",
                                                           "00:16:3e:11:22:33", "-g", "10.1.1.1", "-l", "i-2-9",
                                                           "-c", "5", "-w", "pw", "-n", "1", "-u", "0", "-b",
                                                           "external", "/images/i-2-9"), files=_IMAGES,
                                                     programs=_VNET)},
    "cloudstack-old__xen_rundomp.sh": {"new": Scenario(args=("-i", "10.1.1.6", "-m", "128", "-A", "00:16:3e:aa:bb:cc",
                                                             "-g", "10.1.1.1", "-l", "r-1", "-n", "255.255.255.0",
                                                             "-b", "5", "/images/r-1"),
                                                       programs={"/usr/bin/ping": "#!/bin/sh\nexit 1\n"})},
    "cloudstack-old__zfs_nfs_runvm.sh": {"new": Scenario(args=("-v", "10", "-i", "10.1.1.7", "-m", "256", "-a",
                                                               "00:16:3e:11:22:44", "-g", "10.1.1.1", "-l", "i-2-10",
                                                               "-c", "6", "-w", "pw", "-n", "1", "-u", "0",
                                                               "/images/i-2-10"), files=_IMAGES,
                                                         programs=_VNET)},
    "cloudstack-old__ipassoc_vlan.sh": {"add": Scenario(args=("-A", "-r", "web1", "-i", "10.1.1.2", "-l",
                                                              "192.0.2.10", "-a", "00:16:3e:00:00:03", "-v", "5",
                                                              "-g", "192.0.2.1", "-n", "255.255.255.0"))},
}

#: corpus files that are not run, and why
CORPUS_NOT_RUN = {
    "ovm__backup_one_vm.sh": "CRLF line endings: bash stops with a syntax error (`do\\r`) before the loop that "
                             "calls xm",
    "xen-control-scripts__update-and-reboot.sh": "a template: `nfsMachine=<NFS-MACHINE>` is a redirection, so the "
                                                 "script stops with a syntax error before any xm call",
    "obs-build__xen.before": "the whole build tool: reaching its Xen code needs a build root and packages",
    "obs-build__xen.after": "the author's xl version (a sourced fragment of functions)",
    "paulgear-puppet__xen-backup.after": "the author's own xl version (compared separately)",
}


def corpus(path: str) -> Path:
    return CORPUS / path
