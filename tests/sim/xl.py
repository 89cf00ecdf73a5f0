"""Fake `xl` at the release in XLREF_SIM_XEN (default: the newest in the dataset).

Sources, RELEASE-4.22.0 unless said otherwise: xl.c main (global options "+vftTN": "unknown global option",
exit 1; no command: help, exit 1; cmdtable_lookup: an exact name or a unique prefix, else "command not
implemented", exit 1), xl_utils.c def_getopt ("option `%c' not supported.", exit 2; too few operands: the
message then the help, exit 2) and find_domain (the data's no-such-domain), xl_info.c (list, info, domid,
domname, uptime), xl_vmcontrol.c (create, shutdown/reboot with -a/-w/-F, destroy, pause), xl_mem.c, xl_vcpu.c,
xl_block.c, xl_nic.c, xl_saverestore.c, xl_migrate.c (always live, over ssh), xl_sched.c, xl_misc.c (dmesg).
"""

from __future__ import annotations

from tests.sim import cli, configs, facts, sxp
from tests.sim.base import Fake, NoDomain, Usage
from tests.sim.host import NOW, Domain
from tests.sim.xl_dev import XlDevices

_GLOBAL = set("vftTN")


class Xl(XlDevices, Fake):
    tool = "xl"

    def main(self, argv: list[str]) -> int:
        i = 0
        while i < len(argv) and argv[i].startswith("-") and len(argv[i]) > 1 and argv[i] != "--":
            if not set(argv[i][1:]) <= _GLOBAL:
                self.out.err("unknown global option\n")
                return 1
            i += 1
        if i < len(argv) and argv[i] == "--":
            i += 1
        if i >= len(argv):
            self.out.out("Usage xl [-vfNtT] <subcommand> [args]\n\n")
            return 1
        word, rest = argv[i], argv[i + 1:]
        name = self._lookup(word)
        if name is None:
            if word == "help":
                self.out.out("Usage xl [-vfNtT] <subcommand> [args]\n\n")
                return 0
            self.out.err("command not implemented\n")
            return 1
        self.command = name
        try:
            parsed = self._parse(name, rest)
        except Usage as exc:
            self.out.err(exc.message)
            self._help(name)
            return 2
        except _Help:
            self._help(name)
            return 0
        handler = getattr(self, "cmd_" + name.replace("-", "_"), None)
        try:
            return handler(parsed) if handler is not None else self._generic(parsed)
        except NoDomain as exc:
            if exc.name.isdigit() and name == "list":
                return self.out.error(name, "domid-not-found", exc.name)
            return self.out.error(name, "no-such-domain", exc.name)
        except Usage as exc:
            self.out.err(exc.message)
            return 1

    def _lookup(self, word: str) -> str | None:
        known = self.known()
        if word in known:
            return known[word]
        hits = [n for n in known if n.startswith(word)]
        return known[hits[0]] if len(hits) == 1 else None

    def _help(self, name: str) -> None:
        usage = self.spec(name).get("usage") or name
        self.out.out(f"Usage: xl [-vtT] {usage}\n\n")

    def _parse(self, name: str, argv: list[str]) -> cli.Parsed:
        spec = self.spec(name)
        takes, canon = cli.option_table(spec, self.release)
        takes.setdefault("-h", False)
        canon.setdefault("-h", "-h")
        takes.setdefault("--help", False)
        canon.setdefault("--help", "-h")
        if name == "create" and argv and not argv[0].startswith("-") and "=" not in argv[0]:
            parsed = self._getopt(argv[1:], takes, canon)  # main_create takes the file before the options
            parsed.args.insert(0, argv[0])
        else:
            parsed = self._getopt(argv, takes, canon)
        if parsed.has("-h"):
            raise _Help()
        need = sum(1 for a in spec.get("arguments", []) if a.get("required", True))
        if len(parsed.args) < need:
            plural = "s" if need > 1 else ""
            raise Usage(f"'xl {name}' requires at least {need} argument{plural}.\n\n")
        return parsed

    @staticmethod
    def _getopt(argv: list[str], takes: dict[str, bool], canon: dict[str, str]) -> cli.Parsed:
        try:
            return cli.gnu_getopt(argv, takes, canon, python=False)
        except ValueError as exc:
            letter = str(exc) if len(str(exc)) == 1 else "\0"
            raise Usage(f"option `{letter}' not supported.\n") from exc

    def find_dom(self, qualifier: str) -> Domain:
        return self.dom(qualifier)

    # -- queries ---------------------------------------------------------------------------------------------
    def cmd_list(self, p: cli.Parsed) -> int:
        if len(p.args) > 1:
            self._help("list")
            return 1
        doms = [self.dom(p.args[0])] if p.args else self.domains()
        self.rec.query("list", doms[0].name if p.args else None, long=p.has("-l") or None)
        if p.has("-l"):
            fmt = self.out.fmt("list", ["-l"])
            if fmt is not None and fmt.kind == "sxp":
                self.out.text(sxp.xl_sxp([d for d in doms if d.domid != 0]))
            else:
                old = self.before("4.13")
                self.out.text(sxp.xl_json([d for d in doms if not (old and d.domid == 0)], self.release))
            return 0
        self.out.table("list", [f for f, _ in p.opts], [self.row(d) for d in doms])
        return 0

    def cmd_info(self, p: cli.Parsed) -> int:
        self.rec.query("info")
        values = facts.host_info("xl", self.host, self.release or "4.22")
        fmt = self.out.fmt("info", [f for f, _ in p.opts])
        if p.args and not p.has("-n") and fmt is not None and self.out.fmt("info", ["filter"]) is not None:
            lines = []
            for k in fmt.keys:
                if k["key"].startswith(p.args[0]) and k["meaning"] in values:
                    v = values[k["meaning"]]
                    lines.append(f"{v[0]}.{v[1]:03d}" if isinstance(v, tuple) else str(v))
            self.out.out("".join(line + "\n" for line in lines))
            return 0
        self.out.key_values("info", [f for f, _ in p.opts], values)
        return 0

    def cmd_domid(self, p: cli.Parsed) -> int:
        dom = self.host.by_name(p.args[0])
        if dom is None or not dom.active:
            return self.out.error("domid", "domid-unknown-name", p.args[0])
        self.rec.query("domid", dom.name)
        self.out.values("domid", [], [dom.domid])
        return 0

    def cmd_domname(self, p: cli.Parsed) -> int:
        word = p.args[0]
        digits = len(word) - len(word.lstrip("0123456789"))
        if digits == 0:
            return self.out.error("domname", "domname-bad-id")
        dom = self.host.by_id(int(word[:digits]))
        if dom is None:
            return self.out.error("domname", "domname-unknown-id", int(word[:digits]))
        self.rec.query("domname", dom.name)
        self.out.values("domname", [], [dom.name])
        return 0

    def cmd_uptime(self, p: cli.Parsed) -> int:
        doms = [self.dom(a) for a in p.args] if p.args else self.domains()
        self.rec.query("uptime")
        if p.has("-s"):
            self.out.values("uptime", ["-s"], [("22:13:20", facts.uptime_hms(NOW - d.start_time, True),
                                                 d.name, d.domid) for d in doms])
            return 0
        self.out.table("uptime", [], [self.row(d) for d in doms])
        return 0

    def cmd_vcpu_list(self, p: cli.Parsed) -> int:
        doms = [self.dom(a) for a in p.args] if p.args else self.domains()
        self.rec.query("vcpu-list")
        rows = [r for d in doms for r in facts.vcpus("xl", self.host, d, self.release)]
        self.out.table("vcpu-list", [], rows)
        return 0

    def cmd_dmesg(self, p: cli.Parsed) -> int:
        self.dmesg(clear=p.has("-c"))
        return 0

    # -- lifecycle -------------------------------------------------------------------------------------------
    def cmd_create(self, p: cli.Parsed) -> int:
        words = [a for a in p.args if "=" not in a]
        extra = [a for a in p.args if "=" in a]
        path = p.value("-f") or (words[0] if words else None)
        if len(words) > (0 if p.value("-f") else 1):
            self._help("create")
            return 2
        if path is None:
            self.out.err("Config file not specified and none in save file\n")
            return 3
        if not p.has("-q"):
            self.out.message("create", [], "Parsing config", path)
        values, problem, code = configs.xl_values(path, extra)
        if values is None:
            self.out.err(problem)
            return code
        if p.has("-n"):
            self.out.text(sxp.xl_json([Domain(str(values["name"]), None, 128)], self.release))
            return 0
        fields = configs.domain_fields(values, facts.vdev_number)
        dom = Domain(str(values["name"]), None, config=path, libvirt=None, **fields)
        other = self.host.by_name(dom.name)
        if other is not None and other.active:
            self.act("create", dom, paused=p.has("-p") or None)
            self.rec.fail_last()
            text = f'libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain with name "{dom.name}" ' \
                   "already exists."
            return self.out.error("create", "create-failed", text)
        if other is not None:
            self.host.domains.remove(other)
        self.host.domains.append(dom)
        self.host.start(dom, paused=p.has("-p"))
        self.act("create", dom, paused=p.has("-p") or None, memory=dom.memory, vcpus=dom.vcpus)
        if p.has("-c"):
            self.act("console", dom)
        return 0

    def cmd_shutdown(self, p: cli.Parsed, reboot: bool = False) -> int:
        what = "reboot" if reboot else "shutdown"
        if not p.args and not p.has("-a"):
            self.out.err("You must specify -a or a domain id.\n\n")
            return 1
        waits = p.count("-w")
        wait = "none" if not waits else ("shutdown" if waits == 1 else "destroyed")
        doms = [d for d in self.domains() if d.domid != 0] if p.has("-a") else [self.dom(p.args[0])]
        ids = [dom.domid for dom in doms]
        for dom in doms:
            self.out.message(what, [], "Rebooting domain" if reboot else "Shutting down domain", dom.domid)
            self.shutdown(dom, wait, "reboot" if reboot else "poweroff")
        if waits:
            self.out.message(what, ["-w"], "Waiting for", len(doms))
            for domid in ids:
                self.out.message(what, ["-w"], "Domain %d has been shut down", domid, 0)
                if waits > 1:
                    self.out.message(what, ["-w"], "Domain %d has been destroyed", domid)
        return 0

    def cmd_reboot(self, p: cli.Parsed) -> int:
        return self.cmd_shutdown(p, reboot=True)

    def cmd_destroy(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        if dom.domid == 0 and not p.has("-f"):
            self.out.err("Not destroying domain 0; use -f to force.\nThis can only be done when using a "
                         "disaggregated hardware domain and toolstack.\n\n")
            return 1
        self.destroy(dom)
        return 0

    def cmd_pause(self, p: cli.Parsed) -> int:
        self.pause(self.dom(p.args[0]), True)
        return 0

    def cmd_unpause(self, p: cli.Parsed) -> int:
        self.pause(self.dom(p.args[0]), False)
        return 0

    def cmd_save(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        if len(p.args) < 2:
            raise Usage("'xl save' requires at least 2 arguments.\n\n")
        if not self.save(dom, p.args[1], checkpoint=p.has("-c"), paused=p.has("-p")):
            self.out.err(f"Failed to open temp file {p.args[1]} for writing\n")
            return 1
        return 0

    def cmd_restore(self, p: cli.Parsed) -> int:
        """xl_vmcontrol.c create_domain: xl itself opens the image and checks its header before libxl is asked
        to do anything (no operation), then main_restore exits EXIT_FAILURE (-ERROR_INVAL = 6 before 4.7)."""
        path = p.args[-1]
        words = self.read_image(path)
        problem = ("Can't open restore file: No such file or directory" if words is None else
                   "File has wrong magic number - corrupt or for a different tool?" if not words or words[0] != "xl"
                   else None)
        if problem is not None:
            self.out.err(problem + "\n")
            return 6 if self.before("4.7") else 1
        if self.restore(path, paused=p.has("-p")) is None:
            return 6 if self.before("4.7") else 1
        return 0

    def cmd_migrate(self, p: cli.Parsed) -> int:
        dom = self.dom(p.args[0])
        if len(p.args) < 2:
            raise Usage("'xl migrate' requires at least 2 arguments.\n\n")
        host = p.args[1].rsplit("@", 1)[-1]
        self.migrate(dom, host, live=True, transport="ssh")
        self.out.err("migration sender: Target has acknowledged transfer.\nMigration successful.\n")
        return 0

    def cmd_console(self, p: cli.Parsed) -> int:
        self.console(self.dom(p.args[0]))
        return 0


class _Help(Exception):
    pass
