"""Consumer -> outcome: how a script reads an xm call's output decides the rewrite, for both targets.

Each row is a real-world shape (most from the scripts in ../shared/corpus) with the outcome the output
records give: `ok` (the script reads only identical parts, or nothing), `shown` (only the terminal sees a
difference: unsafe fix), `differs` (a reader looks at a part that differs: no fix in any mode) and `unknown`
(a reader the linter cannot follow and formats that are not identical: no fix either).
"""

from __future__ import annotations

import pytest

from tests.lint.outkit import fixed, lint, outcome

ROWS = [
    ("xm list | awk 'NR>1 {print $1}'", 'ok', 'differs'),
    ("xm list | awk '{print $1}'", 'ok', 'differs'),
    ("xm list | awk 'NR>2 {print $1}'", 'ok', 'differs'),
    ("xm list | awk '{if(NR>2){print $1}}'", 'ok', 'differs'),
    ('xm list | grep -v Domain-0 | wc -l', 'ok', 'differs'),
    ("xm list | grep -v Domain-0 | grep -v Name | awk '{print $1}'", 'ok', 'differs'),
    ("xm list | tail -n +2 | awk '{print $2}'", 'ok', 'differs'),
    ("xm list | sed 1d | cut -d' ' -f1", 'ok', 'differs'),
    ("xm list | cut -d' ' -f1", 'ok', 'differs'),
    ("xm list | tr -s ' ' | cut -d' ' -f3", 'ok', 'differs'),
    ("xm list | awk '{print $3}'", 'ok', 'differs'),
    ("xm list | awk '{print $5}'", 'differs', 'differs'),
    ("xm list | awk '$5 ~ /^--p/ {print $1}'", 'ok', 'differs'),
    ("xm list | awk '$5 ~ /b/ {print $1}'", 'ok', 'differs'),
    ("xm list | awk '$5 ~ /c/ {print $1}'", 'differs', 'differs'),
    ('xm list | awk \'$1 == "Name" || $1 == "Domain-0" {next} {print $1, $2}\'', 'ok', 'differs'),
    ('xm list | grep -q "^$d "', 'ok', 'differs'),
    ('xm list | grep -w "$d" | awk \'{print $2}\'', 'ok', 'differs'),
    ('xm list | grep "$d" > /dev/null', 'ok', 'ok'),
    ('xm list | grep -c running', 'ok', 'differs'),
    ('xm list | head -1', 'shown', 'differs'),
    ('xm list | tail -1', 'shown', 'differs'),
    ('xm list | wc -l', 'ok', 'differs'),
    ('xm list | tail -n +2 | while read name id mem vcpus state time; do echo $name; done', 'ok', 'differs'),
    ('xm list | tail -n +2 | while read name rest; do echo $name; done', 'ok', 'differs'),
    ('xm list | tail -n +2 | while read name id mem vcpus state time; do echo $name $state; done',
     'differs', 'differs'),
    ('while read n i; do echo $n $i; done < <(xm list | tail -n +2)', 'differs', 'differs'),
    ('xm list | sort', 'shown', 'shown'),
    ('xm list | python parse.py', 'unknown', 'unknown'),
    ('xm list > /tmp/doms.txt', 'unknown', 'unknown'),
    ('xm list >/dev/null 2>&1', 'ok', 'ok'),
    ('xm list', 'shown', 'shown'),
    ('x=$(xm list)', 'unknown', 'unknown'),
    ('[ -n "$(xm list | grep $d)" ]', 'ok', 'ok'),
    ("xm list $d | awk 'NR==2 {print $3}'", 'ok', 'differs'),
    ("xm list -l $d | grep '(state'", 'differs', 'differs'),
    ('xm list -l $d | grep -q domid', 'ok', 'differs'),
    ('xm list --long $d | grep memory', 'differs', 'differs'),
    ('if xm list -l $d | grep -q vmlinuz; then :; fi', 'differs', 'differs'),
    ('disks=$(xm list -l $d | grep tap:aio | cut -d":" -f3)', 'differs', 'differs'),
    ("xm list --label | awk '{print $7}'", 'differs', 'differs'),
    ('xm info | grep free_memory | cut -d: -f2', 'ok', 'differs'),
    ("xm info | grep free_memory | awk '{print $3}'", 'ok', 'differs'),
    ('xm info | grep memory', 'differs', 'differs'),
    ('xm info | grep xen_minor | cut -d":" -f2', 'ok', 'differs'),
    ('xm info | grep ^total_memory', 'ok', 'differs'),
    ("xm info | grep cpu_mhz | awk '{print $3}'", 'differs', 'differs'),
    ('xm info | grep -c nr_cpus', 'ok', 'differs'),
    ('xm info | head -3', 'differs', 'differs'),
    ('xm info | grep hvm', 'differs', 'differs'),
    ("xm info | awk -F: '/xen_major/ {print $2}'", 'ok', 'differs'),
    ("mem=$(xm info | grep total_memory | awk '{print $3}')", 'ok', 'differs'),
    ('xm domid $d >/dev/null 2>&1', 'ok', 'ok'),
    ('x=$(xm domid $d)', 'ok', 'unknown'),
    ('x=$(xm domid $d 2>&1)', 'unknown', 'unknown'),  # the error message is captured too
    ('x=$(xm domid $d 2>/dev/null)', 'ok', 'unknown'),
    ('[ -z "$(xm domid $d 2>/dev/null)" ]', 'ok', 'differs'),
    ('xm domid $d', 'ok', 'shown'),
    ('xm domname 3', 'ok', 'ok'),
    ('name=$(xm domname $id)', 'ok', 'ok'),
    ('xm domstate $d', 'ok', 'shown'),
    ('state=$(xm domstate $d)', 'ok', 'unknown'),
    ("xm vcpu-list $d | awk 'NR>1 {print $4}'", 'ok', 'differs'),
    ("xm vcpu-list $d | awk '{print $7}'", 'differs', 'differs'),
    ('xm vcpu-list | grep -c $d', 'ok', 'differs'),
    ("xm block-list $d | awk 'NR>1{print $7}'", 'ok', 'differs'),
    ("xm block-list $d | awk 'NR>1{print $1}'", 'ok', 'differs'),
    ("xm block-list $d | awk '{print $3}'", 'differs', 'differs'),
    ('[ -z "$(xm block-list $d)" ]', 'differs', 'differs'),
    ("xm network-list $d | awk 'NR>1 {print $3}'", 'ok', 'differs'),
    ("xm network-list $d | awk 'NR>1 {print $9}'", 'differs', 'differs'),
    ('xm network-list $d | grep -i "$mac" | awk \'{print $1}\'', 'ok', 'differs'),
    ("xm uptime | awk 'NR>1 {print $3}'", 'ok', 'ok'),
    ('xm uptime $d | tail -1', 'shown', 'ok'),
    ("xm sched-credit -d $d | tail -1 | awk '{print $3}'", 'ok', 'differs'),
    # xl prints 'Cpupool Pool-0: tslice=...' before the header (sched_credit_pool_output): NR>1 keeps the header
    ("xm sched-credit | awk 'NR>1 {print $1, $3}'", 'differs', 'differs'),
    ("xm sched-credit | tail -n +2 | awk '{print $1}'", 'differs', 'differs'),
    # xm (and xl) print nothing when they set a value; virsh schedinfo prints the parameters afterwards
    ('xm sched-credit -d $d -w 512', 'ok', 'shown'),
    ('x=$(xm sched-credit -d $d -c 50)', 'ok', 'differs'),
    ('xm sched-credit -d $d -w 512 > /tmp/log', 'ok', 'differs'),
    ('xm sched-credit -d $d -w 512 >/dev/null', 'ok', 'ok'),
    ("xm pci-list $d | awk 'NR>1 {print $2}'", 'ok', 'ok'),
    ('xm dmesg | grep -i error', 'ok', 'ok'),
    ('xm dmesg > /var/log/xen-dmesg', 'ok', 'ok'),
    ('xm log | tail', 'ok', 'ok'),
    ('xm pause $d', 'ok', 'ok'),
    ('x=$(xm pause $d)', 'ok', 'ok'),
    ('xm shutdown -w $d > /tmp/log', 'unknown', 'unknown'),
    ('xm create /etc/xen/web.cfg', 'shown', 'shown'),
    ('ssh host "xm list" | awk \'NR>1 {print $1}\'', 'ok', 'differs'),
    ('ssh host "xm list | awk \'{print \\$3}\'"', 'ok', 'differs'),
    ("f() { xm list; }; f | awk '{print $1}'", 'unknown', 'unknown'),
    ('g() { xm list; }; g', 'shown', 'shown'),
    ('xm list 2>&1 | grep -q "does not exist"', 'differs', 'differs'),
    ('xm uptime -s', 'ok', 'ok'),
    ("xm cpupool-list | awk 'NR>1 {print $1}'", 'ok', 'ok'),
    ("xm cpupool-list | grep -c ' n '", 'differs', 'ok'),
    ('xm info -n | grep numa', 'ok', 'differs'),
]


def test_table_is_large_and_covers_every_outcome() -> None:
    assert len(ROWS) >= 60
    seen = {o for _, xl, virsh in ROWS for o in (xl, virsh)}
    assert seen == {"ok", "shown", "differs", "unknown"}


@pytest.mark.parametrize(("src", "xl", "virsh"), ROWS, ids=[r[0][:60] for r in ROWS])
def test_outcome(src: str, xl: str, virsh: str) -> None:
    for target, expected in (("xl", xl), ("virsh", virsh)):
        findings = lint(src + "\n", target)
        assert outcome(findings) == expected, (target, [f.message for f in findings if f.code == "XL301"])
        main = [f for f in findings if f.code in ("XL101", "XL102", "XL103")]
        if expected in ("differs", "unknown"):
            assert main and main[0].fix is None, target  # no fix, not even an unsafe one
            assert fixed(src + "\n", target, unsafe=True) == src + "\n"
        if expected == "shown" and main and main[0].fix is not None:
            assert main[0].fix.applicability.value == "unsafe"


# Rewrites that are known to fail on the target: no fix in any mode, and the finding says what to write.
BROKEN_ROWS = [
    ("xm sched-credit\n", "virsh", "requires a domain"),  # virsh schedinfo: <domain> is required
    ("xm sched-credit | awk 'NR>1 {print $1}'\n", "virsh", "requires a domain"),
    ("xm sched-credit2 --weight 9\n", "virsh", "requires a domain"),
]


@pytest.mark.parametrize(("src", "target", "said"), BROKEN_ROWS)
def test_broken_rewrite_is_never_offered(src: str, target: str, said: str) -> None:
    main = [f for f in lint(src, target) if f.code in ("XL101", "XL102", "XL103")]
    assert main and main[0].fix is None and said in main[0].message, [f.message for f in main]
    assert fixed(src, target, unsafe=True) == src


@pytest.mark.parametrize("src", ["xm sched-credit -d $d\n", "xm sched-credit --domain $d -w 5\n"])
def test_schedinfo_with_a_domain_is_still_offered(src: str) -> None:
    assert fixed(src, "virsh", unsafe=True) != src


RELEASE_ROWS = [
    ("xm info | grep cpu_mhz | awk '{print $3}'", "4.10", "ok"),  # '%d' up to 4.10
    ("xm info | grep cpu_mhz | awk '{print $3}'", "4.11", "differs"),  # '%d.%03d' from 4.11
    ("xm info | grep xen_ | wc -l", "4.3", "ok"),
    ("xm info | grep xen_ | wc -l", "4.4", "differs"),  # xen_version appears
    ("xm list -l $d | grep -q domid", "4.1", "ok"),  # xl 4.1 prints SXP with (domid N) too
    ("xm list -l $d | grep -q domid", "4.22", "ok"),  # JSON has "domid": N
    ("xm list -l $d | grep '(state'", "4.1", "differs"),  # xl's SXP has no (state ...)
    ("xm sched-credit | awk 'NR>1 {print $1, $3}'", "4.1", "ok"),  # no pool line before 4.2
    ("xm sched-credit | awk 'NR>1 {print $1, $3}'", "4.2", "differs"),
]


@pytest.mark.parametrize(("src", "release", "expected"), RELEASE_ROWS)
def test_outcome_at_release(src: str, release: str, expected: str) -> None:
    assert outcome(lint(src + "\n", "xl", release)) == expected


@pytest.mark.parametrize("src", ["xm uptime -s\n", "xm uptime\n", "xm list\n", "xm sched-credit\n",
                                 "xm sched-credit2\n", "xm sched-credit | awk '{print $1}'\n"])
def test_rows_missing_from_the_terminal_are_named(src: str) -> None:
    """xm uptime, list and sched-credit(2) also showed stopped xend-managed domains (getDomains(..., 'all'),
    XendDomain.domain_sched_credit_get); xl shows only running ones, so even output that only reaches the
    terminal changes, and the unsafe fix (or the finding without one) says why."""
    main = next(f for f in lint(src, "xl") if f.code == "XL101")
    assert main.fix is None or main.fix.applicability.value == "unsafe", main.message
    assert "stopped xend-managed domains" in " ".join(f.message for f in lint(src, "xl"))


@pytest.mark.parametrize("src", ["xm sched-credit -d web1\n",
                                 "set -e\nfor d in $(xm list | awk 'NR>1 {print $1}'); do :; done\n"])
def test_no_domain_no_missing_domain_talk(src: str) -> None:
    """Changes about one named domain are not reported for a call that names none (or names it with -d)."""
    messages = " ".join(f.message for f in lint(src, "xl"))
    assert "stopped xend-managed domains" not in messages or "xm list" in src
    assert "For an unknown domain" not in messages
