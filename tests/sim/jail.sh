#!/bin/sh
# Run a command in a throwaway root: started by the runner as
#   unshare --mount --net --pid --fork --kill-child --propagation private sh jail.sh COMMAND...
# with SIM_RUN (this run's scratch directory: io/, files/, t/), SIM_LAYER (the fake tools and stubs), SIM_DATA
# (the dataset extract) and SIM_CWD.  The new root is an overlay of the real / with every write going to a tmpfs that dies with the
# namespace: the fakes shadow /usr/sbin/xm, /usr/bin/virsh and friends, /dev holds no disks, there is no
# network, and /sim (this run's io/ directory) is the only way out.  This shell is PID 1 of the namespace,
# so when it exits every process the script left behind is killed.
set -eu
run=$SIM_RUN
mount --make-rprivate /
mount -t tmpfs -o size=512m,mode=0755 xlref-sim "$run/t"
mkdir "$run/t/up" "$run/t/work" "$run/t/root"
cp -a "$SIM_LAYER/." "$run/t/up/"
cp -a --remove-destination "$run/files/." "$run/t/up/"
root=$run/t/root
mount -t overlay overlay -o "lowerdir=/,upperdir=$run/t/up,workdir=$run/t/work" "$root"
mount -t tmpfs -o size=1m,mode=0755 xlref-dev "$root/dev"
for node in null zero full random urandom tty; do
    : >"$root/dev/$node"
    mount --bind "/dev/$node" "$root/dev/$node"
done
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mkdir "$root/dev/shm" "$root/dev/pts"
mount -t proc proc "$root/proc"
mkdir -p "$root/sim"
mount --bind "$run/io" "$root/sim"
# The fakes' server: imports once, forks per call (see server.py); it dies with the namespace.
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin XLREF_SIM_DATA="$SIM_DATA" \
    /usr/libexec/xlref-sim/server </dev/null >/dev/null 2>"$run/io/.server.log" &
: >"$run/io/.ready"
set +e
chroot "$root" /bin/sh -c 'cd "$0" 2>/dev/null || cd /; exec "$@"' "$SIM_CWD" "$@"
status=$?
# What the script left on the file system (the fakes' own files excluded): path and checksum.
(cd "$run/t/up" && find . -xdev -type f ! -path './sim/*' ! -path './usr/sbin/*' ! -path './usr/bin/*' ! -path './usr/local/sbin/*' \
    ! -path './usr/libexec/xlref-sim/*' ! -path './tmp/xlu-*' ! -path './tmp/.xlref-sim-*' -print0 | sort -z | xargs -0 -r sha256sum) \
    >"$run/io/.files" 2>/dev/null
exit $status
