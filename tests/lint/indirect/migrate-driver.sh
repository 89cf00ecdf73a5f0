#!/bin/bash
# Cloud driver fragment: commands kept in strings and run later (written for xlref's tests).
XEN_BIN=xm
LOG=/var/log/driver.log

run_logged() {
    echo "$(date) running: $1" >>"$LOG"
    eval "$1"
}

MIGRATE="$XEN_BIN migrate -l"
STOP_CMD="$XEN_BIN shutdown"

migrate_vm() {
    $MIGRATE "$1" "$2"
}

stop_vm() {
    run_logged "$STOP_CMD $1"
}

migrate_vm "$DOM" "$DEST"
stop_vm "$DOM"
