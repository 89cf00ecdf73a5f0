#!/bin/bash
# A driver that hands its commands to other programs (written for xlref's tests): exported command strings
# cannot be rewritten here, because the programs that run them are not in this file.
XEN_BIN="sudo xm"
export VM_MIGRATE="$XEN_BIN migrate -l"
export VM_POLL="$XEN_BIN list"

/usr/lib/driver/agent --migrate-with VM_MIGRATE --poll-with VM_POLL
