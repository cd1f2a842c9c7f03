#!/usr/bin/env python3
"""Kernel channels websockets beside per-client instances and slow
readers: a socket reaches the instance its upgrade names (X-Mock-Scenario
or the mock-scenario cookie), as a REST request does; frames of REST
events go to that instance's sockets only; a client that never reads
stalls no one else."""
import atexit
import json
import threading
import time

from harness import Mock, Tap, check_clean_stop
from ws_client import WebSocket, WsError, exchange, message

SCENARIO = "default"


def started(*args):
    """A mock killed at exit if a failed check left it running."""
    m = Mock(*args)
    atexit.register(lambda: m.proc.poll() is None and m.proc.kill())
    return m


def header(key):
    return {"X-Mock-Scenario": "%s; instance=%s" % (SCENARIO, key)}


def start_kernel(m, headers):
    r = m.request("POST", "/api/kernels", '{"name": "python3"}', headers)
    return r.json()["id"] if r.status == 201 else None


def connections(m, kid, headers):
    r = m.request("GET", "/api/kernels/" + kid, headers=headers)
    return r.json()["connections"] if r.status == 200 else r.status


def execute(ws, code="1", sent=None):
    """The execution count of a plain execute, and every frame read; its
    msg_id is added to sent."""
    msg = message("execute_request", {"code": code, "silent": False})
    if sent is not None:
        sent.add(msg["header"]["msg_id"])
    frames = exchange(ws, msg)
    replies = [f for f in frames if f["header"]["msg_type"] == "execute_reply"]
    return (replies[0]["content"]["execution_count"] if replies else None), frames


def parents(frames):
    return {f["parent_header"].get("msg_id") for f in frames}


def types_until_idle(ws, parent_type):
    """Frame types read until an iopub idle whose parent is parent_type."""
    got = []
    while True:
        f = ws.recv_json()
        got.append(f["header"]["msg_type"])
        if (f["channel"] == "iopub" and f["header"]["msg_type"] == "status" and
                f["content"]["execution_state"] == "idle" and
                f["parent_header"].get("msg_type") == parent_type):
            return got


def instances(tap):
    m = started("--quiet")
    a, b = header("a"), header("b")
    ka, kb = start_kernel(m, a), start_kernel(m, b)
    tap.ok(ka and ka == kb, "two instances of one scenario start kernels of the same id")
    wa = WebSocket(m.port, "/api/kernels/%s/channels" % ka, a)
    wb = WebSocket(m.port, "/api/kernels/%s/channels" % kb,
                   {"Cookie": "mock-scenario=%s:b" % SCENARIO})
    if not tap.eq((wa.status, wb.status), (101, 101),
                  "a websocket upgrade reaches its instance (header, cookie): the kernel is there"):
        m.stop()
        return
    # the connect's first frame comes after the connection was counted
    wa.recv_json()
    wb.recv_json()
    tap.eq((connections(m, ka, a), connections(m, kb, b), connections(m, ka, {})),
           (1, 1, 404), "each instance counts its own connection; the shared one has no such kernel")
    counts_a, a_msgs = [], set()
    for _ in range(3):
        counts_a.append(execute(wa, sent=a_msgs)[0])
    n_b, frames_b = execute(wb)
    tap.eq((counts_a, n_b), ([1, 2, 3], 1), "execution counts are per instance")
    tap.ok(not (a_msgs & parents(frames_b)),
           "the other instance's socket sees none of the executes", sorted(parents(frames_b)))

    r = m.request("POST", "/api/kernels/%s/restart" % ka, headers=a)
    tap.eq(r.status, 200, "REST restart on instance a")
    got = types_until_idle(wa, "kernel_info_request")
    tap.ok("shutdown_reply" in got, "instance a's socket sees the restart", got)
    n_b, frames_b = execute(wb)
    tap.eq([f["header"]["msg_type"] for f in frames_b if f["channel"] == "iopub"],
           ["status", "execute_input", "status"],
           "instance b's socket sees no restart frames before its own answer")
    tap.eq((execute(wa)[0], n_b), (1, 2), "the restart reset a's count only")

    r = m.request("DELETE", "/api/kernels/" + kb, headers=b)
    got = types_until_idle(wb, "shutdown_request")
    tap.ok(r.status == 204 and "shutdown_reply" in got, "a REST shutdown on b shows on b's socket")
    tap.eq(execute(wa)[0], 2, "a's kernel lives on, its socket untouched")
    tap.eq(connections(m, ka, a), 1, "a still counts one connection")

    bad = WebSocket(m.port, "/api/kernels/%s/channels" % ka, {"X-Mock-Scenario": "no-such-scenario"})
    rest = m.request("GET", "/api/kernels/" + ka, headers={"X-Mock-Scenario": "no-such-scenario"})
    tap.eq(bad.status, rest.status, "an upgrade naming an unknown scenario gets the REST answer (%d)"
           % rest.status)
    for w in (wa, wb, bad):
        w.close()
    check_clean_stop(tap, m)


def fill(ws, total):
    """Sends executes with large code (echoed on iopub) without reading,
    until total bytes went out or the server stops reading."""
    code = "#" + "x" * (1 << 20)
    sent = 0
    try:
        while sent < total:
            ws.send_text(json.dumps(message("execute_request", {"code": code, "silent": False})))
            sent += len(code)
    except OSError:
        pass
    return sent


def timed(m, method, path, body=None):
    start = time.monotonic()
    try:
        r = m.request(method, path, body, fresh=True)
        status = r.status
    except OSError as e:
        status = str(e)
    return status, time.monotonic() - start


def slow_reader(tap):
    m = started("--quiet")
    kid = start_kernel(m, {})
    # a small receive window: the server's writes to it block soon
    stuck = WebSocket(m.port, "/api/kernels/%s/channels" % kid, rcvbuf=4096, timeout=5)
    tap.eq(stuck.status, 101, "a client that will never read connects")
    box = {}
    t = threading.Thread(target=lambda: box.update(sent=fill(stuck, 16 << 20)))
    t.start()
    t.join(20)
    tap.ok(box.get("sent", 0) >= 16 << 20,
           "the server reads all of its 16 MB of executes though it cannot write the answers",
           box)
    times = [timed(m, "GET", "/api/kernels/" + kid), timed(m, "POST", "/api/kernels/%s/restart" % kid),
             timed(m, "GET", "/api/sessions"), timed(m, "POST", "/api/kernels/%s/interrupt" % kid),
             timed(m, "GET", "/api/status")]
    tap.ok([s for s, _ in times] == [200, 200, 200, 204, 200] and max(d for _, d in times) < 3.0,
           "another client's requests, a restart of that kernel among them, are answered "
           "at once (under 3 s each)", times)
    other = WebSocket(m.port, "/api/kernels/%s/channels" % kid, timeout=5)
    try:
        n = execute(other)[0]
    except (OSError, WsError) as e:
        n = repr(e)
    tap.ok(isinstance(n, int), "another socket of the same kernel is answered", n)
    other.close()
    stuck.close()
    check_clean_stop(tap, m)


def main():
    tap = Tap()
    instances(tap)
    slow_reader(tap)
    return tap.done()


if __name__ == "__main__":
    raise SystemExit(main())
