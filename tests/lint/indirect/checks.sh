#!/bin/bash
# Preflight checks and a watchdog (written for xlref's tests).
need_bin() {
    command -v "$1" >/dev/null 2>&1 || { echo "missing $1" >&2; exit 1; }
}

need_bin xm
need_bin awk
type xm >/dev/null || exit 1

if ps ax | grep -v grep | grep -q "xm migrate"; then
    echo "a migration is running" >&2
    exit 0
fi
pgrep -f "xm save" >/dev/null && exit 0

xm list
