"""Fake `virsh` on libvirt 11.3.0's libxl driver (tools/virsh*.c, tools/vsh.c, src/libxl/libxl_driver.c).

vshCmddefSearch finds a command by its exact name or alias (no prefixes: "error: unknown command: 'X'");
vshCommandParse reports option errors before anything runs (exit 1, no trailer); a command that runs prints,
unless -q, a blank line after its output, failed or not (vshCommandRun).  Domain lookup is by id, UUID, then
name (virshLookupDomainInternal).  The libxl driver lists Domain-0, knows the guests libvirt started or defined,
and never sees xend's stopped managed domains.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

from tests.sim import cli, facts
from tests.sim.base import Fake, NoDomain, Usage
from tests.sim.host import Disk, Domain, Vif
from tests.sim.virsh_dev import Failed, VirshDevices


class Virsh(VirshDevices, Fake):
    tool = "virsh"

    def main(self, argv: list[str]) -> int:
        if not argv:
            return 0  # interactive shell: nothing to read in a script
        name = self._lookup(argv[0])
        if name is None:
            self.out.err(f"error: unknown command: '{argv[0]}'\n")
            return 1
        self.command = name
        try:
            parsed = cli.virsh_parse(name, argv[1:], self.spec(name))
        except cli.UsageError as exc:
            self.out.err(exc.stderr)
            return exc.code
        handler = getattr(self, "cmd_" + name.replace("-", "_"), None)
        code = 0
        try:
            code = handler(parsed) if handler is not None else self._generic(parsed)
        except NoDomain as exc:
            code = self.out.error(name, "no-such-domain", exc.name)
        except Failed as exc:
            self.out.err(f"error: {exc.first}\n" + (f"error: {exc.libvirt}\n" if exc.libvirt else ""))
            code = 1
        except Usage as exc:
            self.out.err(f"error: {exc.message}\n")
            code = 1
        if not self.out.quiet:
            self.out.out("\n")
        return code

    def _lookup(self, word: str) -> str | None:
        for name, spec in self.commands.items():
            if word == name or word in spec.get("aliases", []):
                return name
        return None

    def _generic(self, p: cli.Parsed) -> int:
        dom = self.target(p) if p.value("--domain") is not None else None
        self.act(self.command, dom, args=[f"{f}={v}" if v is not None else f for f, v in p.opts
                                          if f != "--domain"])
        return 0

    # -- queries ---------------------------------------------------------------------------------------------
    def cmd_list(self, p: cli.Parsed) -> int:
        doms = self.domains()
        if p.has("--all"):
            pass
        elif p.has("--inactive", "--state-shutoff"):
            doms = [d for d in doms if not d.active]
        else:
            doms = [d for d in doms if d.active]
        if p.has("--state-running"):
            doms = [d for d in doms if d.active and d.state in ("running", "blocked")]
        if p.has("--state-paused"):
            doms = [d for d in doms if d.state == "paused"]
        if p.has("--persistent"):
            doms = [d for d in doms if d.libvirt == "persistent"]
        if p.has("--transient"):
            doms = [d for d in doms if d.libvirt != "persistent"]
        self.rec.query("list", None)
        flags = [f for f, _ in p.opts]
        if (p.has("--name") or p.has("--id") or p.has("--uuid")) and not p.has("--table"):
            lines = []
            for d in doms:
                if p.has("--id") and not d.active and not (p.has("--name") or p.has("--uuid")):
                    continue
                parts = ([d.uuid] if p.has("--uuid") else []) + \
                        ([str(d.domid) if d.active else "-"] if p.has("--id") else []) + \
                        ([d.name] if p.has("--name") else [])
                lines.append(" ".join(parts))
            self.out.out("".join(line + "\n" for line in lines))
            return 0
        self.out.table("list", flags, [self.row(d) for d in doms])
        return 0

    def cmd_dominfo(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        self.rec.query("dominfo", dom.name)
        self.out.key_values("dominfo", [], facts.dominfo(dom))
        return 0

    def cmd_domid(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        self.rec.query("domid", dom.name)
        self.out.values("domid", [], ["-" if dom.domid is None else str(dom.domid)])
        return 0

    def cmd_domname(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        self.rec.query("domname", dom.name)
        self.out.values("domname", [], [dom.name])
        return 0

    def cmd_domuuid(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        self.out.values("domuuid", [], [dom.uuid])
        return 0

    def cmd_domstate(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        self.rec.query("domstate", dom.name)
        word = facts.state_word("virsh", dom)
        if p.has("--reason"):
            word += " (booted)" if dom.active else " (shutdown)"
        self.out.values("domstate", [], [word])
        return 0

    def cmd_nodeinfo(self, p: cli.Parsed) -> int:
        self.rec.query("nodeinfo")
        self.out.key_values("nodeinfo", [], facts.host_info("virsh", self.host, None))
        return 0

    def cmd_hostname(self, p: cli.Parsed) -> int:
        self.out.values("hostname", [], [facts.host_info("virsh", self.host, None)["hostname"]])
        return 0

    # -- lifecycle -------------------------------------------------------------------------------------------
    def _xml(self, path: str) -> Domain:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as exc:
            raise Failed(f"Failed to open file '{path}': No such file or directory") from exc
        name = root.findtext("name") or ""
        memory = int(root.findtext("currentMemory") or root.findtext("memory") or "131072") // 1024
        vcpus = int(root.findtext("vcpu") or "1")
        disks = [Disk(_attr(d, "target", "dev") or "xvda", _attr(d, "source", "dev") or _attr(d, "source", "file"))
                 for d in root.iter("disk")]
        vifs = [Vif(i, _attr(e, "mac", "address") or f"00:16:3e:5a:01:{i:02x}")
                for i, e in enumerate(root.iter("interface"))]
        return Domain(name, None, memory, vcpus=vcpus, disks=disks, vifs=vifs, config=os.path.abspath(path))

    def cmd_create(self, p: cli.Parsed) -> int:
        path = self.arg(p, "--file")
        dom = self._xml(path)
        if self.host.by_name(dom.name) is not None and self.host.by_name(dom.name).active:  # type: ignore[union-attr]
            raise Failed(f"Failed to create domain from {path}",
                         f"operation failed: domain '{dom.name}' is already active")
        dom.libvirt = "transient"
        self.host.domains.append(dom)
        self.host.start(dom, paused=p.has("--paused"))
        self.act("create", dom, paused=p.has("--paused") or None, memory=dom.memory, vcpus=dom.vcpus)
        self.out.message("create", [], "Domain '%s' created", dom.name, path)
        return 0

    def cmd_define(self, p: cli.Parsed) -> int:
        path = self.arg(p, "--file")
        dom = self._xml(path)
        old = self.host.by_name(dom.name)
        if old is not None:
            old.libvirt = "persistent"
        else:
            dom.state = "halted"
            self.host.domains.append(dom)
        self.act("define", dom, memory=dom.memory, vcpus=dom.vcpus)
        self.out.message("define", [], "Domain '%s' defined", dom.name, path)
        return 0

    def cmd_undefine(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        self.act("undefine", dom)
        if dom.active:
            dom.libvirt = "transient"
        else:
            self.host.domains.remove(dom)
        self.out.message("undefine", [], "Domain '%s' has been undefined", dom.name)
        return 0

    def cmd_start(self, p: cli.Parsed) -> int:
        dom = self.target(p)
        if dom.active:
            raise Failed("Domain is already active")
        self.host.start(dom, paused=p.has("--paused"))
        self.act("start", dom, paused=p.has("--paused") or None)
        self.out.message("start", [], "Domain '%s' started", dom.name)
        if p.has("--console"):
            self.act("console", dom)
        return 0

    def cmd_shutdown(self, p: cli.Parsed) -> int:
        dom = self.active(p, "shutdown")
        self.shutdown(dom, "none")
        self.out.message("shutdown", [], "Domain '%s' is being shutdown", dom.name)
        return 0

    def cmd_reboot(self, p: cli.Parsed) -> int:
        dom = self.active(p, "reboot")
        self.shutdown(dom, "none", "reboot")
        self.out.message("reboot", [], "Domain '%s' is being rebooted", dom.name)
        return 0

    def cmd_destroy(self, p: cli.Parsed) -> int:
        dom = self.active(p, "destroy")
        self.destroy(dom)
        self.out.message("destroy", [], "Domain '%s' destroyed", dom.name)
        return 0

    def cmd_suspend(self, p: cli.Parsed) -> int:
        dom = self.active(p, "suspend")
        self.pause(dom, True)
        self.out.message("suspend", [], "Domain '%s' suspended", dom.name)
        return 0

    def cmd_resume(self, p: cli.Parsed) -> int:
        dom = self.active(p, "resume")
        self.pause(dom, False)
        self.out.message("resume", [], "Domain '%s' resumed", dom.name)
        return 0

    def cmd_save(self, p: cli.Parsed) -> int:
        dom = self.active(p, "save")
        path = self.arg(p, "--file")
        if not self.save(dom, path):
            raise Failed(f"Failed to save domain '{dom.name}' to {path}")
        self.out.message("save", [], "Domain '%s' saved", dom.name, path)
        return 0

    def cmd_restore(self, p: cli.Parsed) -> int:
        path = self.arg(p, "--file")
        if self.restore(path, paused=p.has("--paused")) is None:
            raise Failed(f"Failed to restore domain from {path}")
        self.out.message("restore", [], "Domain restored from", path)
        return 0

    def cmd_migrate(self, p: cli.Parsed) -> int:
        dom = self.active(p, "migrate")
        from tests.sim.dispatch import uri_host

        host = uri_host(self.arg(p, "--desturi"), "")
        if not host:
            raise Failed("Failed to migrate domain", "invalid argument: no destination host in the URI")
        self.migrate(dom, host, live=p.has("--live"), transport="libvirt")
        return 0

    def cmd_console(self, p: cli.Parsed) -> int:
        self.console(self.active(p, "connect to the console of"))
        return 0


def _attr(element: ET.Element, child: str, name: str) -> str:
    found = element.find(child)
    return (found.get(name) or "") if found is not None else ""
