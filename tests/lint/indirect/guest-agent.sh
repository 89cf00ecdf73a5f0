#!/bin/sh
# Cluster resource agent for one Xen guest (written for xlref's tests: wrapper functions, a program path
# built from a variable, options kept in a variable, an availability check through the variable).
SBIN=/usr/sbin
XMCMD="$SBIN/xm"
STOP_OPTS="-w"

xm_cmd() {
    $XMCMD "$@"
}

guest_validate() {
    [ -x "$XMCMD" ] || { echo "xen tools missing ($XMCMD)"; return 5; }
}

guest_monitor() {
    xm_cmd list "$DOMAIN" >/dev/null 2>&1
}

guest_start() {
    xm_cmd create "/etc/xen/$DOMAIN.cfg"
}

guest_stop() {
    xm_cmd shutdown "$DOMAIN" $STOP_OPTS || xm_cmd destroy "$DOMAIN"
}

case "$1" in
    start) guest_validate && guest_start ;;
    stop) guest_stop ;;
    monitor) guest_monitor ;;
esac
