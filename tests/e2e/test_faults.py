#!/usr/bin/env python3
"""Each network fault a scenario can play, seen from a raw client, and
fault schedules that fault the same requests on every run."""
import os
import socket
import sys
import tempfile
import time

from harness import Mock, Tap, check_clean_stop

SESSIONS = """
initial:
  sessions:
    - {id: 11111111-2222-4333-8444-555555555501, path: a.ipynb, name: a.ipynb, type: notebook, kernel: python3}
    - {id: 11111111-2222-4333-8444-555555555502, path: b.ipynb, name: b.ipynb, type: notebook, kernel: python3}
"""

# One step per fault, in this order, each on GET /api/sessions; a plain
# answer follows each faulted one, to compare bytes with.
STEPS = [
    ("reset", "reset"),
    ("empty", "empty"),
    ("truncate", "{truncate: 40}"),
    ("garbage", "{garbage: 100}"),
    ("garbage again", "{garbage: 100}"),
    ("drip", "{drip: 2000}"),
    ("delay", "{delay: 300ms}"),
]
DRIP_RATE = 2000
DELAY = 0.3


def fault_scenario():
    text = "scenario: faults\nseed: 5\nkernels: [python3]\n" + SESSIONS + "steps:\n"
    for name, fault in STEPS:
        text += ("  - name: %s\n    match: {operation: sessionsList}\n"
                 "    fault: %s\n" % (name, fault))
        text += "  - name: plain after %s\n    match: {operation: sessionsList}\n" % name
    return text


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def fetch(mock, method="GET", path="/api/sessions", timeout=5.0, keep_alive=False):
    """One request on a fresh connection.  Returns (bytes, seconds until
    the last byte, reset) where reset says the peer reset the connection.
    With keep_alive the request does not ask for a close: only the server
    can end it before the timeout."""
    head = ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s"
            "Content-Length: 0\r\n\r\n"
            % (method, path, "" if keep_alive else "Connection: close\r\n")).encode()
    chunks, reset = [], False
    start = time.monotonic()
    last = start
    with socket.create_connection(("127.0.0.1", mock.port), timeout=timeout) as s:
        s.sendall(head)
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                reset = True
                break
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
            last = time.monotonic()
    return b"".join(chunks), last - start, reset


def run_fault_steps(path):
    """Plays every fault step once; returns {name: (faulted, plain, secs, reset)}."""
    m = Mock("--quiet", "--scenario", path)
    out = {}
    for name, _ in STEPS:
        data, secs, reset = fetch(m)
        plain, _, _ = fetch(m)
        out[name] = (data, plain, secs, reset)
    return m, out


def faulted_numbers(mock, n):
    """Sends n lists, one connection each; the 1-based numbers of those
    that did not get a whole HTTP answer, with what they got."""
    hits = []
    for i in range(1, n + 1):
        data, _, reset = fetch(mock)
        if reset or not data.startswith(b"HTTP/1.1 200 OK"):
            hits.append((i, "reset" if reset else data))
    return hits


def normalise_resets(hits):
    # a reset may reach the client as a reset or as a bare close
    return [(i, b"" if d == "reset" else d) for i, d in hits]


CLOSING = """scenario: closing
kernels: [python3]
steps:
  - {match: {operation: kernelsList}, fault: empty}
  - {match: {operation: kernelsList}, fault: {truncate: 20}}
  - {match: {operation: kernelsList}, fault: {garbage: 30}}
"""


def faults_close_keep_alive(tap, tmp):
    """civetweb keeps a connection alive unless the client asks otherwise;
    a fault that cuts the answer must end it, or the client waits for the
    rest until the keep-alive timeout (30 s)."""
    m = Mock("--quiet", "--scenario", write(tmp, "closing.yaml", CLOSING))
    for name, size in (("empty", 0), ("truncate 20", 20), ("garbage 30", 30)):
        data, secs, reset = fetch(m, path="/api/kernels", timeout=5.0, keep_alive=True)
        tap.ok(len(data) == size and not reset and secs < 2.0,
               "%s on a keep-alive connection: %d bytes, then the server closes it" % (name, size),
               "got %d bytes, reset %s, after %.2f s" % (len(data), reset, secs))
    check_clean_stop(tap, m, "the server stops cleanly after the closing faults")

    # A 413 leaves the body unread: the connection must end after it, or
    # the rest of the body would be read as the next request.
    m = Mock("--quiet", "--max-body", "100")
    body = b'{"path": "' + b"y" * 300 + b'", "type": "notebook"}'
    with socket.create_connection(("127.0.0.1", m.port), timeout=5) as s:
        s.sendall(b"POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1:1\r\n"
                  b"Content-Length: %d\r\n\r\n%sGET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  % (len(body), body))
        got = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    tap.ok(got.startswith(b"HTTP/1.1 413 ") and got.count(b"HTTP/1.1") == 1,
           "413: one answer, then the connection ends", got[:300])
    tap.ok(b"Date: Thu, 01 Jan 2026 00:00:00 GMT" in got,
           "413: its Date is the virtual clock's, like any answer", got[:300])
    tap.ok(b"Access-Control-Allow-Origin: http://127.0.0.1:1" in got,
           "413: a browser may read it (CORS headers)", got[:300])
    check_clean_stop(tap, m, "the server stops cleanly after a 413")


def main():
    tap = Tap()
    tmp = tempfile.mkdtemp()
    faults_close_keep_alive(tap, tmp)
    path = write(tmp, "faults.yaml", fault_scenario())

    m, got = run_fault_steps(path)
    check_clean_stop(tap, m, "the server stops cleanly after every kind of fault")
    m2, again = run_fault_steps(path)
    check_clean_stop(tap, m2, "a second run stops cleanly too")

    data, plain, _, reset = got["reset"]
    tap.ok(reset and data == b"", "reset: the client sees a connection reset (RST) and no byte",
           "got %r, reset %s" % (data[:80], reset))
    tap.ok(plain.startswith(b"HTTP/1.1 200 OK"), "reset: the next request gets a whole answer")

    data, plain, _, reset = got["empty"]
    tap.ok(not reset and data == b"", "empty: the connection closes without a byte",
           "got %r (reset %s)" % (data[:80], reset))

    data, plain, _, _ = got["truncate"]
    tap.eq(len(data), 40, "truncate 40: exactly 40 bytes arrive, then the close")
    tap.eq(data, plain[:40], "truncate 40: they are the answer's first 40 bytes")

    data, plain, _, _ = got["garbage"]
    tap.eq(len(data), 100, "garbage 100: exactly 100 bytes arrive, then the close")
    tap.ok(not data.startswith(b"HTTP/"), "garbage 100: the bytes are not an HTTP answer",
           repr(data[:40]))
    tap.eq(again["garbage"][0], data, "garbage: a second run sends the same bytes")
    tap.eq(len(got["garbage again"][0]), 100, "garbage: another step sends its own 100 bytes")

    data, plain, secs, _ = got["drip"]
    tap.eq(data, plain, "drip: every byte of the answer arrives")
    chunk = DRIP_RATE // 10
    floor = (len(data) - chunk) / DRIP_RATE * 0.9
    tap.ok(secs >= floor, "drip %d B/s: %d bytes take at least %.2fs" % (DRIP_RATE, len(data), floor),
           "took %.3fs" % secs)

    data, plain, secs, _ = got["delay"]
    tap.eq(data, plain, "delay: the whole answer arrives")
    tap.ok(secs >= DELAY, "delay 300ms: the answer takes at least 0.3s", "took %.3fs" % secs)

    same = all(got[k][0] == again[k][0] or got[k][3] or again[k][3]
               for k in ("empty", "truncate", "garbage", "drip", "delay"))
    tap.ok(same, "two runs of the fault steps give the same bytes")

    # Schedules: every N, chance with a seed; each keeps its own count.
    sched = write(tmp, "schedules.yaml", """scenario: schedules
kernels: [python3]
off_script: state
faults:
  - every: 3
    fault: empty
  - chance: 0.3
    seed: 5
    fault: {truncate: 12}
""")
    runs = []
    for _ in range(2):
        m = Mock("--quiet", "--scenario", sched)
        runs.append(normalise_resets(faulted_numbers(m, 30)))
        check_clean_stop(tap, m, "the server stops cleanly after scheduled faults")
    first, second = runs
    tap.eq(first, second, "the same requests are faulted in two runs (every 3, chance 0.3 seed 5)")
    empties = [i for i, d in first if d == b""]
    tap.eq(empties, list(range(3, 31, 3)), "every: 3 empties requests 3, 6, 9 ... 30")
    chance = [i for i, d in first if d != b""]
    tap.ok(0 < len(chance) < 20, "chance 0.3 faults some of the other requests (%d of 20)" % len(chance))
    tap.ok(all(len(d) == 12 for i, d in first if d != b""),
           "the chance schedule's fault is the truncate it names")

    # A schedule counts the requests an earlier schedule faulted: every 3
    # still means requests 3 and 9 when every 2 takes 6 and 12.
    rhythm = write(tmp, "rhythm.yaml", """scenario: rhythm
kernels: [python3]
off_script: state
faults:
  - every: 2
    fault: empty
  - every: 3
    fault: {garbage: 8}
""")
    m = Mock("--quiet", "--scenario", rhythm)
    hits = normalise_resets(faulted_numbers(m, 12))
    check_clean_stop(tap, m, "the server stops cleanly after the two schedules")
    tap.eq([i for i, d in hits if d == b""], [2, 4, 6, 8, 10, 12],
           "every: 2 empties the even requests")
    tap.eq([i for i, d in hits if len(d) == 8], [3, 9],
           "every: 3 keeps its rhythm when an earlier schedule takes 6 and 12")
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
