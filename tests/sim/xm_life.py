"""xm's lifecycle commands: create/new/start/delete, shutdown/reboot/destroy, pause, save/restore, migrate,
console.  Sources (RELEASE-4.4.4, tools/python/xen/): xm/create.py (parseCommandLine, make_domain), xm/new.py,
xm/shutdown.py (main_dom, main_all, wait_shutdown, wait_reboot), xm/migrate.py, xm/main.py (xm_start,
xm_delete, xm_save, xm_restore, xm_console), xend/XendDomainInfo.py (create: "Domain 'X' already exists with
ID 'N'"; shutdown of a halted domain: "Domain cannot be shutdown")."""

from __future__ import annotations

import os
import posixpath

from tests.sim import cli, configs, sxp
from tests.sim.base import Fake, Usage
from tests.sim.facts import vdev_number
from tests.sim.host import Domain


class XmLife(Fake):
    # -- create / new ----------------------------------------------------------------------------------------
    def _config(self, p: cli.Parsed) -> tuple[dict[str, object] | None, str]:
        """(values, config path) the way create.parseCommandLine builds them; exits through Usage."""
        words = [a for a in p.args if "=" not in a]
        variables = dict(a.split("=", 1) for a in p.args if "=" in a)
        variables = {k.strip(): v.strip() for k, v in variables.items()}
        defconfig = p.value("-f") or (words[0] if words else "xmdefconfig")
        path = configs.xm_find(defconfig, p.value("--path") or ".:/etc/xen")
        if path is None:
            raise Usage(f"Unable to open config file: {defconfig}")
        if not p.has("-q"):
            self.out.message(self.command, [], "Using config file", path)
        values, problem = configs.xm_values(path, variables)
        if values is None:
            raise Usage(problem)
        values.setdefault("name", posixpath.basename(defconfig))
        return values, path

    def _new_domain(self, values: dict[str, object], path: str) -> Domain:
        name = str(values["name"])
        fields = configs.domain_fields(dict(values), vdev_number)
        return Domain(name, None, config=os.path.abspath(path), libvirt=None, **fields)

    def cmd_create(self, p: cli.Parsed) -> int:
        values, path = self._config(p)
        assert values is not None
        if p.has("-n"):
            self.out.text(sxp.xm_config(values))
            return 0
        dom = self._new_domain(values, path)
        other = self.host.by_name(dom.name)
        if other is not None and other.active:
            self.act("create", dom, paused=p.has("-p") or None)
            self.rec.fail_last()
            return self.out.error("create", "create-failed",
                                  f"Domain '{dom.name}' already exists with ID '{other.domid}'")
        if other is not None:
            self.host.domains.remove(other)
        self.host.domains.append(dom)
        self.host.start(dom, paused=p.has("-p"))
        self.act("create", dom, paused=p.has("-p") or None, memory=dom.memory, vcpus=dom.vcpus)
        if not p.has("-q"):
            self.out.message("create", [], "Started domain", dom.name, dom.domid)
        if p.has("-c"):
            self.console(dom)
        return 0

    def cmd_new(self, p: cli.Parsed) -> int:
        values, path = self._config(p)
        assert values is not None
        dom = self._new_domain(values, path)
        if self.host.by_name(dom.name) is not None:
            raise Usage(f"Domain '{dom.name}' already exists")
        dom.xend_managed, dom.state = True, "halted"
        self.host.domains.append(dom)
        self.act("define", dom, memory=dom.memory, vcpus=dom.vcpus)
        return 0

    def cmd_start(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        if dom.active:
            raise Usage("Domain is already running")
        self.host.start(dom, paused=p.has("-p"))
        self.act("start", dom, paused=p.has("-p") or None)
        if p.has("-c"):
            self.console(dom)
        return 0

    def cmd_delete(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        if dom.active:
            raise Usage("Domain is not halted.")
        self.act("undefine", dom)
        self.host.domains.remove(dom)
        return 0

    # -- stopping --------------------------------------------------------------------------------------------
    def cmd_shutdown(self, p: cli.Parsed, reboot: bool = False) -> int:
        if p.has("-H") and (p.has("-R") or reboot):
            raise Usage("Can't specify halt and reboot")
        mode = "reboot" if reboot or p.has("-R") else ("halt" if p.has("-H") else "poweroff")
        wait = "destroyed" if p.has("-w") else "none"
        if p.has("-a"):
            doms = [d for d in self.domains() if d.active and d.domid != 0]
        else:
            if not p.args:
                raise Usage("No domain parameter given")
            if len(p.args) > 1:
                raise Usage("No multiple domain parameters allowed")
            doms = [self.dom(p.args[0])]
            if doms[0].domid == 0:
                raise Usage("Domain 0 cannot be shutdown")
            if not doms[0].active:
                raise Usage("Domain cannot be shutdown")
        for dom in doms:
            self.shutdown(dom, wait, mode)
        if p.has("-w"):
            word = "rebooted" if mode == "reboot" else "terminated"
            for dom in doms:
                self.out.message("reboot" if mode == "reboot" else "shutdown", ["-w"], "Domain %s", dom.name)
            self.out.message("reboot" if mode == "reboot" else "shutdown", ["-w"], f"All domains {word}")
        return 0

    def cmd_reboot(self, p: cli.Parsed) -> int:
        return self.cmd_shutdown(p, reboot=True)

    def cmd_destroy(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        if dom.domid == 0:
            raise Usage(f"Cannot destroy privileged domain {p.args[0]}")
        if not dom.active:  # XendDomainInfo.destroy: nothing to do for a halted domain
            self.act("destroy", dom)
            return 0
        self.destroy(dom)
        return 0

    def cmd_pause(self, p: cli.Parsed) -> int:
        self.pause(self._started(p.args[0], "pause"), True)
        return 0

    def cmd_unpause(self, p: cli.Parsed) -> int:
        self.pause(self._started(p.args[0], "unpause"), False)
        return 0

    def _started(self, qualifier: str, verb: str) -> Domain:
        """XendDomain.domain_pause/unpause: dom0 is refused, a halted domain "is not started"."""
        dom = self.dom(qualifier)
        if dom.domid == 0:
            raise Usage(f"Cannot {verb} privileged domain {qualifier}")
        if not dom.active:
            raise Usage(f"Domain '{qualifier}' is not started")
        return dom

    def _active(self, qualifier: str) -> Domain:
        """XendDomain.domain_save/migrate: a halted domain "is not running"."""
        dom = self.dom(qualifier)
        if not dom.active:
            raise Usage("Domain is not running")
        return dom

    # -- save / restore / migrate ----------------------------------------------------------------------------
    def cmd_save(self, p: cli.Parsed) -> int:
        if len(p.args) != 2:
            raise Usage("Wrong number of parameters")
        target = os.path.abspath(p.args[1])
        if not os.access(os.path.dirname(target), os.W_OK):
            self.out.err(f"Error: xm save: Unable to create file {target}\n")
            return 1
        dom = self._active(p.args[0])
        self.save(dom, target, checkpoint=p.has("-c"))
        return 0

    def cmd_restore(self, p: cli.Parsed) -> int:
        if len(p.args) != 1:
            raise Usage("Wrong number of parameters")
        target = os.path.abspath(p.args[0])
        if not os.access(target, os.R_OK):
            self.out.err(f"Error: xm restore: Unable to read file {target}\n")
            return 1
        if self.restore(target, paused=p.has("-p")) is None:
            raise Usage(f"Restore failed: {target} is not a saved domain")
        return 0

    def cmd_migrate(self, p: cli.Parsed) -> int:
        if len(p.args) != 2:
            raise Usage("Invalid number of arguments")
        dom = self._active(p.args[0])
        port = p.value("-p")
        self.migrate(dom, p.args[1], live=p.has("-l", "--live"), transport="xend",
                     port=int(port) if port else None, ssl=p.has("-s") or None)
        return 0

    def cmd_console(self, p: cli.Parsed) -> int:
        if len(p.args) != 1:
            raise Usage("No domain given")
        dom = self.find(p.args[0])
        if dom is None or not dom.active:
            if p.has("-q"):
                return 1
            if dom is None:
                return self.out.error("console", "no-such-domain", p.args[0], fallback=(
                    "stderr", "Error: Domain '%s' does not exist.\n", 3))
            raise Usage(f"Domain '{dom.name}' is not started")
        self.console(dom)
        return 0
