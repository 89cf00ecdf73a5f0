#!/bin/sh
# Stops every guest with options from the host configuration (written for xlref's tests). The
# configuration lives in /etc/default/xendomains; run the linter with --source-path pointing at a copy.
. /etc/default/xendomains
. "$(dirname "$0")/lib/guests.sh"

for dom in $(list_guests); do
    xm shutdown "$dom" $XENDOMAINS_STOP_OPTS
done
xm mem-set Domain-0 $DOM0_MEM
