"""Fake `xm` (Xen 4.4.4's tools/python/xen/xm/main.py and the modules it imports: create, shutdown, migrate).

Command lookup as xm_lookup_cmd: exact name, then an alias (with a deprecation note on stderr), then a unique
prefix of more than one letter; otherwise "Error: Subcommand X not found!" and exit 1.  Errors as _run_cmd
handles them: an unknown domain is "Error: Domain 'X' does not exist." with exit 3 (the XendInvalidDomain fault
code); a wrong argument count or option is "Error: ..." plus the usage, exit 1.
"""

from __future__ import annotations

from typing import Any

from tests.sim import cli, facts, sxp
from tests.sim.base import Fake, NoDomain, Usage
from tests.sim.host import NOW
from tests.sim.xm_dev import XmDevices
from tests.sim.xm_life import XmLife

#: commands that take no getopt options: xm counts every word, options included (main.py arg_check)
_RAW = frozenset({"destroy", "pause", "unpause", "domid", "domname", "delete", "suspend", "reset", "rename",
                  "vcpu-pin", "vcpu-set", "mem-set", "mem-max", "sysrq", "block-attach", "block-detach",
                  "network-detach", "domstate", "log", "top", "trigger", "debug-keys"})


class Xm(XmLife, XmDevices, Fake):
    tool = "xm"

    def main(self, argv: list[str]) -> int:
        if not argv:
            self.out.out("Usage: xm <subcommand> [args]\n")
            return 1
        for flag in ("--help", "-h"):
            if flag in argv:
                if argv[0] == flag:
                    self.out.out("Usage: xm <subcommand> [args]\n")
                    return 0
                return self._usage(argv[0]) or 1
        name = self._lookup(argv[0])
        if name is None:
            return self.out.error("list", "bad-usage", f"Subcommand {argv[0]} not found!") or 1
        self.command = name
        try:
            parsed = self._parse(name, argv[1:])
            handler = getattr(self, "cmd_" + name.replace("-", "_"), None)
            return handler(parsed) if handler is not None else self._generic(parsed)
        except Usage as exc:
            code = self.out.error(name, "bad-usage", exc.message)
            self._usage(name)
            return code
        except NoDomain as exc:
            return self.out.error(name, "no-such-domain", exc.name)

    # -- lookup and parsing ----------------------------------------------------------------------------------
    def _lookup(self, word: str) -> str | None:
        if word in self.commands:
            return word
        for name, spec in self.commands.items():
            if word in spec.get("aliases", []):
                self.out.err(f"Command {word} is deprecated.  Please use xm {name} instead.\n")
                return name
        if len(word) > 1:
            hits = [n for n in self.commands if n.startswith(word)]
            if len(hits) == 1:
                return hits[0]
        return None

    def _usage(self, name: str) -> int:
        usage = self.spec(name).get("usage") or name
        self.out.out(f"Usage: xm {usage}\n\n")
        return 0

    def _parse(self, name: str, argv: list[str]) -> cli.Parsed:
        spec = self.spec(name)
        args_spec = spec.get("arguments", [])
        if name in _RAW or not spec.get("options"):
            parsed = cli.Parsed(args=list(argv))
        else:
            takes, canon = cli.option_table(spec)
            try:
                parsed = cli.gnu_getopt(argv, takes, canon)
            except ValueError as exc:
                raise Usage(str(exc)) from exc
        lo = sum(1 for a in args_spec if a.get("required", True))
        hi = None if any(a.get("repeat") for a in args_spec) else len(args_spec)
        n = len([a for a in (argv if name in _RAW else parsed.args) if a != "--"])
        if hi is not None and (n < lo or n > hi) and name not in ("shutdown", "reboot", "create", "new"):
            if lo == hi:
                raise Usage(f"'xm {name}' requires {lo} argument{'' if lo == 1 else 's'}.\n")
            raise Usage(f"'xm {name}' requires between {lo} and {hi} arguments.\n")
        return parsed

    # -- queries ---------------------------------------------------------------------------------------------
    def cmd_list(self, p: cli.Parsed) -> int:
        state = p.value("--state")
        if state and p.args:
            raise Usage("You may specify either a state or a particular VM, but not both")
        if p.has("-v"):
            self.out.message("list", ["-v"], "xm list -v")
            return self.cmd_vcpu_list(cli.Parsed(args=p.args))
        doms = [self.dom(a) for a in p.args] if p.args else self.domains()
        if state:
            doms = [d for d in doms if facts.state_word("xm", d) == state or d.state == state]
        self.rec.query("list", None, long=p.has("-l") or None)
        if p.has("-l"):
            self.out.text("".join(sxp.xm_domain(d) for d in doms))
            return 0
        flags = ["--label"] if p.has("--label") else []
        self.out.table("list", flags, [self.row(d) for d in doms])
        return 0

    def cmd_info(self, p: cli.Parsed) -> int:
        self.rec.query("info")
        flags = [f for f, _ in p.opts]
        values = facts.host_info("xm", self.host, "4.4")
        self.out.key_values("info", flags, values)
        return 0

    def cmd_domid(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        self.rec.query("domid", dom.name)
        self.out.values("domid", [], ["None" if dom.domid is None else dom.domid])
        return 0

    def cmd_domname(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        self.rec.query("domname", dom.name)
        self.out.values("domname", [], [dom.name])
        return 0

    def cmd_domstate(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        self.rec.query("domstate", dom.name)
        self.out.values("domstate", [], [facts.state_word("xm", dom)])
        return 0

    def cmd_uptime(self, p: cli.Parsed) -> int:
        doms = [self.dom(a) for a in p.args] if p.args else self.domains()
        self.rec.query("uptime")
        if p.has("-s"):
            items = [(" 22:13:20", facts.uptime_hms(NOW - d.start_time if d.active else 0, True),
                      d.name, "" if d.domid is None else str(d.domid)) for d in doms]
            self.out.values("uptime", ["-s"], [(t.strip(), u, n, i) for t, u, n, i in items])
            return 0
        self.out.table("uptime", [], [self.row(d) for d in doms])
        return 0

    def cmd_vcpu_list(self, p: cli.Parsed) -> int:
        doms = [self.dom(a) for a in p.args] if p.args else [d for d in self.domains() if d.active]
        self.rec.query("vcpu-list")
        rows = [r for d in doms for r in facts.vcpus("xm", self.host, d)]
        self.out.table("vcpu-list", [], rows)
        return 0

    def cmd_dmesg(self, p: cli.Parsed) -> int:
        if p.args:
            raise Usage("No parameter required")
        self.dmesg(clear=p.has("-c"))
        return 0

    def cmd_log(self, p: cli.Parsed) -> int:
        self.rec.query("log")
        self.out.text("".join(line + "\n" for line in self.host.log) + "\n")
        return 0

    def cmd_sched_credit(self, p: cli.Parsed) -> int:
        target = p.value("-d")
        weight, cap = p.value("-w"), p.value("-c")
        doms = [d for d in self.domains() if target is None or target in (d.name, str(d.domid))]
        if weight is None and cap is None:
            if target is not None and not doms:
                raise Usage(f"Domain '{target}' does not exist.")
            self.rec.query("sched-credit", target)
            self.out.table("sched-credit", [], [self.row(d) for d in doms])
            return 0
        if target is None:
            raise Usage("No domain given.")
        dom = self.dom(target)
        self.act("sched-credit", dom, weight=_int(weight), cap=_int(cap))
        new_weight, new_cap = _int(weight), _int(cap)
        dom.weight = dom.weight if new_weight is None else new_weight
        dom.cap = dom.cap if new_cap is None else new_cap
        return 0


def _int(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise Usage("Invalid argument.") from exc
