"""Small scripts built from xm calls with random arguments and random consumers of their output and status,
for the property tests (hypothesis strategies)."""

from __future__ import annotations

from hypothesis import strategies as st

DOMAINS = ("web1", "db1", "test1", "nope", "3")

#: xm calls that act on a domain (the domain is drawn separately)
_ON_DOMAIN = ("list {d}", "domid {d}", "pause {d}", "unpause {d}", "destroy {d}", "shutdown {d}", "shutdown -w {d}",
              "reboot {d}", "mem-set {d} {n}", "mem-max {d} {n}", "vcpu-set {d} 1", "uptime {d}", "block-list {d}",
              "network-list {d}", "sched-credit -d {d}", "list -l {d}", "save {d} /tmp/{d}.save",
              "block-detach {d} xvdb", "network-attach {d} bridge=xenbr1", "console {d}", "domstate {d}")
_HOST = ("list", "info", "uptime", "vcpu-list", "create /etc/xen/mail1.cfg", "create -q /etc/xen/mail1.cfg",
         "restore /tmp/web1.save", "dmesg")

#: ways a script uses a call: {c} is the call
CONSUMERS = (
    "{c}",
    "{c} >/dev/null 2>&1",
    "{c} || echo failed",
    "if {c} >/dev/null 2>&1; then echo yes; else echo no; fi",
    "{c} >/dev/null 2>&1; echo \"rc=$?\"",
    "x=$({c} 2>/dev/null); echo \"[$x]\"",
    "{c} 2>/dev/null | awk 'NR>1 {{print $1}}'",
    "{c} 2>/dev/null | wc -l",
    "{c} 2>/dev/null | grep -c web1",
)


@st.composite
def xm_call(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        template = draw(st.sampled_from(_ON_DOMAIN))
        return "xm " + template.format(d=draw(st.sampled_from(DOMAINS)), n=draw(st.sampled_from(("256", "512"))))
    return "xm " + draw(st.sampled_from(_HOST))


@st.composite
def statement(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(CONSUMERS)).format(c=draw(xm_call()))


@st.composite
def script(draw: st.DrawFn) -> bytes:
    shell = draw(st.sampled_from(("#!/bin/sh", "#!/bin/bash")))
    body = draw(st.lists(statement(), min_size=1, max_size=4))
    return ("\n".join([shell, *body]) + "\n").encode()
