#!/usr/bin/env python3
"""Several clients creating, patching and deleting at once leave the store
consistent: every surviving session is listed once with its last name,
every deleted one is gone, and nothing answers a 5xx."""
import json
import sys
import threading

from harness import Mock, Tap, check_clean_stop

THREADS = 8
ROUNDS = 60


def client(m, tid, results):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", m.port, timeout=20)
    kept, errors = {}, []

    def call(method, path, body=None):
        conn.request(method, path, body=body)
        r = conn.getresponse()
        data = r.read()
        if r.status >= 500:
            errors.append((method, path, r.status, data[:200]))
        return r.status, data

    for i in range(ROUNDS):
        status, data = call("POST", "/api/sessions",
                            json.dumps({"path": "t%d/%d.ipynb" % (tid, i), "type": "notebook",
                                        "name": "n", "kernel": {"name": "python3"}}))
        if status != 201:
            errors.append(("POST", status, data[:200]))
            continue
        sid = json.loads(data)["id"]
        name = "t%d-%d" % (tid, i)
        status, _ = call("PATCH", "/api/sessions/" + sid, json.dumps({"name": name}))
        if status != 200:
            errors.append(("PATCH", sid, status))
        if i % 3 == 0:
            status, _ = call("DELETE", "/api/sessions/" + sid)
            if status != 204:
                errors.append(("DELETE", sid, status))
        else:
            kept[sid] = name
        call("GET", "/api/sessions")
    conn.close()
    results[tid] = (kept, errors)


def main():
    tap = Tap()
    m = Mock("--quiet", "--threads", str(THREADS + 4))
    results = {}
    threads = [threading.Thread(target=client, args=(m, t, results)) for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    tap.ok(all(not t.is_alive() for t in threads), "every client finished")
    errors = [e for kept, errs in results.values() for e in errs]
    tap.ok(not errors, "no request failed or answered 5xx", errors[:5])
    expected = {}
    for kept, _ in results.values():
        expected.update(kept)
    listed = m.request("GET", "/api/sessions").json()
    ids = [s["id"] for s in listed]
    tap.eq(len(ids), len(set(ids)), "no session is listed twice")
    tap.eq({s["id"]: s["name"] for s in listed}, expected,
           "the list holds exactly the surviving sessions with their last names")
    kernels = m.request("GET", "/api/kernels").json()
    tap.eq(sorted(k["id"] for k in kernels), sorted(s["kernel"]["id"] for s in listed),
           "every running kernel belongs to exactly one surviving session")
    check_clean_stop(tap, m)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
