"""The command a finding suggests is the one the user should write: words the call gives fill the target's
placeholders (as the script spells them), and a `$NAME` the fix leaves alone is shown as `$NAME`, not as the
value the linter found for it.  Shipped dataset (the placeholders live there)."""

from __future__ import annotations

import pytest

from tests.lint.outkit import lint

ROWS = [
    # the host is known although the domain is not: the URI virsh needs is complete
    ('xm migrate -l "$D" host2\n', "virsh", 'migrate --live "$D" xen+ssh://host2/system`'),
    ('xm migrate web1 "$H"\n', "virsh", 'migrate web1 xen+ssh://"$H"/system`'),
    ('xm network-attach "$D" bridge=xenbr0\n', "virsh", 'attach-interface "$D" --type bridge --source xenbr0`'),
    ('xm network-attach web1 bridge=$B "mac=$M"\n', "virsh", '--type bridge --source $B --mac "$M"`'),
    # a variable with one known value: the fix keeps `$D`, so does the suggestion
    ("D=web1\nxm pause $D\n", "xl", "use `xl pause $D`"),
    ("D=db1\nMEM=512\nxm mem-set $D $MEM\n", "xl", "use `xl mem-set $D $MEM`"),
    ("D=db1\nMEM=512\nxm mem-set $D $MEM\n", "virsh", "use `virsh -q setmem $D 512M`"),  # $MEM must change
    ('O="-w"\nxm shutdown $O web1\n', "xl", "use `xl shutdown -w -w web1`"),  # so must $O
    # virsh takes the bare path: xm's backend type prefix is dropped from the suggestion (fix stays manual)
    ("xm block-attach web1 phy:/dev/vg/web1-data xvdb w\n", "virsh", "attach-disk web1 /dev/vg/web1-data xvdb`"),
    ('xm block-attach web1 "tap:aio:$IMG" xvdc r\n', "virsh", 'attach-disk web1 "$IMG" xvdc`'),
    ("xm block-configure web1 file:/srv/iso/new.iso hdc:cdrom r\n", "virsh",
     "change-media web1 hdc:cdrom /srv/iso/new.iso`"),
]


@pytest.mark.parametrize(("src", "target", "said"), ROWS)
def test_suggested_command(src: str, target: str, said: str) -> None:
    main = [f.message for f in lint(src, target) if f.code in ("XL101", "XL102", "XL103")]
    assert main and said in main[0], main
    assert "<HOST>" not in main[0] and "<BRIDGE>" not in main[0] and "<SOURCE_PATH>" not in main[0]
