"""harness.py - start the real mock binary, talk HTTP to it, print TAP.

The server is started on 127.0.0.1:0; it prints the port it got on its
first stdout line, which is read with a timeout (no sleeps).  If the
server dies early, its stderr is shown.  stop() sends SIGTERM, then
SIGKILL after a grace period, and requires exit status 0 and a stderr
free of sanitizer reports.
"""
import http.client
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
MOCK = os.path.join(BUILD, "mock")
BROWSER_DIR = os.path.join(ROOT, "tests", "e2e", "browser")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SANITIZER = re.compile(r"ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:")


class Tap:
    """Minimal TAP producer: ok(cond, name), then done() as the exit code."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.count += 1
        print(("ok" if cond else "not ok") + " %d - %s" % (self.count, name))
        if not cond:
            self.failed += 1
            if diag is not None:
                for line in str(diag).splitlines() or [""]:
                    print("#   " + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, "got:  %r\nwant: %r" % (got, want))

    def skip(self, name, why):
        self.count += 1
        print("ok %d - %s # skip %s" % (self.count, name, why))

    def done(self):
        print("1..%d" % self.count)
        return 1 if self.failed else 0


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value) in wire order
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self):
        import json
        return json.loads(self.body)


class Mock:
    """One running mock server."""

    def __init__(self, *args, timeout=10.0, binary=MOCK):
        self.stderr_file = tempfile.TemporaryFile()
        cmd = [binary, "--host", "127.0.0.1", "--port", "0"] + list(args)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=self.stderr_file)
        self.port = self._read_port(timeout)
        self.conn = None

    def _read_port(self, timeout):
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                self._die("mock did not report its port")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 1)
                if not chunk:
                    self._die("mock closed stdout")
                line += chunk
        m = re.search(rb":(\d+)\s*$", line)
        if not m:
            self._die("unexpected first line %r" % line)
        return int(m.group(1))

    def _die(self, why):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        raise RuntimeError("%s\n--- stderr ---\n%s" % (why, self.stderr()))

    def stderr(self):
        self.stderr_file.seek(0)
        return self.stderr_file.read().decode("utf-8", "replace")

    def request(self, method, path, body=None, headers=None, fresh=False):
        """Sends one request on the keep-alive connection; bytes body."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if self.conn is None or fresh:
            if self.conn:
                self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        hdrs = dict(headers or {})
        if body is not None and "Content-Length" not in hdrs:
            hdrs["Content-Length"] = str(len(body))
        self.conn.request(method, path, body=body, headers=hdrs)
        r = self.conn.getresponse()
        data = r.read()
        return Response(r.status, r.getheaders(), data)

    def raw(self, data, read_timeout=5.0):
        """Sends raw bytes on a new connection; returns all bytes read."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=read_timeout) as s:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            chunks = []
            while True:
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)

    def exchange(self, method, path, body=b"", headers=()):
        """One request on a persistent raw socket; returns the response's
        exact bytes (status line, headers, body)."""
        if getattr(self, "sock", None) is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
            self.pending = b""
        head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n" % (method, path)
        for k, v in headers:
            head += "%s: %s\r\n" % (k, v)
        head += "Content-Length: %d\r\n\r\n" % len(body)
        self.sock.sendall(head.encode() + body)
        while b"\r\n\r\n" not in self.pending:
            self.pending += self._recv()
        end = self.pending.index(b"\r\n\r\n") + 4
        m = re.search(rb"\r\ncontent-length: *(\d+)", self.pending[:end], re.I)
        total = end + (int(m.group(1)) if m and method != "HEAD" else 0)
        while len(self.pending) < total:
            self.pending += self._recv()
        raw, self.pending = self.pending[:total], self.pending[total:]
        return raw

    def _recv(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed by the mock")
        return chunk

    def stop(self, grace=10.0):
        """Returns (exit status, problems found in stderr)."""
        if self.conn:
            self.conn.close()
        if getattr(self, "sock", None):
            self.sock.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            status = self.proc.wait()
        self.proc.stdout.close()
        err = self.stderr()
        problems = [l for l in err.splitlines() if SANITIZER.search(l)]
        return status, problems


def check_clean_stop(tap, mock, name="server stops cleanly on SIGTERM"):
    status, problems = mock.stop()
    tap.ok(status == 0 and not problems, name,
           "exit %s\n%s" % (status, "\n".join(problems) or mock.stderr()[-2000:]))


def run_checks(tap, checks, *args):
    """Runs each check(tap, *args) and returns tap.done(); a check that
    raises is a failure named after it, not a crash of the whole file."""
    for check in checks:
        try:
            check(tap, *args)
        except Exception as e:
            tap.ok(False, "%s ran to the end" % check.__name__, repr(e))
    return tap.done()


def browser_missing():
    """Why the browser tests cannot run here, or None when they can."""
    if not os.access(CHROMIUM, os.X_OK):
        return "%s is absent (apt-get install -y chromium)" % CHROMIUM
    if not shutil.which("node"):
        return "node is absent (apt-get install -y nodejs npm)"
    if not os.path.isdir(os.path.join(BROWSER_DIR, "node_modules", "playwright-core")):
        return "playwright-core is absent (npm ci --prefix tests/e2e/browser)"
    return None
