"""XL5xx: what `xlref config check` reports about a domain config on its way from xm to xl."""

from __future__ import annotations

from xlref.findings import Severity
from xlref.rules.model import Rule

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CONFIG_RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("XL501", "python-import", E, "The config imports Python modules.",
         "xm executed configs as Python, so imports worked; xl parses a fixed key = value grammar and refuses "
         "the whole file. Remove the import and write the values it was used to compute as literals.",
         'import os\nname = os.environ["GUEST"]', 'name = "web01"', "none"),
    Rule("XL502", "computed-value", E, "A value is computed by a Python expression.",
         "Arithmetic, string concatenation, %-formatting and references to other variables ran under xm. xl "
         "accepts only literals. The value can be worked out without running the file; the fix writes it in.",
         'memory = 512 * 2\nname = "web" + "01"', 'memory = 1024\nname = "web01"', "safe"),
    Rule("XL503", "python-statement", E, "A statement that is not `key = value` (if, for, def, print...).",
         "xl rejects every statement other than plain assignments. Keys assigned inside an if or loop depend "
         "on run time, so they cannot be converted automatically: decide the value and write it.",
         'if arch == "x86_64":\n    kernel = "/boot/vmlinuz-64"', 'kernel = "/boot/vmlinuz-64"', "none"),
    Rule("XL504", "unresolvable-value", E, "A value cannot be known without running the config.",
         "Function calls, names that are never assigned (xm let `xm create cfg var=value` define them on the "
         "command line) and values assigned under control flow need a human decision.",
         'vcpus = int(vcpu_count)   # set by: xm create cfg vcpu_count=2', 'vcpus = 2', "none"),
    Rule("XL505", "python2-syntax", E, "Python 2 only syntax (e.g. `print x`, 0755 literals).",
         "xm ran configs with Python 2. xl does not run Python at all, and this line is not even valid "
         "Python 3. Rewrite it as a literal `key = value` line or delete it.",
         'print "starting guest"\nmode = 0755', '# (delete the print)', "none"),
    Rule("XL506", "sxp-config", E, "The file is an xend SXP (s-expression) config.",
         "`xm create -F` and `xm new -F` read SXP files; xl and libvirt cannot. `xlref config convert` "
         "maps the common SXP fields to an xl config or libvirt XML.",
         '(vm (name web01) (memory 512) ...)', 'name = "web01"\nmemory = 512', "none"),
    Rule("XL507", "shared-write-disk", E, "A disk uses the w! (or !) shared-write mode.",
         "libxlu only accepts r, ro, w and rw as disk access, so xl refuses to create the guest. Use w and "
         "make sure no other guest writes the same device; xl has no override.",
         "disk = ['phy:/dev/vg/shared,xvdb,w!']", "disk = ['phy:/dev/vg/shared,xvdb,w']", "none"),
    Rule("XL508", "renamed-key", W, "xl knows this setting under another name.",
         "xl ignores the old key silently (or with a warning), so the setting would be lost. The fix renames "
         "the key; the value keeps its meaning.",
         'cpu_cap = 50', 'cap = 50', "varies"),
    Rule("XL509", "removed-key", W, "xl has no equivalent for this xm key and ignores it.",
         "The setting has no effect under xl. The explanation in the dataset says what to do instead, if "
         "anything.",
         'vncconsole = 1', '# (no xl equivalent: run a VNC viewer yourself)', "none"),
    Rule("XL510", "changed-value", W, "The key exists in xl but this value means something else or is refused.",
         "Examples: builder = \"linux\" makes xl exit; numeric tsc_mode/timer_mode values are deprecated "
         "in favour of names; xm's HVM `kernel = .../hvmloader` is ignored by xl, and any other HVM kernel "
         "is booted directly instead of being used as firmware.",
         'tsc_mode = 2', 'tsc_mode = "native"', "varies"),
    Rule("XL511", "unknown-key", W, "Neither xm nor xl knows this key; xl ignores it without a word.",
         "Typos and helper variables end up here. xl silently ignores unknown keys, so a misspelt setting "
         "just has no effect.",
         'memroy = 1024', 'memory = 1024', "none"),
    Rule("XL512", "deprecated-key", INFO, "xl still reads this key but prefers another.",
         "The key works today; xl.cfg(5) names a newer replacement.",
         'builder = "hvm"', 'type = "hvm"', "safe"),
    Rule("XL513", "disk-prefix", W, "A disk spec uses an xm-era prefix (tap:aio:, file:, phy:...).",
         "libxlu accepts and drops these prefixes (or rejects unknown ones); the backend is chosen by libxl "
         "or by backendtype=. Behaviour may differ from xm's blktap/loop-device choice.",
         "disk = ['tap:aio:/srv/web01.img,xvda,w']", "disk = ['/srv/web01.img,raw,xvda,w']", "none"),
    Rule("XL514", "vif-option", W, "A vif spec option xl does not understand.",
         "xl prints a message and ignores type=netfront (spelled type=vif in xl), policy=, label= and accel=.",
         "vif = ['type=netfront,bridge=xenbr0']", "vif = ['bridge=xenbr0']", "none"),
    Rule("XL515", "xl-syntax", E, "Not valid in xl's config grammar.",
         "xl's lexer takes lower-case key names, unsigned integers and single-line quoted strings only. "
         "Quote negative numbers, avoid triple quotes and upper-case names.",
         'rtc_timeoffset = -3600', 'rtc_timeoffset = "-3600"', "none"),
    Rule("XL516", "bad-device-spec", E, "A disk, vif or other device spec xl cannot parse.",
         "The device spec does not follow the xl grammar for that device (an unknown disk prefix such as "
         "xm's driver names included); xl refuses the config.",
         "disk = ['xvda']", "disk = ['/srv/web01.img,raw,xvda,rw']", "none"),
    Rule("XL517", "rejected-value", E, "xl refuses this value, or reads it as something else entirely.",
         "The key exists in xl, but the value stops it: builder = \"linux\" makes xl exit, a numeric mode "
         "beyond xl's table is refused, and an HVM kernel= other than hvmloader is booted as the guest's "
         "kernel instead of being used as firmware. The fix, where there is one, writes what xl expects.",
         'builder = "linux"', 'type = "pv"', "varies", "the old value meant something xl cannot express"),
    Rule("XL518", "ignored-disk-prefix", INFO, "A phy: or file: disk prefix, which xl accepts and ignores.",
         "xm chose a block device or a loop device by the prefix; libxl picks the backend itself (phy for block "
         "devices, qdisk for files), so the prefix is harmless. Write backendtype= only to pin a backend.",
         "disk = ['phy:/dev/vg/web01,xvda,w']", "disk = ['/dev/vg/web01,raw,xvda,rw']", "none"),
)}
