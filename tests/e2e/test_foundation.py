#!/usr/bin/env python3
"""The mock built from spec/sessions.yaml answers with the spec's examples
when stateless, and JSON 404/405 for unknown paths and methods."""
import json
import signal
import socket
import sys
import time

from harness import Mock, Tap, check_clean_stop


def main():
    tap = Tap()
    m = Mock("--stateless", "--quiet")

    r = m.request("GET", "/api/sessions")
    tap.eq(r.status, 200, "stateless list answers 200")
    tap.eq(r.header("Content-Type"), "application/json", "list is application/json")
    tap.ok(isinstance(r.json(), list), "list body is a JSON array", r.body)

    r = m.request("POST", "/api/sessions", '{"path":"a.ipynb","type":"notebook"}')
    tap.eq(r.status, 201, "stateless create answers 201")
    tap.ok(r.header("Location") is not None, "create carries a Location header", r.headers)

    r = m.request("GET", "/nowhere")
    tap.eq(r.status, 404, "unknown path is 404")
    tap.eq(r.json(), {"message": "Not Found", "reason": None}, "404 body is the JSON error shape")

    # HEAD answers carry no body, whatever the status: on a keep-alive
    # connection a body would be read as the start of the next answer.
    for path, status in (("/nowhere", 404), ("/api", 405), ("/api/sessions", 405)):
        a = m.exchange("HEAD", path)
        tap.ok(a.startswith(b"HTTP/1.1 %d " % status) and a.endswith(b"\r\n\r\n"),
               "HEAD %s: %d with headers only" % (path, status), a[-200:])
    b = m.exchange("GET", "/api")
    tap.ok(b.startswith(b"HTTP/1.1 200 ") and b.endswith(b'{"version": "1.23.3"}'),
           "the next answer on that connection is whole", b[-200:])
    r = m.request("POST", "/api", "{}")
    tap.eq((r.status, r.json()["message"]), (405, "Method Not Allowed"),
           "POST /api is 405, as on the real server (only GET is served)")

    r = m.request("PUT", "/api/sessions", "{}")
    tap.eq(r.status, 405, "known path with another method is 405")
    tap.eq(r.body, b'{"message": "Method Not Allowed", "reason": null}', "405 body is the real server's bytes")

    r = m.request("GET", "/api/sessions", headers={"Prefer": "code=500"})
    tap.eq(r.status, 500, "Prefer: code=500 picks the declared 500")

    r = m.request("POST", "/api/sessions", "{}", headers={"Prefer": "example=kernelNotAvailable"})
    tap.eq(r.status, 501, "Prefer: example=kernelNotAvailable answers its 501")
    tap.ok(b"short_message" in r.body, "the 501 example has short_message", r.body)

    r = m.request("GET", "/api/sessions?__code=304")
    tap.eq(r.status, 304, "__code query parameter works without Prefer")

    r = m.request("GET", "/api/sessions", headers={"Prefer": "code=418"})
    tap.eq(r.status, 400, "Prefer: an undeclared code is a 400")
    tap.ok("418" in r.json()["message"], "the 400 names the code", r.body)
    r = m.request("GET", "/api/sessions?__code=2147483648")
    tap.eq((r.status, r.json()["message"]),
           (400, "Prefer: code=2147483648 is not an HTTP status (100 to 599)"),
           "a code that is no HTTP status is a 400 that quotes it whole")

    check_clean_stop(tap, m)

    m = Mock("--quiet")
    r = m.request("GET", "/api/sessions")
    tap.eq(r.body, b"[]", "stateful list starts empty")
    tap.eq(r.header("Etag"), '"97d170e1550eee4afc0af065b78cda302a97674c"', "Etag of [] is the real server's")
    # Jupyter routes ids as \w+-\w+-\w+-\w+-\w+: another shape is no route
    # at all (404 whatever the method), five groups reach the handler.
    for method in ("GET", "POST", "PATCH", "DELETE", "PUT"):
        r = m.request(method, "/api/sessions/garbage", "{}")
        tap.eq((r.status, r.body), (404, b'{"message": "Not Found", "reason": null}'),
               "%s /api/sessions/garbage is the 404 of no route" % method)
    r = m.request("GET", "/api/sessions/a-b-c-d-e")
    tap.eq((r.status, r.json()["message"]), (404, "Session not found: session_id='a-b-c-d-e'"),
           "GET /api/sessions/a-b-c-d-e reaches the session lookup, as on the real server")
    check_clean_stop(tap, m)

    # civetweb alone takes 2 s to stop (its threads poll in 2 s quanta);
    # test suites that start a mock per test would pay that every time.
    m = Mock("--quiet")
    idle = socket.create_connection(("127.0.0.1", m.port))
    idle.sendall(b"GET /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    idle.recv(4096)  # the keep-alive connection is now idle in a worker
    start = time.monotonic()
    m.proc.send_signal(signal.SIGTERM)
    status = m.proc.wait(10)
    took = time.monotonic() - start
    tap.ok(status == 0 and took < 1.0,
           "SIGTERM with an idle keep-alive connection open: exit 0 well within a second",
           "exit %s after %.3f s" % (status, took))
    tap.eq(idle.recv(4096), b"", "the idle connection is closed by the stop")
    idle.close()
    check_clean_stop(tap, m, "and nothing on stderr")
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
