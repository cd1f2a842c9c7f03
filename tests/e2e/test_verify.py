#!/usr/bin/env python3
"""POST /__mock/verify, GET /__mock/coverage, /__mock/transcript and
/__mock/har: what a test suite asks of the mock after driving it."""
import json
import os
import sys

from harness import ROOT, Mock, Tap, check_clean_stop, run_checks

SCENARIOS = os.path.join(ROOT, "scenarios")
GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")


def drive(m):
    """The same requests every run: two creates (the second a 501), a get,
    a rename refused by validation, an unknown path, a Prefer override."""
    a = m.request("POST", "/api/sessions", '{"path": "a.ipynb", "type": "notebook"}').json()
    m.request("POST", "/api/sessions", '{"path": "b.ipynb", "type": "notebook"}')
    m.request("GET", "/api/sessions/" + a["id"], headers={"X-Trace": "differs-per-run"})
    m.request("PATCH", "/api/sessions/" + a["id"], '{"path": 5}')
    m.request("GET", "/nowhere")
    m.request("GET", "/api/sessions", headers={"Prefer": "code=500"})
    m.request("POST", "/api/sessions", '{"path": "c.ipynb", "type": "notebook"}',
              headers={"Prefer": "example=kernelNotAvailable"})
    return a["id"]


def verify(m, pattern):
    r = m.request("POST", "/__mock/verify", json.dumps(pattern))
    return r.status, r.json()


def verification(tap):
    m = Mock("--quiet", "--scenario", os.path.join(SCENARIOS, "create-501.yaml"))
    sid = drive(m)
    tap.eq(verify(m, {"method": "POST", "path": "/api/sessions", "count": 3})[0], 200,
           "verify: three creates, counted by method and path")
    status, r = verify(m, {"operation": "sessionsCreate", "body": {"path": "a.ipynb"}, "count": 1})
    tap.eq((status, r["count"], r["matched"]), (200, 1, [1]),
           "verify: 200 with the count and the entries matched, by operation and body subset")
    tap.eq(verify(m, {"path": "/api/sessions/{id}", "count": {"min": 2, "max": 3}})[0], 200,
           "verify: a {name} path segment matches any id; a range holds")
    tap.eq(verify(m, {"operation": "sessionsUpdate", "status": 400})[0], 200,
           "verify: by status; no count means at least once")
    status, r = verify(m, {"method": "DELETE", "path": "/api/sessions/" + sid, "count": 1})
    tap.eq((status, r["count"], set(r) >= {"message", "reason", "near_misses"}), (409, 0, True),
           "verify: 409 in the house shape when the count does not hold")
    tap.eq(r["message"], "Verification failed: expected 1 matching request, got 0",
           "verify: the message says what was expected and what came")
    near = r["near_misses"][0]
    tap.eq((near["method"], near["path"], near["differs"]), ("GET", "/api/sessions/" + sid, ["method"]),
           "verify: the nearest miss comes first and says what differs")
    status, r = verify(m, {"method": "POST", "count": 0})
    tap.eq((status, r["message"]), (409, "Verification failed: expected 0 matching requests, got 3"),
           "verify: count 0 asserts a request never came")

    before = m.request("GET", "/__mock/journal").body
    bad = [(b"{", "Invalid JSON in body of request", "broken JSON"),
           (b"[1]", "The body must be a JSON object", "a non-object"),
           (b"{} x", "Invalid JSON in body of request", "trailing bytes"),
           (b"", "Invalid JSON in body of request", "an empty body"),
           (b'{"methd": "GET"}', "Invalid pattern: unknown key 'methd'", "an unknown key"),
           (b'{"operation": "nope"}', "Invalid pattern: 'operation' must be an operationId", "an unknown operation"),
           (b'{"count": -1}', "Invalid pattern: 'count' must be", "a negative count"),
           (b'{"count": {"min": 3, "max": 1}}', "Invalid pattern: 'count' must be", "min above max"),
           (b'{"status": 99}', "Invalid pattern: 'status' must be", "a status out of range"),
           (b'{"method": 5}', "Invalid pattern: 'method' must be a string", "a non-string method")]
    for body, msg, why in bad:
        r = m.request("POST", "/__mock/verify", body)
        tap.ok(r.status == 400 and set(r.json()) == {"message", "reason"} and r.json()["message"].startswith(msg),
               "verify: %s is a 400 saying so" % why, r.body)
    tap.eq(m.request("GET", "/__mock/journal").body, before, "bad verify requests change nothing")
    check_clean_stop(tap, m)


def coverage(tap):
    m = Mock("--quiet", "--scenario", os.path.join(SCENARIOS, "create-501.yaml"))
    drive(m)
    c = m.request("GET", "/__mock/coverage").json()
    ops = {o["operation"]: o for o in c["operations"]}
    create = {r["status"]: r["calls"] for r in ops["sessionsCreate"]["responses"]}
    tap.eq((ops["sessionsCreate"]["calls"], create["201"], create["501"], create["409"]), (3, 1, 2, 0),
           "coverage counts each declared response of an operation")
    tap.eq((ops["sessionsDelete"]["calls"], c["summary"]["unrouted_requests"]), (0, 1),
           "coverage shows the operations never called and the unrouted requests")
    examples = [x for r in ops["sessionsList"]["responses"] if r["status"] == "500" for x in r["examples"]]
    tap.ok(any(x["calls"] == 1 for x in examples), "coverage counts the examples that answered", examples)
    tap.eq(c["summary"]["operations_used"], 4, "the summary counts the operations used")
    t = m.request("GET", "/__mock/coverage?format=text")
    tap.ok(t.status == 200 and t.header("Content-Type").startswith("text/plain") and
           b"sessionsCreate" in t.body and b"operations used: 4 of " in t.body,
           "?format=text is a short table", t.body)
    r = m.request("GET", "/__mock/coverage?format=xml")
    tap.eq(r.status, 400, "an unknown format is a 400")
    m.request("POST", "/__mock/reset")
    c = m.request("GET", "/__mock/coverage").json()
    tap.eq(c["summary"]["operations_used"], 0, "reset clears coverage")
    check_clean_stop(tap, m)


def transcript_and_har(tap):
    runs = []
    for _ in range(2):
        m = Mock("--quiet", "--scenario", os.path.join(SCENARIOS, "create-501.yaml"))
        drive(m)
        runs.append((m.request("GET", "/__mock/transcript"), m.request("GET", "/__mock/har")))
        check_clean_stop(tap, m)
    t1, t2 = runs[0][0], runs[1][0]
    tap.ok(t1.status == 200 and t1.header("Content-Type").startswith("text/plain"), "the transcript is text")
    tap.eq(t1.body, t2.body, "two runs on different ports give byte-identical transcripts")
    tap.ok(b"X-Trace" not in t1.body and b"Host:" not in t1.body and b"Prefer: code=500" in t1.body,
           "the transcript keeps only headers that change the answer", t1.body)
    golden = os.path.join(GOLDEN, "transcript-create-501.txt")
    if os.environ.get("UPDATE_GOLDEN"):
        with open(golden, "wb") as f:
            f.write(t1.body)
    with open(golden, "rb") as f:
        tap.eq(t1.body.decode(), f.read().decode(), "the transcript matches its golden file")
    har = runs[0][1].json()["log"]
    e = har["entries"][0]
    tap.eq((har["version"], len(har["entries"]), e["request"]["method"], e["response"]["status"],
            e["startedDateTime"]), ("1.2", 7, "POST", 201, "2026-01-01T00:00:00Z"),
           "GET /__mock/har is a HAR 1.2 log of the journal, on the virtual clock")
    tap.ok(e["request"]["url"].startswith("http://127.0.0.1:") and
           json.loads(e["response"]["content"]["text"])["path"] == "a.ipynb",
           "HAR entries carry the URL and the bodies", e)


def main():
    return run_checks(Tap(), (verification, coverage, transcript_and_har))


if __name__ == "__main__":
    sys.exit(main())
