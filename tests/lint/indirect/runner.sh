#!/bin/bash
# A runner function written over several lines, "$@" on a line of its own (written for xlref's tests).
try() {
    logger -t guests "running: $*"
    "$@"
}
try xm pause "$1"
try xm unpause web1
