"""XL5xx: what `xlref config check` reports about a domain config on its way from xm to xl."""

from __future__ import annotations

from xlref.findings import Severity
from xlref.rules.model import Rule

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
NO_FIX = "There is no automatic fix, so nothing can go wrong silently."

CONFIG_RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("XL501", "python-import", E, "The config imports Python modules.",
         "xm executed configs as Python, so imports worked; xl parses a fixed key = value grammar and refuses "
         "the whole file. Remove the import and write the values it was used to compute as literals.",
         'import os\nname = os.environ["GUEST"]', 'name = "web01"', "none", NO_FIX),
    Rule("XL502", "computed-value", E, "A value is computed by a Python expression.",
         "Arithmetic, string concatenation, %-formatting and references to other variables ran under xm. xl "
         "accepts only literals. The value can be worked out without running the file; the fix writes it in.",
         'memory = 512 * 2\nname = "web" + "01"', 'memory = 1024\nname = "web01"', "safe",
         "never for the value itself; but when the value came from an `xm create` variable (--set), the file "
         "is pinned to that one value from then on."),
    Rule("XL503", "python-statement", E, "A statement that is not `key = value` (if, for, def, a call...).",
         "xl rejects every statement other than plain assignments. Keys assigned inside an if or loop depend "
         "on run time, so they cannot be converted automatically: decide the value and write it. A call such as "
         "os.system() ran at every `xm create`; xlref never runs it and xl cannot, so do by hand what it did.",
         'if arch == "x86_64":\n    kernel = "/boot/vmlinuz-64"', 'kernel = "/boot/vmlinuz-64"', "none", NO_FIX),
    Rule("XL504", "unresolvable-value", E, "A value cannot be known without running the config.",
         "Function calls, names that are never assigned (xm let `xm create cfg var=value` define them on the "
         "command line: give them with --set NAME=VALUE) and values assigned under control flow need a human "
         "decision.",
         'vcpus = int(vcpu_count)   # set by: xm create cfg vcpu_count=2', 'vcpus = 2', "none", NO_FIX),
    Rule("XL505", "python2-syntax", E, "Python 2 only syntax (e.g. `print x`, 0755 literals), or a syntax error.",
         "xm ran configs with Python 2. xl does not run Python at all, and this line is not even valid "
         "Python 3. A line that is not valid Python 2 either is reported as a syntax error: xm refused that "
         "file too. Rewrite it as a literal `key = value` line or delete it.",
         'print "starting guest"\nmode = 0755', '# (delete the print)', "none", NO_FIX),
    Rule("XL506", "sxp-config", E, "The file is an xend SXP (s-expression) config.",
         "`xm create -F` and `xm new -F` read SXP files, and xend kept managed domains as SXP under "
         "/var/lib/xend/domains; xl and libvirt cannot. `xlref config convert` maps the common SXP fields to an "
         "xl config or libvirt XML.",
         '(vm (name web01) (memory 512) ...)', 'name = "web01"\nmemory = 512', "none", NO_FIX),
    Rule("XL507", "shared-write-disk", E, "A disk uses the w! (or !) shared-write mode.",
         "libxlu only accepts r, ro, w and rw as disk access, so xl refuses to create the guest. Use w and "
         "make sure no other guest writes the same device; xl has no override.",
         "disk = ['phy:/dev/vg/shared,xvdb,w!']", "disk = ['phy:/dev/vg/shared,xvdb,w']", "none", NO_FIX),
    Rule("XL508", "renamed-key", W, "xl knows this setting under another name.",
         "xl ignores the old key silently (or with a warning), so the setting would be lost. The fix renames "
         "the key; the value keeps its meaning.",
         'cpu_cap = 50', 'cap = 50', "varies",
         "the data marks a rename safe only when the value keeps its exact meaning; other renames are only "
         "suggested."),
    Rule("XL509", "removed-key", W, "xl has no equivalent for this xm key and ignores it.",
         "The setting has no effect under xl. The explanation in the dataset says what to do instead, if "
         "anything.",
         'vncconsole = 1', '# (no xl equivalent: run a VNC viewer yourself)', "none", NO_FIX),
    Rule("XL510", "changed-value", W, "The key exists in xl but this value means something else now.",
         "Examples: numeric tsc_mode/timer_mode values are deprecated in favour of names; xm's HVM "
         "`kernel = .../hvmloader` is ignored by xl (values xl refuses outright are XL517).",
         'tsc_mode = 2', 'tsc_mode = "native"', "varies",
         "never for the names written: each is the number's meaning in xl's own table. Deleting an HVM kernel "
         "= hvmloader line is safe because xl loads its own hvmloader."),
    Rule("XL511", "unknown-key", W, "Neither xm nor xl knows this key; xl ignores it without a word.",
         "Typos and helper variables end up here. xl silently ignores unknown keys, so a misspelt setting "
         "just has no effect.",
         'memroy = 1024', 'memory = 1024', "none", NO_FIX),
    Rule("XL512", "deprecated-key", INFO, "xl still reads this key but prefers another.",
         "The key works today; xl.cfg(5) names a newer replacement.",
         'builder = "hvm"', 'type = "hvm"', "safe", "never: both spellings mean the same to xl."),
    Rule("XL513", "disk-prefix", W, "A disk spec uses an xm-era prefix (tap:aio:, file:, phy:...).",
         "libxlu accepts and drops these prefixes (or rejects unknown ones); the backend is chosen by libxl "
         "or by backendtype=. Behaviour may differ from xm's blktap/loop-device choice. `phy:NAME` without a "
         "slash meant /dev/NAME to xm but a file NAME in the current directory to xl.",
         "disk = ['tap:aio:/srv/web01.img,xvda,w']", "disk = ['/srv/web01.img,raw,xvda,w']", "none", NO_FIX),
    Rule("XL514", "vif-option", W, "A vif spec option xl does not understand.",
         "xl prints a message and ignores type=netfront (spelled type=vif in xl), policy=, label= and accel=.",
         "vif = ['type=netfront,bridge=xenbr0']", "vif = ['bridge=xenbr0']", "none", NO_FIX),
    Rule("XL515", "xl-syntax", E, "Not valid in xl's config grammar.",
         "xl's lexer takes lower-case key names, unsigned integers and single-line quoted strings only, and "
         "refuses a byte order mark, CR characters (CRLF line ends) and a comment on the last line without a "
         "newline. Quote negative numbers, avoid triple quotes and upper-case names.",
         'rtc_timeoffset = -3600', 'rtc_timeoffset = "-3600"', "varies",
         "the offered fixes (remove the byte order mark, LF line ends, a final newline) change no setting."),
    Rule("XL516", "bad-device-spec", E, "A disk, vif or other device spec xl cannot parse.",
         "The device spec does not follow the xl grammar for that device (an unknown disk prefix such as "
         "xm's driver names included); xl refuses the config.",
         "disk = ['xvda']", "disk = ['/srv/web01.img,raw,xvda,rw']", "none", NO_FIX),
    Rule("XL517", "rejected-value", E, "xl refuses this value, or reads it as something else entirely.",
         "The key exists in xl, but the value stops it: builder = \"linux\" (or Xen 3.0's \"vmx\", which was HVM) "
         "makes xl exit, a numeric mode "
         "beyond xl's table is refused, and an HVM kernel= other than hvmloader is booted as the guest's "
         "kernel instead of being used as firmware. The fix, where there is one, writes what xl expects.",
         'builder = "linux"', 'type = "pv"', "varies", "the old value meant something xl cannot express"),
    Rule("XL518", "ignored-disk-prefix", INFO, "A phy: or file: disk prefix, which xl accepts and ignores.",
         "xm chose a block device or a loop device by the prefix; libxl picks the backend itself (phy for block "
         "devices, qdisk for files), so the prefix is harmless. Write backendtype= only to pin a backend.",
         "disk = ['phy:/dev/vg/web01,xvda,w']", "disk = ['/dev/vg/web01,raw,xvda,rw']", "none", NO_FIX),
    Rule("XL519", "empty-config", E, "The file has no settings at all.",
         "An empty file (or one with only comments) defines no guest: xl refuses it for want of a name, and a "
         "conversion has nothing to convert. Often the real config lives elsewhere.",
         "# web01\n", 'name = "web01"\nmemory = 512', "none", NO_FIX),
    Rule("XL520", "duplicate-key", W, "A key is assigned more than once.",
         "xm (Python) and xl both use the last assignment, so the earlier value has no effect; usually it is a "
         "leftover edit. The fix deletes the earlier lines.",
         'memory = 512\nmemory = 1024', 'memory = 1024', "safe",
         "never for xl's reading; but if the earlier line is the one you meant, the fix removes the wrong one."),
    Rule("XL521", "missing-name", E, "The config sets no name.",
         "xl refuses it ('Domain name must be specified'). xm create named such a guest after its config file, "
         "and the fix writes that name.",
         'memory = 512', 'name = "web01.cfg"\nmemory = 512', "safe",
         "the name is the file name, as xm gave it; a management tool that knew the guest by another name "
         "will not find it."),
    Rule("XL522", "default-changed", W, "A setting left out gets a different default under xl.",
         "xend gave HVM guests hpet=0 and xm create 128 MiB of memory; libxl's defaults are hpet=1 and 32 MiB. "
         "The fix writes xend's value so the guest keeps what it had.",
         'builder = "hvm"', 'builder = "hvm"\nhpet = 0', "safe",
         "the file was in fact used with xl, not xm: then xl's default is what the guest had."),
    Rule("XL523", "kernel-args", W, "xm's kernel command-line keys (ip, netmask, gateway, hostname, dhcp, "
         "nfs_server, nfs_root).",
         "xm built part of the guest kernel's command line from these keys (create.py preprocess_ip and "
         "preprocess_nfs); xl ignores them, so an NFS-root or static-IP guest would not boot. The fix writes the "
         "arguments into extra exactly as xm built them.",
         'ip = "10.0.0.5"\nnfs_server = "10.0.0.1"\nnfs_root = "/srv/guest"',
         'extra = "ip=10.0.0.5:10.0.0.1::::eth0:off nfsroot=10.0.0.1:/srv/guest"', "safe",
         "never for the kernel: it gets the same arguments; but the keys are gone, so a tool that edits them "
         "must now edit extra."),
    Rule("XL524", "device-model", W, "xm's device_model: xl ignores it, and cannot run qemu-dm.",
         "xl ignores device_model with a warning (since Xen 4.2) and starts its own qemu-xen. qemu-dm "
         "(qemu-xen-traditional) cannot run under xl since Xen 4.21, so renaming it to device_model_override "
         "breaks the guest; a stubdom-dm corresponds to device_model_stubdomain_override = 1; only an upstream "
         "qemu-system binary belongs in device_model_override, with device_model_version = \"qemu-xen\".",
         "device_model = '/usr/lib/xen/bin/qemu-dm'", "# (delete it: xl starts qemu-xen)", "unsafe",
         "always: the guest gets qemu-xen's emulated hardware instead of qemu-dm's (Windows guests may need new "
         "drivers), and a stub domain needs its images installed."),
    Rule("XL525", "xm-ignored-value", E, "xm ignored this value: it is no string, list or number.",
         "xm kept only strings, lists, integers and floats from a config's variables (opts.py, Opts.load): "
         "True/False, None, tuples and dicts were helpers at most. xl cannot read them at all.",
         "acpi = True", "acpi = 1", "none", NO_FIX),
)}
