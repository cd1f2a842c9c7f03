#!/usr/bin/env python3
"""A hostile client on raw sockets: cut-off bodies, header injection, open
redirects, request smuggling, starvation, a stop held by a scripted
delay, foreign Hosts and Origins, Expect, too many headers, bare CRs,
and the older hostile inputs (413, chunked bodies, pipelining, deep JSON,
bad UTF-8, slow clients, abrupt disconnects).  After every attack a new
client must still be served (the liveness check), and the server must
stop cleanly with nothing on stderr from the sanitizers."""
import os
import select
import signal
import socket
import sys
import tempfile
import time

from harness import Mock, Tap, check_clean_stop

HOST = b"Host: 127.0.0.1\r\n"
CREATE = b'{"path": "a.ipynb", "type": "notebook"}'


def connect(mock, timeout=5.0):
    return socket.create_connection(("127.0.0.1", mock.port), timeout=timeout)


def read_all(s):
    """Everything until the server closes (or the timeout: then b'<timeout>'
    is appended, so a test sees that the server kept the connection)."""
    got = b""
    while True:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            return got + b"<timeout>"
        except ConnectionResetError:
            return got + b"<reset>"
        if not chunk:
            return got
        got += chunk


def send(mock, data, half_close=True, timeout=5.0):
    """Sends raw bytes on a new connection; all that comes back."""
    with connect(mock, timeout) as s:
        s.sendall(data)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        return read_all(s)


def answers(data):
    return data.count(b"HTTP/1.")


def head_of(data):
    return data.split(b"\r\n\r\n", 1)[0]


def status_of(data):
    return int(data[9:12]) if data.startswith(b"HTTP/1.") and len(data) >= 12 else None


def alive(tap, mock, after):
    """The liveness check: a new client is answered at once."""
    start = time.monotonic()
    try:
        got = send(mock, b"GET /api HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n",
                   timeout=3.0)
    except OSError as e:
        got = repr(e).encode()
    took = time.monotonic() - start
    tap.ok(got.startswith(b"HTTP/1.1 200 ") and took < 2.0,
           "still serving after %s" % after, "%.2f s: %r" % (took, got[:200]))


def session_count(mock):
    return len(mock.request("GET", "/api/sessions", fresh=True).json())


def cut_off_bodies(tap):
    m = Mock("--quiet", "--request-timeout", "1s")
    head = b"POST /api/sessions HTTP/1.1\r\n" + HOST + b"Content-Length: 100\r\n\r\n"
    got = send(m, head + CREATE)
    tap.ok(status_of(got) in (None, 400) and answers(got) <= 1,
           "a body cut short by a half-close is refused (400 or a close)", got[:300])
    tap.eq(session_count(m), 0, "and no session is created from it")
    alive(tap, m, "a half-closed short body")

    start = time.monotonic()
    got = send(m, head + CREATE, half_close=False, timeout=6.0)
    took = time.monotonic() - start
    tap.ok(status_of(got) in (None, 400) and b"<timeout>" not in got and took < 4.0,
           "a body that stops coming is refused after the request timeout",
           "%.2f s: %r" % (took, got[:300]))
    tap.eq(session_count(m), 0, "and no session is created from it either")
    alive(tap, m, "a stalled short body")

    # Dribbled a byte every 0.1 s, never stalling: the body still has to
    # be all there within the request timeout (civetweb alone would wait
    # as long as bytes keep coming).
    start = time.monotonic()
    with connect(m, 6.0) as s:
        s.sendall(b"POST /api/sessions HTTP/1.1\r\n" + HOST + b"Content-Length: 1000\r\n\r\n")
        got = b""
        while time.monotonic() - start < 5.0:
            try:
                s.sendall(b" ")
            except OSError:
                break
            if select.select([s], [], [], 0.1)[0]:
                got = read_all(s)
                break
    took = time.monotonic() - start
    tap.ok(status_of(got) == 400 and b"within the request timeout" in got and took < 3.0,
           "a body dribbled without a stall is refused once the request timeout is up",
           "%.2f s: %r" % (took, got[:300]))
    tap.eq(session_count(m), 0, "and creates nothing")
    alive(tap, m, "a dribbled body")
    check_clean_stop(tap, m)


def redirects(tap, m):
    got = send(m, b"GET /api/sessions%0d%0aSet-Cookie:%20x=1/ HTTP/1.1\r\n" + HOST +
               b"Connection: close\r\n\r\n")
    head = head_of(got)
    names = [line.split(b":")[0].lower() for line in head.split(b"\r\n")[1:]]
    tap.ok(b"set-cookie" not in names and b"\r" not in head.replace(b"\r\n", b"")
           and b"\n" not in head.replace(b"\r\n", b""),
           "an encoded CR LF in a redirected path sets no header", head)
    tap.ok(b"\r\nLocation: /api/sessions%0D%0ASet-Cookie:%20x=1\r\n" in head,
           "the Location carries the CR LF percent-encoded, as Jupyter does", head)
    alive(tap, m, "a header injection attempt")

    for path, want in ((b"//evil.example/", b"/evil.example"),
                       (b"///evil.example/x/", b"/evil.example/x"),
                       (b"/\\evil.example/", b"/%5Cevil.example")):
        got = send(m, b"GET " + path + b" HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n")
        tap.ok(status_of(got) == 302 and b"\r\nLocation: " + want + b"\r\n" in head_of(got),
               "GET %s redirects to a path of this server (%s)" % (path.decode(), want.decode()),
               head_of(got))
    alive(tap, m, "open redirect attempts")


def log_lines(tap):
    m = Mock()  # not --quiet: the request log is what is attacked
    send(m, b"GET /api/sessions%0d%0aGET%20/forged%20200/ HTTP/1.1\r\n" + HOST +
         b"Connection: close\r\n\r\n")
    alive(tap, m, "a log injection attempt")
    status, problems = m.stop()
    lines = m.stderr().splitlines()
    tap.ok(status == 0 and not problems and not any(l.startswith("GET /forged") for l in lines)
           and any("/api/sessions\\x0d\\x0aGET /forged 200/ 302" in l for l in lines),
           "a CR LF in a path is logged as \\x0d\\x0a: no forged log line", "\n".join(lines))


SMUGGLED = b"GET /api/kernels HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def smuggling(tap, m):
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(CREATE), CREATE)
    cases = (
        ("Content-Length and Transfer-Encoding",
         b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(chunked), chunked),
        ("Transfer-Encoding and Content-Length",
         b"Transfer-Encoding: chunked\r\nContent-Length: %d\r\n" % len(chunked), chunked),
        ("'Transfer-Encoding :' (a space before the colon)",
         b"Transfer-Encoding : chunked\r\nContent-Length: %d\r\n" % len(CREATE), CREATE),
        ("'Transfer-Encoding :' alone", b"Transfer-Encoding : chunked\r\n", chunked),
        ("Transfer-Encoding: CHUNKED", b"Transfer-Encoding: CHUNKED\r\n", chunked),
        ("Transfer-Encoding twice",
         b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", chunked),
        ("Transfer-Encoding: gzip, chunked", b"Transfer-Encoding: gzip, chunked\r\n", chunked),
        ("two different Content-Lengths",
         b"Content-Length: 0\r\nContent-Length: %d\r\n" % len(CREATE), CREATE),
        ("a Content-Length with a sign", b"Content-Length: +%d\r\n" % len(CREATE), CREATE),
    )
    before = session_count(m)
    for name, headers, body in cases:
        got = send(m, b"POST /api/sessions HTTP/1.1\r\n" + HOST + headers + b"\r\n" + body +
                   SMUGGLED)
        tap.ok(status_of(got) == 400 and answers(got) == 1,
               "%s: one 400, then the connection closes (the body is not a request)" % name,
               got[:400])
    tap.eq(session_count(m), before, "no smuggling attempt created a session")
    alive(tap, m, "smuggling attempts")

    got = send(m, b"POST /api/sessions HTTP/1.1\r\n" + HOST +
               b"Content-Length: %d\r\nContent-Length: %d\r\n\r\n" % (len(CREATE), len(CREATE)) +
               CREATE)
    tap.eq(status_of(got), 201, "the same Content-Length twice is read once, as Tornado does")


def host_checks(tap):
    m = Mock("--quiet")
    for host in (b"evil.example", b"evil.example:8888", b"127.0.0.1.evil.example",
                 b"localhost.evil.example", b"10.0.0.1"):
        got = send(m, b"POST /api/sessions HTTP/1.1\r\nHost: " + host +
                   b"\r\nContent-Length: %d\r\n\r\n" % len(CREATE) + CREATE)
        tap.ok(status_of(got) == 403 and got.endswith(b'{"message": "Forbidden", "reason": null}'),
               "Host: %s is refused with Jupyter's 403" % host.decode(), got[:400])
    tap.eq(session_count(m), 0, "no request with a foreign Host created a session")
    for host in (b"127.0.0.1", b"127.0.0.1:%d" % m.port, b"localhost:1", b"127.1.2.3",
                 b"[::1]:8888", b"[::1]"):
        got = send(m, b"GET /api HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
        tap.eq(status_of(got), 200, "Host: %s is local and served" % host.decode())
    got = send(m, b"GET /api HTTP/1.0\r\n\r\n")
    tap.eq(status_of(got), 200, "a request without Host is served (Tornado takes it as 127.0.0.1)")
    kernel = m.request("POST", "/api/sessions", CREATE, fresh=True).json()["kernel"]["id"]
    upgrade = (b"GET /api/kernels/%s/channels HTTP/1.1\r\nUpgrade: websocket\r\n"
               b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
               b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" % kernel.encode())
    with connect(m) as s:
        s.sendall(upgrade + b"Host: evil.example\r\n\r\n")
        got = s.recv(65536)
    tap.eq(status_of(got), 403, "a kernel websocket asked with a foreign Host is refused (403)")
    with connect(m) as s:
        s.sendall(upgrade + HOST + b"\r\n")
        got = s.recv(65536)
    tap.eq(status_of(got), 101, "and with a local Host it is opened")
    m.request("DELETE", "/api/sessions/" + m.request("GET", "/api/sessions").json()[0]["id"])
    alive(tap, m, "foreign Hosts")
    check_clean_stop(tap, m)

    m = Mock("--quiet", "--allow-host", "mock.test", "--allow-host", "other.test")
    for host, want in ((b"mock.test:8888", 200), (b"other.test", 200), (b"evil.example", 403)):
        got = send(m, b"GET /api HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
        tap.eq(status_of(got), want, "--allow-host: Host %s gets %d" % (host.decode(), want))
    check_clean_stop(tap, m)
    m = Mock("--quiet", "--allow-host", "*")
    got = send(m, b"GET /api HTTP/1.1\r\nHost: evil.example\r\n\r\n")
    tap.eq(status_of(got), 200, "--allow-host '*' serves every Host")
    check_clean_stop(tap, m)

    m = Mock("--quiet", "--cors", "off")
    foreign = b"Origin: http://evil.example\r\n"
    got = send(m, b"POST /api/sessions HTTP/1.1\r\n" + HOST + foreign +
               b"Content-Length: %d\r\n\r\n" % len(CREATE) + CREATE)
    tap.ok(status_of(got) == 404 and got.endswith(b'{"message": "Not Found", "reason": null}'),
           "--cors off: a write from a foreign Origin is Jupyter's 404", got[:400])
    tap.eq(session_count(m), 0, "--cors off: and it created nothing")
    own = b"Origin: http://127.0.0.1:%d\r\nHost: 127.0.0.1:%d\r\n" % (m.port, m.port)
    got = send(m, b"POST /api/sessions HTTP/1.1\r\n" + own +
               b"Content-Length: %d\r\n\r\n" % len(CREATE) + CREATE)
    tap.eq(status_of(got), 201, "--cors off: a write from the server's own Origin is served")
    alive(tap, m, "foreign Origins")
    check_clean_stop(tap, m)


def expect_continue(tap, m):
    body = CREATE.replace(b"a.ipynb", b"expect.ipynb")
    with connect(m) as s:
        s.sendall(b"POST /api/sessions HTTP/1.1\r\n" + HOST + b"Expect: 100-continue\r\n"
                  b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
        s.settimeout(0.8)
        try:
            interim = s.recv(65536)
        except socket.timeout:
            interim = b"<nothing within 0.8 s>"
        s.settimeout(5)
        s.sendall(body)
        rest = read_all(s)
    tap.eq(interim, b"HTTP/1.1 100 Continue\r\n\r\n",
           "Expect: 100-continue is answered before the body is sent")
    tap.eq(status_of(rest), 201, "and the body then sent is read")
    alive(tap, m, "Expect: 100-continue")


def header_limits(tap, m):
    def with_headers(n):
        extra = b"".join(b"X-H%d: v\r\n" % i for i in range(n - 2))
        return send(m, b"GET /api HTTP/1.1\r\n" + HOST + extra + b"Connection: close\r\n\r\n")
    tap.eq(status_of(with_headers(64)), 200, "64 headers are read")
    got = with_headers(65)
    tap.ok(status_of(got) == 431 and answers(got) == 1,
           "65 headers are refused with 431 (not the 65th dropped)", got[:300])
    tap.ok(status_of(with_headers(200)) == 431, "200 headers are refused with 431")
    alive(tap, m, "too many headers")

    bad = (
        ("a line that starts with a bare CR",
         b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n\rX-Evil: 1\r\nConnection: close\r\n\r\n"),
        ("a bare CR after the request line",
         b"GET /api HTTP/1.1\r\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        ("a bare CR inside a value",
         b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\rb\r\nConnection: close\r\n\r\n"),
        ("a folded header line (obs-fold)",
         b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n"),
        ("a header line without a name",
         b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n: x\r\nConnection: close\r\n\r\n"),
        ("a space before a header's colon",
         b"GET /api HTTP/1.1\r\nHost : 127.0.0.1\r\nConnection: close\r\n\r\n"),
    )
    for name, data in bad:
        got = send(m, data)
        tap.ok(status_of(got) == 400 and answers(got) == 1,
               "%s is refused with 400" % name, got[:300])
    got = send(m, b"GET /api HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n")
    tap.eq(status_of(got), 200, "bare LF line endings throughout are read, as Tornado does")
    alive(tap, m, "malformed header blocks")


def older_hostile_inputs(tap, m):
    body = CREATE.replace(b"a.ipynb", b"chunked.ipynb")
    chunked = b"5\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (body[:5], len(body) - 5, body[5:])
    got = send(m, b"POST /api/sessions HTTP/1.1\r\n" + HOST +
               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked)
    tap.eq(status_of(got), 201, "a chunked body is read whole")
    got = send(m, b"POST /api/sessions HTTP/1.1\r\n" + HOST +
               b"Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body)
    tap.ok(status_of(got) == 400 and answers(got) == 1,
           "a broken chunked body is a 400, then the connection closes", got[:300])
    alive(tap, m, "chunked bodies")

    two = b"GET /api HTTP/1.1\r\n" + HOST + b"\r\n" + b"GET /api/kernels HTTP/1.1\r\n" + HOST + \
        b"Connection: close\r\n\r\n"
    got = send(m, two)
    tap.ok(answers(got) == 2 and got.rstrip().endswith(b"]"),
           "two pipelined requests get two answers, in order", got[-200:])
    alive(tap, m, "pipelining")

    deep = b'{"path": "d", "type": "notebook", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    got = send(m, b"POST /api/sessions HTTP/1.1\r\n" + HOST +
               b"Content-Length: %d\r\n\r\n" % len(deep) + deep)
    tap.eq(status_of(got), 400, "a body nested 5,000 deep is a 400")
    bad = b'{"path": "\xff\xfe", "type": "notebook"}'
    got = send(m, b"POST /api/sessions HTTP/1.1\r\n" + HOST +
               b"Content-Length: %d\r\n\r\n" % len(bad) + bad)
    tap.eq(status_of(got), 400, "a body that is not UTF-8 is a 400")
    alive(tap, m, "deep JSON and bad UTF-8")

    request = b"GET /api HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n"
    with connect(m) as s:
        for i in range(0, len(request), 6):
            s.sendall(request[i:i + 6])
            time.sleep(0.02)
        got = read_all(s)
    tap.eq(status_of(got), 200, "a slow client that finishes in time is served")

    for cut in (b"GET /api HTTP/1.1\r\nHo",
                b"POST /api/sessions HTTP/1.1\r\n" + HOST + b"Content-Length: 500\r\n\r\n{\"pa"):
        s = connect(m)
        s.sendall(cut)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()  # a reset, mid-request
    with connect(m) as s:
        s.sendall(b"GET /api/sessions HTTP/1.1\r\n" + HOST + b"\r\n")
        s.close()  # gone before the answer
    alive(tap, m, "abrupt disconnects")


def starvation(tap):
    """300 connections that send nothing, dribble a head or sit idle after
    a request must not keep a normal client waiting."""
    m = Mock("--quiet")
    held = []
    try:
        for i in range(300):
            s = connect(m, 10.0)
            if i % 3 == 1:
                s.sendall(b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            elif i % 3 == 2:
                s.sendall(b"GET /api HTTP/1.1\r\n" + HOST + b"\r\n")
            held.append(s)
        for s in held[2::3]:
            s.recv(65536)  # answered; the connection now idles in keep-alive
        time.sleep(0.2)
        for s in held[1::3]:
            s.sendall(b"x")  # the dribblers dribble
        start = time.monotonic()
        try:
            got = send(m, b"GET /api/sessions HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n",
                       timeout=5.0)
        except OSError as e:
            got = repr(e).encode()
        took = time.monotonic() - start
        tap.ok(status_of(got) == 200 and took < 1.0,
               "a normal client is served within 1 s beside 300 idle, dribbling and "
               "keep-alive connections", "%.3f s: %r" % (took, got[:100]))
        sys.stdout.write("# served in %.3f s beside 300 held connections\n" % took)
    finally:
        for s in held:
            s.close()
    alive(tap, m, "300 held connections closed")
    check_clean_stop(tap, m)


DELAYED = """scenario: slow stop
kernels: [python3]
steps:
  - {match: {operation: sessionsList}, fault: {delay: 20s}}
"""


def stop_during_delay(tap, tmp):
    path = os.path.join(tmp, "delay.yaml")
    with open(path, "w") as f:
        f.write(DELAYED)
    m = Mock("--quiet", "--scenario", path)
    s = connect(m)
    s.sendall(b"GET /api/sessions HTTP/1.1\r\n" + HOST + b"\r\n")
    time.sleep(0.3)  # the worker is now in the delay
    start = time.monotonic()
    m.proc.send_signal(signal.SIGTERM)
    try:
        status = m.proc.wait(10)
    except Exception:
        status = None
    took = time.monotonic() - start
    tap.ok(status == 0 and took < 1.5,
           "SIGTERM during a scripted 20 s delay exits 0 at once",
           "exit %s after %.2f s" % (status, took))
    s.close()
    check_clean_stop(tap, m, "and nothing on stderr")


def main():
    tap = Tap()
    cut_off_bodies(tap)
    m = Mock("--quiet")
    redirects(tap, m)
    smuggling(tap, m)
    expect_continue(tap, m)
    header_limits(tap, m)
    older_hostile_inputs(tap, m)
    check_clean_stop(tap, m)
    host_checks(tap)
    log_lines(tap)
    starvation(tap)
    with tempfile.TemporaryDirectory() as tmp:
        stop_during_delay(tap, tmp)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
