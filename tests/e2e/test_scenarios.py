#!/usr/bin/env python3
"""Every shipped scenario, served by the real binary: what it answers
over HTTP, and the same bytes on a second run (faults included); then
the format's moving parts (states, templates, off-script errors, Prefer
overrides) on small scenarios of our own, and --check's diagnostics."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

from harness import MOCK, ROOT, Mock, Tap, check_clean_stop

SCENARIOS = os.path.join(ROOT, "scenarios")


class Answer:
    """One raw answer: the bytes, and what they say when they are HTTP."""

    def __init__(self, data, secs, reset):
        self.data, self.secs, self.reset = data, secs, reset
        head, _, self.body = data.partition(b"\r\n\r\n")
        m = re.match(rb"HTTP/1\.1 (\d{3}) ", head)
        self.status = int(m.group(1)) if m else None
        self.head = head.decode("latin-1")

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        m = re.search(r"\r\n%s: ([^\r]*)" % re.escape(name), self.head, re.I)
        return m and m.group(1)

    def key(self):
        # a reset may reach the client as a reset or as a bare close
        return b"" if self.reset else self.data


def fetch(mock, method, path, body=b"", headers=()):
    """One request on its own connection (a fault may close it)."""
    if isinstance(body, str):
        body = body.encode()
    head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" % (method, path)
    for k, v in headers:
        head += "%s: %s\r\n" % (k, v)
    head += "Content-Length: %d\r\n\r\n" % len(body)
    chunks, reset = [], False
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", mock.port), timeout=10) as s:
        s.sendall(head.encode() + body)
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                reset = True
                break
            if not chunk:
                break
            chunks.append(chunk)
    return Answer(b"".join(chunks), time.monotonic() - start, reset)


def nb(path, kernel="python3"):
    return json.dumps({"path": path, "name": path, "type": "notebook",
                       "kernel": {"name": kernel}})


LIST = ("GET", "/api/sessions")
KERNELS = ("GET", "/api/kernels")


def s(sid):
    return "/api/sessions/" + sid


# ---- the shipped scenarios: a request sequence and what it must give ----

DEMO = "9e8f7a6b-5c4d-4e3f-8a1b-0c9d8e7f6a0"
D410 = "6f0e1d2c-3b4a-4958-8776-655443322101"
K410 = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e801"
U400 = "2d4e6f80-1a3b-4c5d-8e7f-90a1b2c3d401"
N404 = "8b9a0c1d-2e3f-4a5b-9c6d-7e8f9a0b1c01"
K404 = "3c5e7a9b-0d2f-4416-8a8c-0e2a4c6e8f01"
CULL = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01"
KCULL = "5d6e7f80-9a0b-4c1d-8e2f-3a4b5c6d7e01"
NOWHERE = "00000000-0000-4000-8000-000000000000"
CULLED = ("Session not found: \"Kernel '%s' appears to have been culled or died "
          "unexpectedly, invalidating session '%s'. The session has been removed.\"")


def check_default(tap, a):
    tap.eq(a[0].status, 200, "default: the first list answers 200")
    tap.eq(a[0].body, b"[]", "default: an empty server lists no session")
    tap.eq(a[1].status, 201, "default: a create answers 201 from the session state")
    tap.eq(len(a[2].json()), 1, "default: the list then holds the new session")


def check_demo(tap, a):
    sessions = a[0].json()
    tap.eq([x["type"] for x in sessions], ["notebook", "console", "notebook"],
           "demo: two notebooks and a console")
    tap.eq([x["kernel"]["execution_state"] for x in sessions], ["busy", "idle", "idle"],
           "demo: on a busy kernel and idle ones")
    tap.eq(sorted(k["name"] for k in a[1].json()), ["ir", "python3", "python3"],
           "demo: three kernels, one of them ir")
    tap.eq(a[0].header("Date"), "Mon, 02 Mar 2026 09:30:00 GMT",
           "demo: the clock starts where the scenario says")
    tap.eq(a[2].status, 201, "demo: a create answers 201 (off_script: state)")
    tap.eq(a[2].json()["kernel"]["last_activity"], "2026-03-02T09:30:00.500000Z",
           "demo: the clock moves 250ms per request")
    tap.eq(len(a[3].json()), 4, "demo: the new session joins the list")
    tap.eq(a[4].status, 204, "demo: a delete works")


def check_create_501(tap, a):
    tap.eq(a[0].status, 201, "create-501: the first create works")
    tap.eq(a[1].status, 501, "create-501: the second create answers 501")
    tap.eq(a[1].json(), {
        "message": "The 'python3' kernel is not available. Please pick another suitable "
                   "kernel instead, or install that kernel.",
        "short_message": "python3 not found"},
        "create-501: the 501 has the real server's shape and names the kernel asked for")
    tap.eq(a[2].status, 201, "create-501: the third create works again")
    tap.eq([x["path"] for x in a[3].json()], ["a.ipynb", "c.ipynb"],
           "create-501: the refused session never existed")


def check_delete_410(tap, a):
    tap.eq((a[0].status, a[0].body),
           (410, b'{"message": "Kernel deleted before session", "reason": null}'),
           "delete-410: the delete answers 410 'Kernel deleted before session'")
    tap.eq(a[1].body, b"[]", "delete-410: the kernel is gone")
    tap.eq((a[2].status, a[2].json()["message"]), (404, CULLED % (K410, D410)),
           "delete-410: the session, not deleted, then answers the culled 404")
    tap.eq(a[3].body, b"[]", "delete-410: and drops out of the list")
    tap.eq(a[4].status, 404, "delete-410: a second delete is a plain 404")


def check_update_400(tap, a):
    tap.eq((a[0].status, a[0].body),
           (400, b'{"message": "No JSON data provided", "reason": null}'),
           "update-400: the first rename answers 400 'No JSON data provided'")
    tap.eq(a[1].json()["name"], "draft.ipynb", "update-400: the refused rename changed nothing")
    tap.eq((a[2].status, a[2].json()["name"]), (200, "renamed.ipynb"),
           "update-400: the second rename works")


def check_not_found_404(tap, a):
    tap.eq([x["id"] for x in a[0].json()], [N404], "not-found-404: the list shows the session")
    msg = {"message": "Session not found: session_id='%s'" % N404, "reason": None}
    tap.eq((a[1].status, a[1].json()), (404, msg), "not-found-404: a get answers the real 404")
    tap.eq((a[2].status, a[2].json()), (404, msg), "not-found-404: so does a rename")
    tap.eq((a[3].status, a[3].json()),
           (404, {"message": "Kernel does not exist: %s" % K404, "reason": None}),
           "not-found-404: the kernel answers the real 404")
    tap.eq((a[4].status, a[4].json()), (404, msg), "not-found-404: so does a delete")
    tap.eq(a[5].status, 200, "not-found-404: once each step is taken the session is back")


def check_server_error_500(tap, a):
    tap.eq((a[0].status, a[0].body),
           (500, b'{"message": "Unhandled error", "reason": null, "traceback": ""}'),
           "server-error-500: the first list answers the real 500")
    tap.eq(a[1].status, 500, "server-error-500: the first create answers 500")
    tap.ok("sqlite3.OperationalError" in a[1].json().get("traceback", ""),
           "server-error-500: with a Python traceback")
    tap.eq(a[2].status, 500, "server-error-500: the second list answers 500 too")
    tap.eq((a[3].status, a[3].body), (200, b"[]"),
           "server-error-500: the third list works, and the failed create made nothing")
    tap.eq(a[4].status, 201, "server-error-500: a create then works")


def check_kernel_culled(tap, a):
    tap.eq(a[0].json()["kernel"]["execution_state"], "busy",
           "kernel-culled: the first fetch shows the kernel busy")
    tap.eq(a[1].json()["kernel"]["execution_state"], "idle",
           "kernel-culled: the second shows it idle")
    tap.eq((a[2].status, a[2].json()),
           (404, {"message": CULLED % (KCULL, CULL), "reason": None}),
           "kernel-culled: the third answers the real server's culled 404")
    tap.eq([x["path"] for x in a[3].json()], ["scratch.ipynb"],
           "kernel-culled: the session drops out of the list, the other stays")
    tap.eq((a[4].status, a[4].json()["message"]),
           (404, "Session not found: session_id='%s'" % CULL),
           "kernel-culled: a fourth fetch is a plain 404")


def check_flaky_network(tap, a):
    empty = [i + 1 for i, x in enumerate(a) if x.key() == b""]
    tap.ok(5 in empty and 15 in empty, "flaky-network: every 5th request gets no byte",
           "no bytes for requests %s" % empty)
    creates = [x for x in a[:12] if x.data.startswith(b"HTTP/1.1 201")]
    tap.ok(any(len(x.data) == 40 for x in a), "flaky-network: the 3rd create is cut after 40 bytes")
    tap.ok(len(creates) >= 2, "flaky-network: the first creates go through")
    whole = [x for x in a if x.status == 200]
    tap.ok(len(whole) >= len(a) // 2, "flaky-network: most requests are answered whole (%d of %d)"
           % (len(whole), len(a)))


def check_kernel_scripted(tap, a):
    tap.eq(a[0].json()["spec"]["display_name"], "Python 3 (scripted)",
           "kernel-scripted: the kernelspec's display name is the scenario's")
    tap.eq(a[1].status, 201, "kernel-scripted: a kernel starts")
    tap.eq(a[2].body, b"[]", "kernel-scripted: REST requests get the session state")


def check_slow_server(tap, a):
    tap.eq(a[0].status, 200, "slow-server: the list answers 200")
    tap.ok(a[0].secs >= 0.3, "slow-server: the list waits at least 300ms", "%.3fs" % a[0].secs)
    sid = a[0].json()[0]["id"]
    tap.eq(a[1].json()["id"], sid, "slow-server: a dripped session arrives whole")
    floor = (len(a[1].data) - 100) / 1000.0
    tap.ok(a[1].secs >= floor, "slow-server: at 1000 bytes/s (%d bytes, at least %.2fs)"
           % (len(a[1].data), floor), "%.3fs" % a[1].secs)
    tap.ok(a[2].status == 201 and a[2].secs >= 0.3, "slow-server: a create waits at least 300ms")


SHIPPED = {
    "default": ([LIST, ("POST", "/api/sessions", nb("a.ipynb")), LIST], check_default),
    "demo": ([LIST, KERNELS, ("POST", "/api/sessions", nb("new.ipynb")), LIST,
              ("DELETE", s(DEMO + "3"))], check_demo),
    "create-501": ([("POST", "/api/sessions", nb("a.ipynb")),
                    ("POST", "/api/sessions", nb("b.ipynb")),
                    ("POST", "/api/sessions", nb("c.ipynb")), LIST], check_create_501),
    "delete-410": ([("DELETE", s(D410)), KERNELS, ("GET", s(D410)), LIST,
                    ("DELETE", s(D410))], check_delete_410),
    "update-400": ([("PATCH", s(U400), '{"name": "renamed.ipynb"}'), ("GET", s(U400)),
                    ("PATCH", s(U400), '{"name": "renamed.ipynb"}')], check_update_400),
    "not-found-404": ([LIST, ("GET", s(N404)), ("PATCH", s(N404), '{"name": "x"}'),
                       ("GET", "/api/kernels/" + K404), ("DELETE", s(N404)),
                       ("GET", s(N404))], check_not_found_404),
    "server-error-500": ([LIST, ("POST", "/api/sessions", nb("a.ipynb")), LIST, LIST,
                          ("POST", "/api/sessions", nb("a.ipynb"))], check_server_error_500),
    "kernel-culled": ([("GET", s(CULL)), ("GET", s(CULL)), ("GET", s(CULL)), LIST,
                       ("GET", s(CULL))], check_kernel_culled),
    "flaky-network": ([("POST", "/api/sessions", nb("n%d.ipynb" % i)) if i % 4 == 1 else LIST
                       for i in range(24)], check_flaky_network),
    "slow-server": (None, check_slow_server),
    # its kernel steps are driven by tests/e2e/jupyterlab/scripted.test.mjs
    "kernel-scripted": ([("GET", "/api/kernelspecs/python3"), ("POST", "/api/kernels", "{}"), LIST],
                        check_kernel_scripted),
}


def play(mock, seq):
    return [fetch(mock, *req) for req in seq]


def shipped(tap, tmp):
    names = sorted(f[:-5] for f in os.listdir(SCENARIOS) if f.endswith(".yaml"))
    tap.eq(names, sorted(SHIPPED), "every shipped scenario has its checks here")
    mocks = []
    for name in names:
        seq, check = SHIPPED.get(name, (None, None))
        if check is None:
            continue
        path = os.path.join(SCENARIOS, name + ".yaml")
        runs = []
        for _ in range(2):
            m = Mock("--quiet", "--scenario", path)
            mocks.append((name, m))
            if seq is None:  # slow-server: the id comes from the first list
                first = fetch(m, *LIST)
                seq_now = [LIST, ("GET", s(first.json()[0]["id"])),
                           ("POST", "/api/sessions", nb("x.ipynb"))]
                runs.append([first] + play(m, seq_now[1:]))
            else:
                runs.append(play(m, seq))
        check(tap, runs[0])
        a, b = [[x.key() for x in r] for r in runs]
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        tap.ok(not diffs, "%s: a second run gives the same bytes (%d answers)" % (name, len(a)),
               diffs and "answer %d:\n%r\n%r" % (diffs[0], a[diffs[0]][:300], b[diffs[0]][:300]))
    return mocks


# ---- the format's moving parts, on small scenarios of our own ----

STATES = """scenario: moving-parts
seed: 9
clock: {start: 2026-05-01T10:00:00Z, step: 1s}
kernels: [python3]
states:
  start:
    steps:
      - name: create
        match: {operation: sessionsCreate, body: {type: notebook}}
        respond:
          status: 201
          body:
            id: "{{uuid}}"
            path: "{{request.body.path}}"
            name: "{{request.body.name}}"
            type: notebook
            kernel: {id: "{{uuid}}", name: python3, last_activity: "{{clock.now}}",
                     execution_state: starting, connections: 0}
          headers:
            X-Method: "{{request.method}} {{request.path}}"
            X-Echo: "{{request.body.name}}"
      - name: list twice
        match: {method: GET, path: /api/sessions, query: {mine: "yes"}, headers: {X-User: ann}}
        repeat: 2
        next: loose
  loose:
    order: any
    steps:
      - name: kernels
        match: {operation: kernelsList}
        respond:
          status: 200
          body: []
          headers: {X-Query: "{{request.query.q}}", X-Header: "{{request.header.X-User}}"}
      - name: back to start
        match: {operation: sessionsList}
        next: start
"""


def moving_parts(tap, tmp):
    path = os.path.join(tmp, "moving.yaml")
    with open(path, "w") as f:
        f.write(STATES)
    m = Mock("--quiet", "--scenario", path)
    body = json.dumps({"path": "t.ipynb", "name": "a\r\nX-Injected: 1", "type": "notebook"})
    a = fetch(m, "POST", "/api/sessions", body)
    tap.eq(a.status, 201, "a scripted reply answers with its status")
    model = a.json()
    tap.ok(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        model["id"]) and model["id"] != model["kernel"]["id"],
           "{{uuid}} gives a fresh seeded UUID4 each time")
    tap.eq(model["path"], "t.ipynb", "{{request.body.path}} fills in the request's value")
    tap.eq(model["kernel"]["last_activity"], "2026-05-01T10:00:00Z",
           "{{clock.now}} is the virtual clock")
    tap.eq(a.header("X-Method"), "POST /api/sessions", "{{request.method}} {{request.path}} in a header")
    tap.ok(a.header("X-Injected") is None and a.header("X-Echo") == "a  X-Injected: 1",
           "a header filled from the request cannot start another header", a.head)
    b = fetch(m, "GET", "/api/sessions?mine=no", headers=[("X-User", "ann")])
    tap.eq(b.status, 400, "a request whose query does not match is off script")
    tap.eq(b.json()["message"],
           "Off script: scenario 'moving-parts' expected step 2 (list twice): sessionsList "
           "(GET /api/sessions) query mine: 'yes' header X-User: 'ann' [not matched: query 'mine']; "
           "got GET /api/sessions",
           "the off-script 400 names the scenario, the expected step and the request")
    for i in range(2):
        c = fetch(m, "GET", "/api/sessions?mine=yes", headers=[("X-User", "ann")])
    tap.eq(c.status, 200, "a step with no respond lets the session state answer (repeat: 2)")
    tap.eq(c.body, b"[]", "a scripted create does not touch the session state")
    d = fetch(m, "GET", "/api/kernels?q=hello", headers=[("X-User", "bob")])
    tap.eq((d.status, d.header("X-Query"), d.header("X-Header")), (200, "hello", "bob"),
           "next: moves to another state; {{request.query.q}} and {{request.header.X-User}}")
    e = fetch(m, "GET", "/api/kernels")
    tap.eq(e.status, 400, "a used-up step of an any-order state is off script")
    tap.ok("expected step 4 (back to start)" in e.json()["message"],
           "the off-script message lists what is still open", e.body)
    fetch(m, "GET", "/api/sessions")
    f = fetch(m, "POST", "/api/sessions", nb("u.ipynb"), headers=[("Prefer", "code=501")])
    tap.eq(f.status, 501, "Prefer: code=501 wins over the scenario")
    g = fetch(m, "POST", "/api/sessions", nb("u.ipynb"), headers=[("Prefer", "example=console")])
    tap.eq((g.status, g.json()["type"]), (201, "console"), "Prefer: example=console wins too")
    h = fetch(m, "POST", "/api/sessions", nb("u.ipynb"))
    tap.eq(h.status, 201, "overrides take no step: back in state 'start', the create step answers")
    tap.ok(h.header("X-Echo") == "u.ipynb", "and it is the scripted one")
    return m


ONE_STEP = """\
scenario: once
steps:
  - match: {operation: sessionsList}
"""


def used_up(tap, tmp):
    path = os.path.join(tmp, "once.yaml")
    with open(path, "w") as f:
        f.write(ONE_STEP)
    m = Mock("--quiet", "--scenario", path)
    tap.eq(fetch(m, "GET", "/api/sessions").status, 200, "a one-step scenario answers once")
    a = fetch(m, "GET", "/api/sessions")
    tap.eq((a.status, a.json()["message"]),
           (400, "Off script: scenario 'once' expected nothing more (the 1 step of "
                 "state 'main' is used up); got GET /api/sessions"),
           "past its steps the mock says so, in the singular for one step")
    return m


def check_diagnostics(tap, tmp):
    path = os.path.join(tmp, "broken.yaml")
    with open(path, "w") as f:
        f.write("scenario: broken\nkernels: [python3]\nsteps:\n"
                "  - match: {operation: sessionsCreate}\n    respond: {status: 418}\n")
    p = subprocess.run([MOCK, "--check", path], capture_output=True, text=True, timeout=30)
    tap.eq(p.returncode, 1, "--check of a broken file exits 1")
    tap.eq(p.stderr, "%s:5:23: error: status 418 is not declared for 'sessionsCreate'\n" % path,
           "--check prints FILE:LINE:COL: error: message")
    p = subprocess.run([MOCK, "--port", "0", "--scenario", path], capture_output=True,
                       text=True, timeout=30)
    tap.ok(p.returncode != 0 and ":5:23: error:" in p.stderr,
           "the server refuses to start on a broken scenario", p.stderr)


def main():
    tap = Tap()
    tmp = tempfile.mkdtemp()
    mocks = shipped(tap, tmp)
    mocks.append(("moving-parts", moving_parts(tap, tmp)))
    mocks.append(("once", used_up(tap, tmp)))
    check_diagnostics(tap, tmp)
    for _, m in mocks:  # stop them side by side: each takes a moment
        m.proc.send_signal(signal.SIGTERM)
    for name, m in mocks:
        check_clean_stop(tap, m, "%s: the server stops cleanly" % name)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
