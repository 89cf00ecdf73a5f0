"""The program behind every fake executable in the jail; it must start fast (a script calls it many times), so it
imports only C modules.  `ssh` and `sudo` are handled here; every other name (xm, xl, virsh, the stubs) is passed
with the caller's stdin/stdout/stderr, arguments, environment and directory to the simulator's server (server.py),
which forks a warm copy of itself to run it, and the exit status comes back over the socket.
"""

import _socket
import array
import os
import sys

SOCKET = "/sim/.sock"
#: ssh options that take a value (OpenSSH's getopt string)
SSH_VALUE = "BbcDEeFIiJLlmOoPpQRSWw"
SUDO_VALUE = ("-u", "-g", "-C", "-p", "-r", "-t", "-U", "-h")


def ssh(argv: list[str], environ: "os._Environ[str] | dict[str, str]") -> int:
    """Run the remote command here, with XLREF_SIM_HOST naming the host (the fakes act on its state)."""
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        if len(argv[i]) == 2 and argv[i][1] in SSH_VALUE:
            i += 1
        i += 1
    if i < len(argv) and argv[i] == "--":
        i += 1
    if i >= len(argv):
        return 255
    host = argv[i].rsplit("@", 1)[-1]
    env = dict(environ, XLREF_SIM_HOST="" if host in ("localhost", "127.0.0.1") else host)
    command = " ".join(argv[i + 1:])
    os.execve("/bin/sh", ["sh", "-c", command] if command else ["sh", "-s"], env)
    return 255


def sudo(argv: list[str]) -> int:
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        if argv[i] in SUDO_VALUE and i + 1 < len(argv):
            i += 1
        i += 1
    if i >= len(argv):
        return 1
    os.execvp(argv[i], argv[i:])
    return 127


def forward(argv: list[str]) -> int:
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    for _ in range(2000):  # the server binds its socket first thing; wait for it up to 10 s
        try:
            sock.connect(SOCKET)
            break
        except OSError:
            import time

            time.sleep(0.005)
    else:
        sys.stderr.write("xlref-sim: the simulator's server is not running\n")
        return 70
    env = [f"{k}={v}" for k, v in os.environ.items()]
    payload = "\0".join([os.getcwd(), str(len(env)), *env, *argv]).encode("utf-8", "surrogateescape")
    header = len(payload).to_bytes(4, "big")
    sock.sendmsg([header + payload], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))])
    reply = b""
    while len(reply) < 4:
        chunk = sock.recv(4 - len(reply))
        if not chunk:
            return 70  # the server died: EX_SOFTWARE
        reply += chunk
    return int.from_bytes(reply, "big")


def main() -> int:
    prog = os.path.basename(sys.argv[0])
    if prog == "ssh":
        return ssh(sys.argv[1:], os.environ)
    if prog == "sudo":
        return sudo(sys.argv[1:])
    return forward([prog, *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
