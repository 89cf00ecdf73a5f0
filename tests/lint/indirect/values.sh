#!/bin/bash
# Argument values each target reads differently (written for xlref's tests).
D=$1
MEM=$2
NAME=web-$3
xm mem-set $D $MEM
xm create /etc/xen/base.cfg name=$NAME memory=512 vcpus=$4
xm migrate -l "$D" node2
xm shutdown -H "$D"
xm list --state=running
xm block-attach "$D" phy:/dev/vg0/data xvdb w
xm block-attach "$D" file:/srv/iso/tools.iso hdc:cdrom r
xm block-attach "$D" phy:/dev/vg0/shared xvdc 'w!'
xm block-detach "$D" /dev/xvdb
xm sched-cr -d "$D" -w 512
eval "xm pause $D"
