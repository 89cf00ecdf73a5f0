"""The simulator's fork server: started in the jail before the script, it imports the fakes once, then for each
call from client.py forks, takes over the caller's stdin/stdout/stderr, directory, environment and arguments,
runs the fake and sends its exit status back.  A call then costs a fork instead of an interpreter start and
the imports; concurrent calls (a fake in the background, ssh running fakes) each get their own child.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import traceback

from tests.sim.client import SOCKET


def _receive(conn: socket.socket) -> tuple[bytes, list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    size = int.from_bytes(data[:4], "big")
    payload = data[4:]
    while len(payload) < size:
        chunk = conn.recv(size - len(payload))
        if not chunk:
            break
        payload += chunk
    return payload, list(fds)


def _handle(payload: bytes, fds: list[int]) -> int:
    from tests.sim import dispatch

    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    fields = payload.decode("utf-8", "surrogateescape").split("\0")
    cwd, count = fields[0], int(fields[1])
    env = dict(item.split("=", 1) for item in fields[2:2 + count] if "=" in item)
    argv = fields[2 + count:]
    try:
        os.chdir(cwd)
    except OSError:
        os.chdir("/")
    os.environ.clear()
    os.environ.update(env)
    sys.argv = argv
    try:
        code = dispatch.run(os.path.basename(argv[0]), argv[1:])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code & 0xFF


def serve(path: str = SOCKET) -> None:
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are never waited for
    from tests.sim import dispatch, virsh, xl, xm  # noqa: F401 - warm the imports the children share

    dispatch.preload()
    while True:
        conn, _ = srv.accept()
        try:
            payload, fds = _receive(conn)
        except OSError:
            conn.close()
            continue
        if os.fork() == 0:
            srv.close()
            try:
                code = _handle(payload, fds)
            except BaseException:  # a bug in a fake: say so on the caller's stderr
                traceback.print_exc()
                sys.stderr.flush()
                code = 70
            try:
                conn.sendall(code.to_bytes(4, "big"))
            finally:
                os._exit(0)
        conn.close()
        for fd in fds:
            os.close(fd)
