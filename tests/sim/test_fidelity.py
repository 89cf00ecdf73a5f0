"""The fakes print what the real tools print and fail as they fail.

Expected texts are written here from the tools' own printf/print code (cited on each test), independently of
the dataset: the fakes print through the dataset's output records, so these tests check the records and the
fakes together.  Calls run in-process on a fresh simulated host per test.
"""

from __future__ import annotations

import re

import pytest

from tests.sim.conftest import Host
from xlref.data import outputs

# -- list ----------------------------------------------------------------------------------------------------
# xm/main.py xm_brief_list (RELEASE-4.4.4): '%-40s %5s %5s %5s %10s %9s' header, then
# "%(name)-40s %(domid)5s %(mem)5d %(vcpus)5d %(state)10s %(cpu_time)8.1f" per domain.
XM_HEAD = "%-40s %5s %5s %5s %10s %9s" % ("Name", "ID", "Mem", "VCPUs", "State", "Time(s)")  # noqa: UP031


def xm_row(name: str, domid: object, mem: int, vcpus: int, state: str, cpu: float) -> str:
    return "%-40s %5s %5d %5d %10s %8.1f" % (name, domid, mem, vcpus, state, cpu)  # noqa: UP031


# xl_info.c list_domains (RELEASE-4.22.0): the header with tabs, "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f"
XL_HEAD = "Name                                        ID   Mem VCPUs\tState\tTime(s)"


def xl_row(name: str, domid: int, mem: int, vcpus: int, state: str, cpu: float) -> str:
    return "%-40s %5d %5d %5d     %s  %8.1f" % (name, domid, mem, vcpus, state, cpu)  # noqa: UP031


def test_xm_list_matches_xm_brief_list(host: Host) -> None:
    res = host("xm", "list")
    assert res.status == 0
    assert res.stdout.splitlines() == [
        XM_HEAD,
        xm_row("Domain-0", 0, 2048, 4, "r-----", 4321.9),
        xm_row("web1", 3, 512, 1, "-b----", 12.5),
        xm_row("db1", 5, 1024, 2, "-b----", 301.2),
        xm_row("test1", 7, 256, 1, "--p---", 1.0),
        xm_row("old1", "", 512, 1, "", 0.0),  # stopped and xend-managed: no id, no state
    ]


def test_xl_list_matches_list_domains(host: Host) -> None:
    res = host("xl", "list")
    assert res.stdout.splitlines() == [
        XL_HEAD,
        xl_row("Domain-0", 0, 2048, 4, "r-----", 4321.9),
        xl_row("web1", 3, 512, 1, "-b----", 12.5),
        xl_row("db1", 5, 1024, 2, "-b----", 301.2),
        xl_row("test1", 7, 256, 1, "--p---", 1.0),
    ]  # old1 is xend's: xl does not see it


def test_virsh_list_is_a_vsh_table_with_the_trailer(host: Host) -> None:
    # virsh-domain-monitor.c cmdList + vsh-table.c vshTablePrint (libvirt 11.3.0): the libxl driver has no idle
    # state; vshCommandRun prints a blank line after the command.
    res = host("virsh", "list", "--all")
    assert res.stdout == (" Id   Name       State\n"
                          "--------------------------\n"
                          " 0    Domain-0   running\n"
                          " 3    web1       running\n"
                          " 5    db1        running\n"
                          " 7    test1      paused\n"
                          "\n")


def test_virsh_list_name_and_quiet(host: Host) -> None:
    assert host("virsh", "list", "--name").stdout == "Domain-0\nweb1\ndb1\ntest1\n\n"
    assert host("virsh", "-q", "list", "--name").stdout == "Domain-0\nweb1\ndb1\ntest1\n"


@pytest.mark.parametrize(("release", "head"), [
    ("4.1", "Name                                        ID   Mem VCPUs\tState\tTime(s)"),
    ("4.22", XL_HEAD),
])
def test_xl_list_header_per_release(host_at: object, release: str, head: str) -> None:
    res = host_at(release)("xl", "list", "web1")  # type: ignore[operator]
    assert res.stdout.splitlines()[0] == head


def test_xl_list_long_is_json_from_4_2_and_sxp_in_4_1(host_at: object) -> None:
    import json

    new = host_at("4.17")("xl", "list", "-l", "web1")  # type: ignore[operator]
    assert json.loads(new.stdout)[0]["config"]["c_info"]["name"] == "web1"
    old = host_at("4.1")("xl", "list", "-l", "web1")  # type: ignore[operator]
    assert old.stdout.startswith("(domain\n") and "(name web1)" in old.stdout


def test_xm_list_long_is_xend_sxp(host: Host) -> None:
    out = host("xm", "list", "-l", "web1").stdout
    assert out.startswith("(domain\n    (domid 3)\n")
    assert "(state -b----)" in out and "(uname phy:/dev/vg0/web1-disk)" in out


# -- single values -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("tool", "argv", "expected"), [
    ("xm", ("domid", "web1"), "3\n"),  # main.py xm_domid: print sxp.child_value(dom, 'domid')
    ("xm", ("domid", "old1"), "None\n"),  # a stopped managed domain has no domid
    ("xm", ("domname", "3"), "web1\n"),
    ("xm", ("domstate", "test1"), "paused\n"),  # xm_domstate: 'p' -> paused
    ("xm", ("domstate", "web1"), "idle\n"),  # 'b' -> idle
    ("xl", ("domid", "web1"), "3\n"),  # xl_info.c main_domid: printf("%u\n")
    ("xl", ("domname", "5"), "db1\n"),
    ("virsh", ("domid", "web1"), "3\n\n"),  # cmdDomid + the trailer
    ("virsh", ("domstate", "test1"), "paused\n\n"),
    ("virsh", ("domname", "7"), "test1\n\n"),
])
def test_values(host: Host, tool: str, argv: tuple[str, ...], expected: str) -> None:
    res = host(tool, *argv)
    assert (res.stdout, res.status) == (expected, 0)


def test_info_lines(host: Host) -> None:
    # xm/main.py xm_info: print "%-23s:" % x[0], x[1]; xl_info.c output_physinfo: maybe_printf("%-23s: ...").
    for tool in ("xm", "xl"):
        lines = host(tool, "info").stdout.splitlines()
        free = [line for line in lines if line.startswith("free_memory")]
        assert free == ["free_memory            : %d" % (16383 - 2048 - 512 - 1024 - 256)]  # noqa: UP031
    assert host("xm", "info").stdout.startswith("system                 : Linux\n")
    assert not host("xl", "info").stdout.startswith("system")  # xl has no 'system' line


def test_virsh_dominfo_is_kib(host: Host) -> None:
    # virsh-domain-monitor.c cmdDominfo: vshPrint(ctl, "%-15s %lu KiB\n", _("Used memory:"), info.memory)
    out = host("virsh", "dominfo", "web1").stdout
    assert "Used memory:    524288 KiB\n" in out and "State:          running\n" in out


def test_uptime_tables(host: Host) -> None:
    # xm_uptime: header '%-33s %4s %s ' (trailing space), rows "%(name)-32s %(domid)5s " + '%2d:%02d:%02d'
    xm = host("xm", "uptime", "web1").stdout.splitlines()
    assert xm == ["%-33s %4s %s " % ("Name", "ID", "Uptime"),  # noqa: UP031
                  "%-32s %5s 3 days,  4:05:06" % ("web1", 3)]  # noqa: UP031
    # xl_info.c print_uptime/print_domU_uptime: "%-33s %4s %s\n" and "%-33s %4d %s\n"
    xl = host("xl", "uptime", "web1").stdout.splitlines()
    assert xl == ["%-33s %4s %s" % ("Name", "ID", "Uptime"), "%-33s %4d 3 days,  4:05:06" % ("web1", 3)]  # noqa: UP031


# -- state across calls --------------------------------------------------------------------------------------
def test_pause_then_list_shows_paused(host: Host) -> None:
    assert host("xm", "pause", "web1").status == 0
    assert "--p---" in host("xm", "list", "web1").stdout
    assert host("xl", "unpause", "web1").status == 0
    assert "-b----" in host("xl", "list", "web1").stdout
    assert host("virsh", "suspend", "web1").stdout == "Domain 'web1' suspended\n\n"
    assert host("virsh", "domstate", "web1").stdout == "paused\n\n"


@pytest.mark.parametrize(("tool", "argv", "still_there"), [
    ("xm", ("shutdown", "web1"), [True, True, False]),  # no wait: the guest takes a while
    ("xm", ("shutdown", "-w", "web1"), [False, False, False]),  # xm -w: until destroyed (shutdown.py)
    ("xl", ("shutdown", "-w", "web1"), [True, False, False]),  # xl -w: until it has shut down only
    ("xl", ("shutdown", "-w", "-w", "web1"), [False, False, False]),  # -w -w: until destroyed
    ("virsh", ("shutdown", "web1"), [True, True, False]),
])
def test_shutdown_timing(host: Host, tool: str, argv: tuple[str, ...], still_there: list[bool]) -> None:
    assert host(tool, *argv).status == 0
    seen = [host("xl", "list", "web1").status == 0 for _ in still_there]
    assert seen == still_there


def test_xm_shutdown_wait_prints_on_stdout_and_xl_on_stderr(host: Host) -> None:
    # xm/shutdown.py wait_shutdown: opts.info("Domain %s terminated") (stdout); xl_vmcontrol.c: stderr
    xm = host("xm", "shutdown", "-w", "web1")
    assert xm.stdout == "Domain web1 terminated\nAll domains terminated\n"
    xl = host("xl", "shutdown", "-w", "db1")
    assert xl.stdout == "" and "Shutting down domain 5\n" in xl.stderr


def test_reboot_gives_a_new_domid(host: Host) -> None:
    assert host("xm", "reboot", "-w", "web1").status == 0
    assert host("xm", "domid", "web1").stdout == "11\n"


def test_migrate_moves_the_domain(host: Host) -> None:
    assert host("xm", "migrate", "-l", "db1", "other").status == 0
    assert host("xm", "list", "db1").status == 3
    assert "db1" in host("xm", "list", host="other").stdout
    act = host("xl", "migrate", "web1", "root@other").actions()
    assert act[0]["transport"] == "ssh" and act[0]["live"] is True  # xl always migrates live, over ssh


def test_save_restore_roundtrip(host: Host, tmp_path: object) -> None:
    image = f"{tmp_path}/web1.save"
    assert host("xl", "save", "web1", image).actions()[0]["format"] == "xl"
    assert host("xl", "list", "web1").status == 1
    assert host("xl", "restore", image).status == 0
    assert host("xl", "domid", "web1").stdout == "11\n"


def test_each_tool_restores_only_its_own_images(host: Host, tmp_path: object) -> None:
    # XendCheckpoint.py SIGNATURE, xl_vmcontrol.c create_domain (magic checked by xl itself, before libxl is
    # asked: no operation), libxl_domain.c libxlDomainSaveImageOpen (in libvirtd: a refused attempt)
    image = f"{tmp_path}/web1.save"
    assert host("xm", "save", "web1", image).status == 0
    res = host("xl", "restore", image)
    assert (res.status, res.stderr, res.actions()) == (
        1, "File has wrong magic number - corrupt or for a different tool?\n", [])
    res = host("virsh", "restore", image)
    assert res.status == 1 and [a["ok"] for a in res.actions()] == [False]
    assert host("xm", "restore", image).status == 0
    missing = host("xl", "restore", f"{tmp_path}/none.save")
    assert (missing.status, missing.stderr, missing.actions()) == (
        1, "Can't open restore file: No such file or directory\n", [])


def test_memory_units_agree(host: Host) -> None:
    # xm int_unit and xl parse_mem_size_kb: a bare number is MiB; virsh vshCommandOptScaledInt: KiB
    requests = [("xm", "mem-set", "web1", "256"), ("xl", "mem-set", "web1", "256m"),
                ("virsh", "setmem", "web1", "262144"), ("virsh", "setmem", "web1", "256M")]
    for req in requests:
        assert host(*req).actions()[0]["mib"] == 256, req


def test_devices(host: Host) -> None:
    assert host("xm", "block-attach", "web1", "phy:/dev/vg0/extra", "xvdb", "w").status == 0
    assert host("xl", "block-list", "web1").stdout.count("\n") == 3  # header + xvda + xvdb
    assert host("virsh", "detach-disk", "web1", "xvdb").status == 0
    assert host("xm", "block-detach", "web1", "xvdb").status == 1  # already gone
    assert host("xm", "network-attach", "web1", "bridge=xenbr1").status == 0
    assert host("virsh", "domiflist", "web1").stdout.count("xenbr1") == 1


# -- errors --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("tool", "argv", "stderr", "status"), [
    # xm/main.py _run_cmd: XendInvalidDomain -> "Error: Domain '%s' does not exist." and the fault code 3
    ("xm", ("list", "nope"), "Error: Domain 'nope' does not exist.\n", 3),
    ("xm", ("pause", "nope"), "Error: Domain 'nope' does not exist.\n", 3),
    # main.py main: "Error: Subcommand %s not found!" then usage(), exit 1
    ("xm", ("bogus",), "Error: Subcommand bogus not found!\n", 1),
    # xl_utils.c find_domain (4.7+): "%s is an invalid domain identifier (rc=%d)", exit 1
    ("xl", ("pause", "nope"), "nope is an invalid domain identifier (rc=-6)\n", 1),
    # xl_info.c main_list: a numeric id no domain has
    ("xl", ("list", "99"), "Error: Domain '99' does not exist.\n", 1),
    ("xl", ("domid", "nope"), "Can't get domid of domain name 'nope', maybe this domain does not exist.\n", 1),
    # xl.c main and xl_utils.c def_getopt
    ("xl", ("bogus",), "command not implemented\n", 1),
    ("xl", ("list", "-z"), "option `z' not supported.\n", 2),
    # virsh-util.c virshLookupDomainInternal; vsh.c vshCmdNew / vshCmddefGetOption
    ("virsh", ("suspend", "nope"), "error: failed to get domain 'nope'\n", 1),
    ("virsh", ("bogus",), "error: unknown command: 'bogus'\n", 1),
    ("virsh", ("list", "--bogus"), "error: command 'list' doesn't support option --bogus\n", 1),
])
def test_errors(host: Host, tool: str, argv: tuple[str, ...], stderr: str, status: int) -> None:
    res = host(tool, *argv)
    assert res.stderr.startswith(stderr) and res.status == status


def test_xl_find_domain_exit_status_per_release(host_at: object) -> None:
    # RELEASE-4.6.0 tools/libxl/xl_cmdimpl.c find_domain: exit(2); 4.7 moved to xl_utils.c with EXIT_FAILURE
    assert host_at("4.6")("xl", "pause", "nope").status == 2  # type: ignore[operator]
    assert host_at("4.7")("xl", "pause", "nope").status == 1  # type: ignore[operator]


def test_xm_argument_count_and_prefixes(host: Host) -> None:
    # main.py arg_check: "'xm %s' requires %d argument%s." then the usage, exit 1
    res = host("xm", "destroy", "web1", "-w")
    assert res.stderr.startswith("Error: 'xm destroy' requires 1 argument.") and res.status == 1
    # xm_lookup_cmd: a unique prefix of more than one letter is the command ("xm des" in real scripts)
    assert host("xm", "des", "test1").actions()[0]["op"] == "destroy"


def test_xl_abbreviation_ambiguous_once_sched_credit2_exists(host_at: object) -> None:
    # xl_cmdtable.c cmdtable_lookup: a prefix of several commands is "command not implemented"
    assert host_at("4.1")("xl", "sched-credit", "-d", "web1").status == 0  # type: ignore[operator]
    assert host_at("4.22")("xl", "sched-c").status == 1  # type: ignore[operator]


def test_xm_create_name_from_the_file_wins_xl_line_wins(host: Host, tmp_path: object) -> None:
    # xm/opts.py load: VAR=VALUE are script variables set before the file runs; xl appends them as lines
    cfg = f"{tmp_path}/guest.cfg"
    with open(cfg, "w", encoding="utf-8") as fh:
        fh.write("name = 'fromfile'\nmemory = 128\n")
    assert host("xm", "create", cfg, "name=cli").actions()[0]["dom"] == "fromfile"
    assert host("xl", "create", cfg, 'name="cli"').actions()[0]["dom"] == "cli"


def test_xl_create_rejects_a_bare_word_value(host: Host, tmp_path: object) -> None:
    # xl_parse.c parse_config_data: libxlutil's error, then "Failed to parse config: Invalid argument", exit 1
    cfg = f"{tmp_path}/guest.cfg"
    with open(cfg, "w", encoding="utf-8") as fh:
        fh.write("memory = 128\n")
    res = host("xl", "create", cfg, "name=web9")
    assert res.status == 1 and "syntax error" in res.stderr
    assert res.stderr.endswith("Failed to parse config: Invalid argument\n") and not res.actions()


def test_create_an_existing_name_fails(host: Host) -> None:
    for tool, status in (("xm", 1), ("xl", 3)):  # create.py err() exit 1; xl create: -ERROR_FAIL
        res = host(tool, "create", "/dev/null", "name='web1'") if tool == "xl" else None
        if res is not None:
            assert res.status == status and not res.actions()[0]["ok"]


# -- the records themselves ----------------------------------------------------------------------------------
def test_every_table_the_fakes_print_has_the_record_layout(host: Host, data: dict[str, object]) -> None:
    """Header lines and column counts: each line of a printf table splits into at least one word per column."""
    calls = [("xm", ("list",)), ("xm", ("vcpu-list",)), ("xm", ("uptime",)), ("xm", ("block-list", "db1")),
             ("xm", ("network-list", "web1")), ("xm", ("sched-credit",)), ("xl", ("list",)), ("xl", ("vcpu-list",)),
             ("xl", ("uptime",)), ("xl", ("block-list", "db1")), ("xl", ("network-list", "web1")),
             ("xl", ("sched-credit", "-d", "web1"))]
    for tool, argv in calls:
        fmt = outputs.select(data["outputs"], tool, argv[0], argv[1:])  # type: ignore[arg-type]
        assert fmt is not None and fmt.kind == "table", (tool, argv)
        lines = host(tool, *argv).stdout.splitlines()
        head = fmt.header_lines()
        assert lines[:len(head)] == head, (tool, argv)
        for line in lines[len(head):]:
            if line.startswith("old1 "):
                continue  # a stopped managed domain leaves ID and State blank (xm list)
            assert len(re.split(r"\s+", line.strip())) >= len(fmt.columns) - 1, (tool, argv, line)
