#!/usr/bin/env python3
"""Time for a normal client to be served while N connections are held open
(a third send nothing, a third half a head, a third idle after a request).

    tests/bench/held.py [BINARY] [N] [-- MOCK OPTIONS...]
    tests/bench/held.py build/mock 300
    tests/bench/held.py build/mock 600 -- --threads 64

Prints one line; the README's starvation figures come from it."""
import re
import socket
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    extra = args[args.index("--") + 1:] if "--" in args else []
    args = args[:args.index("--")] if "--" in args else args
    binary = args[0] if args else "build/mock"
    n = int(args[1]) if len(args) > 1 else 300
    proc = subprocess.Popen([binary, "--port", "0", "--quiet"] + extra, stdout=subprocess.PIPE)
    held = []
    try:
        port = int(re.search(rb":(\d+)\s*$", proc.stdout.readline()).group(1))
        for i in range(n):
            s = socket.create_connection(("127.0.0.1", port))
            if i % 3 == 1:
                s.sendall(b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            elif i % 3 == 2:
                s.sendall(b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            held.append(s)
        time.sleep(0.5)
        start = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=120) as c:
            c.sendall(b"GET /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            got = c.recv(100)
        print("%s %s: %d held connections, a normal client served in %.4f s (%r)"
              % (binary, " ".join(extra), n, time.monotonic() - start, got[:15]))
    finally:
        for s in held:
            s.close()
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
