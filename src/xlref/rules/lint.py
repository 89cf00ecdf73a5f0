"""The rule registry: stable codes, severities, one-line summaries and long explanations.

Families: XL1xx commands, XL2xx options, XL3xx output and behaviour, XL4xx xend and the host, XL9xx dynamic
invocations and parsing.  What a command or option *becomes* is never stored here: it comes from the dataset.
This module imports nothing heavy so the site generator can list the rules cheaply.
"""

from __future__ import annotations

from xlref.findings import Severity
from xlref.rules.model import Rule

_W, _E, _I = Severity.WARNING, Severity.ERROR, Severity.INFO

LINT_RULES = (
    Rule("XL101", "xm-command", _W, "An xm call that has a direct equivalent on the target toolstack.",
         "xm went away with xend (Xen 4.5). Most of its subcommands have a counterpart in `xl` or `virsh` "
         "under the same name. The fix swaps the program and writes the arguments as the target reads them "
         "(`xm shutdown -w` waits for destruction, so it becomes `xl shutdown -w -w`; a MiB value gets `M` for "
         "virsh as `${MEM}M`). Every call ends in one of three outcomes: a safe fix (same observable "
         "behaviour, applied by --fix), an unsafe fix whose message lists each difference (applied only with "
         "--unsafe-fixes), or no fix, with the reason and what to write instead. A rewrite known not to work "
         "is never offered. Calls reached through a variable or a wrapper function say so (`through $XM`, "
         "`through xm_cmd()`): the shared text is rewritten for all of them or for none. Differences that "
         "depend on the host (stopped xend-managed domains, HVM guests without PV drivers, domains libvirt "
         "does not define, save images xm wrote, sudo rules) can be ruled out with --assume; the message then "
         "says `safe fix, "
         "assuming NAME`, and a rewrite that would break only on such a host (`xm destroy` succeeded for a "
         "stopped managed domain, `xl destroy` fails) is offered only once the fact is stated. virsh gets -q "
         "where that makes it print what xm printed. A script that reads the exit number of a failing call "
         "(`$?`, set -e, its own exit status) sees other numbers (xm exits 3 for an unknown domain, xl and virsh "
         "1): such fixes are unsafe.",
         "xm pause web01\nxm destroy web01", "xl pause web01\nxl destroy web01", "varies",
         "an option or a behaviour change recorded in the dataset makes it so, or the script reads output "
         "that only looks different (the message names each difference; --assume rules out host ones)."),
    Rule("XL102", "renamed-command", _W, "The equivalent command has a different name on the target.",
         "Some operations changed name. The classic trap is pausing: `xm pause` is `virsh suspend`, while "
         "`xl suspend` / `virsh dompmsuspend` mean guest sleep. Aliases and abbreviations accepted by xm "
         "(`xm balloon`, `xm cr`) are written out in full, because xl and virsh resolve abbreviations "
         "differently or not at all.",
         "xm pause web01   # --target virsh", "virsh -q suspend web01", "varies",
         "the dataset marks the renamed command unsafe (the new command does something slightly different)."),
    Rule("XL103", "manual-rewrite", _W, "The replacement needs arguments the xm call does not have.",
         "The replacement exists but takes different arguments, for instance `xm suspend DOM` (xend keeps the "
         "image) becomes `xl save DOM FILE`, where you choose the file and restore it yourself. The linter "
         "never invents such values, so there is no automatic fix; the message shows the target command line "
         "with placeholders.",
         "xm suspend web01", "xl save web01 /var/lib/xen/save/web01.chk", "none"),
    Rule("XL104", "no-equivalent", _E, "The xm command has no equivalent on the target toolstack.",
         "Mostly xend-specific features: managed domains (`new`, `delete`, `start`), xend's Xen-API "
         "commands, resource groups. The message says what to do instead, taken from the dataset.",
         "xm new web01.cfg", "# keep web01.cfg and start it with: xl create web01.cfg", "none"),
    Rule("XL105", "unknown-subcommand", _E, "xm is called with a subcommand the dataset does not know.",
         "The word after `xm` is not an xm command, alias or unique abbreviation (or is ambiguous, or missing). "
         "Either the script was already broken, or it relies on a local patch; check it by hand.",
         "xm lsit", "xl list", "none"),
    Rule("XL106", "not-in-release", _E, "The replacement is missing from the Xen release given with --xen.",
         "With `--xen VERSION` the linter only proposes xl commands and options present in that release. "
         "Upgrade Xen or rewrite the step differently.",
         "xm vcpu-pin web01 all 2   # --xen 4.1", "(no fix: pick a release that has the command)", "none"),
    Rule("XL201", "renamed-option", _I, "An option is spelled differently on the target.",
         "The target command has the same feature under another flag. The command's fix rewrites it; "
         "whether that is safe depends on how closely the new flag matches the old one.",
         "xm list --label", "xl list -Z", "varies",
         "the dataset marks the renamed flag unsafe (xl -Z shows the XSM context, not an ACM label)."),
    Rule("XL202", "dropped-option", _W, "An option is removed by the fix.",
         "The target has no such flag. When the target already behaves as the flag asked (xl migrate is "
         "always live) the flag is simply deleted; when the behaviour differs the deletion is an unsafe fix.",
         "xm migrate -l web01 host2", "xl migrate web01 host2", "varies",
         "the target does not behave as the option asked."),
    Rule("XL203", "option-without-equivalent", _E, "An option has no equivalent on the target.",
         "The call cannot be rewritten automatically because the target cannot be told the same thing. "
         "The message says why and what to do instead.",
         "xm migrate -p 8002 web01 host2", "xl migrate -s 'ssh -p 2222' web01 host2", "none"),
    Rule("XL204", "option-moved-to-config", _W, "An option became a setting in the domain configuration.",
         "xl and libvirt take some per-call settings from the domain configuration instead. Move the value "
         "there; the call itself is not rewritten.",
         "xm create web01.cfg vnc=1", "# set vnc=1 in web01.cfg, then: xl create web01.cfg", "none"),
    Rule("XL205", "unknown-option", _W, "An option the dataset does not list for this xm command.",
         "The linter cannot tell whether the flag takes a value or what it maps to, so it does not rewrite "
         "this call. It may be a typo the old xm silently accepted, or a local patch; check it by hand.",
         "xm list --bogus", "(check the flag by hand)", "none"),
    Rule("XL206", "option-not-in-release", _E, "An option of the replacement is missing from --xen's release.",
         "The xl flag that replaces the xm option appeared in a later xl release than the one given with "
         "`--xen`, so the rewritten call would fail on that host. Upgrade, or drop `--xen` if the host is newer.",
         "xm migrate --debug ...   # --xen 4.2", "(no fix)", "none"),
    Rule("XL301", "output-format", _W, "The script reads output whose format differs on the target.",
         "Where the call's output goes decides whether the rewrite is safe. The linter follows stdout (and "
         "stderr after 2>&1) through pipes, $(...), backticks, process substitutions, `while read` loops, "
         "redirections to files and functions, and works out what each reader looks at: awk fields and "
         "NR conditions, cut -f/-d, grep patterns (-v, -c, -q), head/tail/sed line numbers, wc -l, the "
         "variables a `while read` loop uses. It then compares those parts of the two tools' output formats, "
         "recorded in the dataset from their printf code (header lines, columns and their order, key names, "
         "SXP vs JSON). Reading only identical parts is safe: `xm list | awk 'NR>1 {print $1}'` becomes "
         "`xl list | ...` unchanged. Reading parts that differ gets no fix at all, not even with "
         "--unsafe-fixes, and the message says what breaks and what to read instead: `grep '(state'` after "
         "`list -l` (xl prints JSON), a field that moved (virsh list puts Id first, xm network-list's BE-path "
         "is field 9 but xl's is field 8), a grep that now matches more keys (`xm info | grep memory` also "
         "matches sharing_freed_memory on xl), a header line count that changed (virsh tables have two). A "
         "reader the linter cannot follow (a variable used later, a file, an unknown program) is only "
         "accepted when both formats are identical in every part. Output that only reaches the terminal "
         "gives an unsafe fix: the script works, but what a person sees changes.",
         "xm list -l web01 | grep '(state'\nxm info | grep memory",
         "xl list web01 | awk 'NR>1 {print $5}'   # the State column\n"
         "xl info | grep -E '^(total|free)_memory'", "varies",
         "the output only reaches the terminal and looks different there; when the script itself reads parts "
         "that differ there is no fix at all."),
    Rule("XL302", "behaviour-change", _W, "The replacement behaves differently in a way the script may notice.",
         "Defaults, units, semantics or transport differ (for example migration is always live and goes "
         "over ssh, or xl list does not show stopped xend-managed domains). The finding quotes the "
         "difference from the dataset; when the dataset says an affected rewrite cannot be safe, the fix is "
         "unsafe and the message says why.",
         "xm migrate web01 host2", "xl migrate web01 host2   # needs root ssh to host2", "unsafe",
         "the dataset marks the change with fix_impact: unsafe (the message names the change)."),
    Rule("XL303", "exit-status", _W, "The script tests an exit status that differs on the target.",
         "The call sits in an `if`/`while` condition, after `!` or in an `&&`/`||` list, and the target "
         "reports success or failure differently (xm exits 3 for an unknown domain, xl 1, virsh 1; xl domid "
         "fails for a stopped domain that virsh still knows). Only the exit status matters here, so the "
         "output format does not; the fix is unsafe when the statuses can differ.",
         "if xm list web01 >/dev/null 2>&1; then ...", "if xl list web01 >/dev/null 2>&1; then ...", "unsafe",
         "always: the condition may take the other branch in the cases the message names."),
    Rule("XL401", "xend-service", _W, "Starting, stopping or enabling the xend daemon.",
         "xend does not exist with xl. Host setup is done by the `xencommons` service (xenstored, "
         "xenconsoled, qemu for dom0), plus `libvirtd` when you manage guests with virsh. Guests started "
         "at boot come from `xendomains`. The fix renames the service, which is unsafe: the two do not "
         "start the same daemons. Direct calls of the xend program itself are only reported.",
         "service xend restart\nchkconfig xend on", "service xencommons restart\nchkconfig xencommons on",
         "unsafe", "always: xencommons is not a drop-in for xend."),
    Rule("XL402", "xend-config", _W, "A reference to xend's configuration file.",
         "`/etc/xen/xend-config.sxp` is not read by xl. Global xl settings live in `/etc/xen/xl.conf`; "
         "libvirt's libxl driver reads `/etc/libvirt/libxl.conf`. The relocation settings have no xl "
         "counterpart (migration goes over ssh), bridges belong to the distribution's network setup, and "
         "dom0 memory is fixed with `dom0_mem=` on the hypervisor command line plus `autoballoon` in xl.conf.",
         "grep relocation /etc/xen/xend-config.sxp", "grep -v '^#' /etc/xen/xl.conf", "none"),
    Rule("XL403", "xend-state", _W, "A reference to xend's state directory.",
         "`/var/lib/xend` held the definitions and state of xend-managed domains. xl keeps no such store: "
         "configs are files you manage and saves are files you name. libvirt keeps its own under "
         "`/var/lib/libvirt/libxl` and `/etc/libvirt/libxl`.",
         "ls /var/lib/xend/domains", "ls /etc/xen/*.cfg   # or: virsh list --all", "none"),
    Rule("XL404", "availability-check", _I, "The script checks whether xm is installed.",
         "`which xm`, `command -v xm`, `type xm`, `[ -x /usr/sbin/xm ]`, a helper function that checks its "
         "argument (`need_bin() { command -v \"$1\" ...; }` called as `need_bin xm`) or a check of a variable "
         "(`[ -x \"$XMCMD\" ]`) decide what the script does on a host without xm. The fix checks for the "
         "target program instead; it is unsafe because the code guarded by the check must be migrated too. A "
         "check through a variable has no fix of its own: it follows the variable's.",
         "[ -x /usr/sbin/xm ] || exit 0", "[ -x /usr/sbin/xl ] || exit 0", "unsafe",
         "always: the guarded code still calls xm unless it is fixed too."),
    Rule("XL405", "xend-process", _W, "The script looks for or signals the xend process.",
         "With xl there is no management daemon to wait for or to restart; check the hypervisor with "
         "`xl info` or the xencommons service instead.",
         "pidof xend >/dev/null || service xend start", "xl info >/dev/null || service xencommons start",
         "none"),
    Rule("XL406", "process-watch", _W, "The script looks for running xm processes.",
         "`ps ax | grep \"xm migrate\"`, `pgrep -f \"xm list\"` or `pkill -f xm` watch or stop xm processes. Once "
         "the calls run xl there are none: the watchdog never fires (or always does). For xl the fix renames the "
         "pattern; xl commands are short-lived, except the monitor `xl create` leaves running per domain. libvirtd "
         "runs no process per operation, so for virsh there is no fix: ask libvirt about the domain instead.",
         "pgrep -f \"xm migrate\" >/dev/null && exit 0", "pgrep -f \"xl migrate\" >/dev/null && exit 0", "unsafe",
         "always: the processes xl starts are not the ones xm started."),
    Rule("XL901", "dynamic-subcommand", _W, "The xm subcommand is computed at run time.",
         "In `xm $op \"$dom\"` the linter cannot know the operation, so it cannot pick the replacement. "
         "Review the values the variable can take (or use `xlref lookup`).",
         "xm $op \"$dom\"", "xl $op \"$dom\"   # after checking every value of $op", "none"),
    Rule("XL902", "dynamic-invocation", _W, "xm runs through an expansion whose value the linter cannot know.",
         "The program word is an expansion such as `${XM:-$SBIN/xm}` or `$(which xm)`, or a variable set in "
         "several ways, so the program that runs is only known at run time. The call is reported with the "
         "rewrite it would need and never changed. (A literal `eval \"xm list\"` and `XM=${XM:-xm}` are "
         "followed and rewritten: the bytes are what the shell runs.)",
         "${XM:-$SBIN/xm} list", "${XM:-$SBIN/xl} list   # after checking every value", "none"),
    Rule("XL903", "command-in-variable", _W, "A whole xm command line is kept in a variable.",
         "A variable such as `LIST=\"xm list\"` or `MIGRATE=\"sudo $XEN_BIN migrate -l\"` holds a command line "
         "that is run elsewhere (`$LIST`, `eval \"$LIST\"`, `ssh host \"$LIST\"`, a function that evaluates "
         "its argument). When every place that runs it is in the file, each is reported as a call and the "
         "value is rewritten for all of them. This finding is for the rest: the variable is exported (other "
         "programs may run it), run quoted, copied or passed somewhere the linter cannot follow, or never run "
         "in the file. Rewrite the value by hand.",
         "export LIST=\"xm list\"", "export LIST=\"xl list\"   # and check the programs that read it", "none"),
    Rule("XL906", "partial-migration", _W, "The file runs the target toolstack but still runs or checks for xm.",
         "Some calls now run xl (or virsh) while others still run xm, check for it (`which xm`) or watch its "
         "processes: usually what is left after `--fix` rewrote the calls it could. The script keeps depending on "
         "xm and xend until the rest is migrated by hand; the other findings in the file say how.",
         "xl list\nxm new web01.cfg", "xl list\nxl create web01.cfg", "none"),
    Rule("XL907", "source-not-found", _I, "A file the script sources could not be read.",
         "The script sources (`. FILE`) a file whose path is computed at run time or was not found next to the "
         "script or in a `--source-path` directory. Variables and functions it defines (an `XM=` path, options "
         "such as `STOP_OPTS`, wrapper functions) are unknown, so calls that use them are not rewritten. Point "
         "`--source-path` at a copy of the file (for `/etc/...` paths, a directory holding `etc/...` or the file "
         "itself).",
         ". /etc/default/xendomains\nxm shutdown $d $XENDOMAINS_STOP_OPTS",
         "xlref lint --source-path ./etc-copy script.sh", "none"),
    Rule("XL904", "parse-error", _E, "The file has a shell syntax error.",
         "bash judges: `bash -n` (`dash -n` for #!/bin/sh scripts) rejects the file, and the finding quotes "
         "its message and line. No fix is applied anywhere in such a file. When the shell accepts the file "
         "but tree-sitter-bash, which the linter uses to find calls, cannot parse a statement, XL904 says "
         "so instead: findings there may be missing and nothing there is fixed. Files that mention neither "
         "xm nor xend are not checked, so this is only reported where it matters for the migration.",
         "if xm list; then\n  echo ok\n# missing fi", "if xl list; then\n  echo ok\nfi", "none"),
    Rule("XL905", "unused-suppression", _I, "An `# xlref: disable=` comment suppresses nothing.",
         "The directive names codes that no finding in its scope has, usually because the call it "
         "guarded was migrated or removed. Delete it (or the stale codes) so it does not hide a future "
         "finding. Codes outside --select/--ignore are not checked.",
         "# xlref: disable=XL101\nxl list", "xl list", "none"),
)
