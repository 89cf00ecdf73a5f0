"""What every fake tool shares: the command table from the dataset, domain lookup in the tool's own view of the
host, and the host actions (the same state change and the same normalised record whichever tool asked)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, ClassVar

from tests.sim import cli, configs, facts
from tests.sim.host import Domain, Host, State, Vif
from tests.sim.ops import Recorder
from tests.sim.printer import Printer

Handler = Callable[[cli.Parsed], int]


class Usage(Exception):
    """Wrong arguments: each tool prints it its own way (xm: Error: + usage, exit 1)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoDomain(Exception):
    """The tool cannot find the domain it was given."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class Fake:
    tool = ""

    def __init__(self, state: State, host: Host, out: Printer, rec: Recorder, data: dict[str, Any],
                 release: str | None) -> None:
        self.state, self.host, self.out, self.rec, self.release = state, host, out, rec, release
        self.commands: dict[str, Any] = data["commands"][self.tool]
        self.command = ""

    def before(self, release: str) -> bool:
        """xl: is the simulated release older than `release`?  (None stands for the newest.)"""
        return self.release is not None and cli.release_key(self.release) < cli.release_key(release)

    # -- the tool's view of the host -------------------------------------------------------------------------
    def visible(self, dom: Domain) -> bool:
        if self.tool == "xm":
            return dom.active or dom.xend_managed
        if self.tool == "xl":
            return dom.active
        return dom.active or dom.libvirt == "persistent"

    def domains(self) -> list[Domain]:
        doms = [d for d in self.host.domains if self.visible(d)]
        return sorted(doms, key=lambda d: (d.domid is None, d.domid or 0, d.name))

    def find(self, qualifier: str) -> Domain | None:
        dom = self.host.find(qualifier)
        return dom if dom is not None and self.visible(dom) else None

    def dom(self, qualifier: str) -> Domain:
        """The domain the tool would find, or NoDomain (each tool words that failure its own way)."""
        dom = self.find(qualifier)
        if dom is None:
            raise NoDomain(qualifier)
        return dom

    # -- command table ---------------------------------------------------------------------------------------
    def spec(self, name: str) -> dict[str, Any]:
        return dict(self.commands.get(name, {}))

    def known(self) -> dict[str, str]:
        """Every spelling (names and aliases) present at this release -> the command's name."""
        out: dict[str, str] = {}
        for name, spec in self.commands.items():
            if not cli._in_release(spec, self.release if self.tool == "xl" else None):
                continue
            out[name] = name
            for alias in spec.get("aliases", []):
                out.setdefault(alias, name)
        return out

    def _generic(self, p: cli.Parsed) -> int:
        """A command the simulator has no model for: check the domain argument, record the request."""
        args_spec = self.spec(self.command).get("arguments", [])
        target = None
        if p.args and args_spec and args_spec[0]["name"].upper().startswith("DOM"):
            target = self.dom(p.args[0]).name
        self.act(self.command, target, args=p.args[1:] if target else p.args)
        return 0

    # -- actions ---------------------------------------------------------------------------------------------
    def act(self, op: str, dom: Domain | str | None, **fields: Any) -> None:
        name = dom.name if isinstance(dom, Domain) else dom
        self.rec.action(op, name, **fields)

    def attach_vif(self, dom: Domain, spec: list[str]) -> None:
        """network-attach: the new vif takes the next device number; the settings given are recorded."""
        vif = configs.vif_from_spec(",".join(spec), max((v.devid for v in dom.vifs), default=-1) + 1)
        dom.vifs.append(vif)
        self.act("network-attach", dom, mac=vif.mac if any("mac=" in a for a in spec) else None, bridge=vif.bridge,
                 settings=sorted(a for a in spec if not a.startswith(("mac=", "bridge="))) or None)

    @staticmethod
    def find_vif(dom: Domain, which: str) -> Vif | None:
        """network-detach's device: a device number or a MAC address (any case)."""
        which = which.lower()
        return next((v for v in dom.vifs if str(v.devid) == which or v.mac.lower() == which), None)

    def detach_vif(self, dom: Domain, vif: Vif) -> None:
        dom.vifs.remove(vif)
        self.act("network-detach", dom, mac=vif.mac)

    def dmesg(self, clear: bool) -> None:
        """Print the hypervisor's message buffer; clearing it is an action, reading it a query."""
        self.out.text("".join(line + "\n" for line in self.host.dmesg))
        if clear:
            self.act("dmesg-clear", None)
            self.host.dmesg.clear()
        else:
            self.rec.query("dmesg")

    def shutdown(self, dom: Domain, wait: str, mode: str = "poweroff") -> None:
        self.act("reboot" if mode == "reboot" else "shutdown", dom, wait=wait,
                 mode=None if mode in ("poweroff", "reboot") else mode)
        self.host.shut_down(dom, wait, "reboot" if mode == "reboot" else "shutdown")

    def destroy(self, dom: Domain) -> None:
        self.act("destroy", dom)
        self.host.remove(dom)

    def pause(self, dom: Domain, paused: bool) -> None:
        self.act("pause" if paused else "unpause", dom)
        dom.state = "paused" if paused else "blocked"

    #: the format of the images each tool writes: xend's (XendCheckpoint.py, "LinuxGuestRecord"), xl's own header
    #: ("Xen saving domain, xl format", xl_saverestore.c) and libvirt's libxl driver's ("libvirt-xml",
    #: libxl_domain.c); each tool restores only its own
    IMAGE_FORMATS: ClassVar[dict[str, str]] = {"xm": "xend", "xl": "xl", "virsh": "libvirt"}

    def save(self, dom: Domain, path: str, checkpoint: bool = False, paused: bool = False) -> bool:
        target = os.path.abspath(path)
        fmt = self.IMAGE_FORMATS[self.tool]
        try:
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(f"xlref-sim-save {fmt} {dom.name} {dom.memory} {dom.vcpus}\n")
        except OSError:
            self.act("save", dom, file=target, checkpoint=checkpoint or None, format=fmt)
            self.rec.fail_last()
            return False
        self.act("save", dom, file=target, checkpoint=checkpoint or None, format=fmt)
        if not checkpoint:
            self.host.remove(dom) if not dom.xend_managed else setattr(dom, "domid", None)
        elif paused:
            dom.state = "paused"
        return True

    @staticmethod
    def read_image(path: str) -> list[str] | None:
        """The words of a save image (format, name, memory, vCPUs), or None when it cannot be read."""
        try:
            with open(os.path.abspath(path), encoding="utf-8") as fh:
                words = fh.read().split()
        except OSError:
            return None
        return words[1:5] if len(words) >= 5 and words[0] == "xlref-sim-save" else []

    def restore(self, path: str, paused: bool = False) -> Domain | None:
        """Restore an image this tool wrote; anything else fails (a failed attempt, recorded as such)."""
        target = os.path.abspath(path)
        words = self.read_image(target)
        if not words or words[0] != self.IMAGE_FORMATS[self.tool]:
            self.act("restore", None, file=target)
            self.rec.fail_last()
            return None
        name = words[1]
        dom = self.host.by_name(name)
        if dom is None:
            dom = Domain(name, None, int(words[2]), vcpus=int(words[3]), libvirt=None)
            self.host.domains.append(dom)
        self.host.start(dom, paused)
        self.act("restore", dom, file=target, paused=paused or None)
        return dom

    def migrate(self, dom: Domain, target: str, live: bool, transport: str, **fields: Any) -> None:
        self.act("migrate", dom, to=target, live=live, transport=transport, **fields)
        other = self.state.host(target)
        self.host.domains.remove(dom)
        moved = Domain.load({**_as_dict(dom), "domid": other.new_domid()})
        other.domains.append(moved)

    def console(self, dom: Domain) -> None:
        """A console session, without a terminal: it ends when the guest goes away, so a shutdown in
        progress completes (scripts use `xm shutdown D; xm console D` to wait)."""
        self.act("console", dom)
        if dom.pending and dom.pending["then"] == "destroy":
            self.host.remove(dom)

    def row(self, dom: Domain) -> dict[str, Any]:
        return facts.domain(self.tool, dom)


def _as_dict(dom: Domain) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(dom)
