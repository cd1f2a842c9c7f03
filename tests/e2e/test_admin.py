#!/usr/bin/env python3
"""The admin API under /__mock/: health, the journal and its filters,
reset, and bad admin requests that change nothing."""
import json
import os
import sys

from harness import ROOT, Mock, Tap, check_clean_stop, run_checks

SCENARIOS = os.path.join(ROOT, "scenarios")

CREATE = '{"path": "a.ipynb", "type": "notebook"}'
FIRST_ID = "92f89756-082a-4514-a42e-1c7bc266a3a7"  # seed 1's first session


def journal(m, query=""):
    r = m.request("GET", "/__mock/journal" + query)
    assert r.status == 200, r.body
    return r.json()


def health_and_journal(tap):
    m = Mock("--quiet")
    r = m.request("GET", "/__mock/health")
    h = r.json()
    tap.eq((r.status, h["status"], h["spec"]["title"], h["journal"]["capacity"]),
           (200, "ok", "Jupyter Server Sessions API", 5000),
           "GET /__mock/health says ok, the spec's title and the journal's size")
    tap.ok(isinstance(h["uptime_s"], (int, float)) and h["version"], "health gives uptime and version")
    m.request("POST", "/api/sessions", CREATE)
    m.request("GET", "/api/sessions")
    m.request("GET", "/api/sessions/" + FIRST_ID)
    m.request("GET", "/nowhere")
    m.request("POST", "/api/sessions", '{"path": 5, "type": "notebook"}')
    j = journal(m)
    tap.eq(j["count"], 5, "every API request is journaled, admin requests are not")
    e = j["entries"][0]
    tap.eq((e["seq"], e["method"], e["path"], e["operation"], e["status"], e["time"]),
           (1, "POST", "/api/sessions", "sessionsCreate", 201, "2026-01-01T00:00:00Z"),
           "an entry has method, path, operation, status and virtual time")
    tap.eq((e["body_size"], json.loads(e["response"]["body"])["id"], e["request"]["body"]),
           (len(json.dumps(json.loads(e["response"]["body"]))), FIRST_ID, CREATE),
           "an entry keeps the body size and both bodies")
    tap.eq(j["entries"][4]["validation"], "rejected", "a request refused by --validate says so")
    tap.eq([x["seq"] for x in journal(m, "?since=3")["entries"]], [4, 5], "?since= gives the later entries")
    tap.eq([x["seq"] for x in journal(m, "?operation=sessionsGet")["entries"]], [3],
           "?operation= filters by operationId")
    tap.eq([x["seq"] for x in journal(m, "?status=400")["entries"]], [5], "?status= filters by status")
    tap.eq([x["path"] for x in journal(m, "?unmatched=true")["entries"]], ["/nowhere"],
           "?unmatched=true gives requests no operation took")
    tap.eq([x["seq"] for x in journal(m, "?limit=2")["entries"]], [1, 2], "?limit= gives the first N")
    tap.eq([x["seq"] for x in m.request("GET", "/__mock/unmatched").json()["entries"]], [4],
           "GET /__mock/unmatched lists the unmatched requests")
    r = m.request("HEAD", "/__mock/journal")
    tap.eq((r.status, r.body), (200, b""), "HEAD on an admin endpoint has no body")

    before = m.request("GET", "/__mock/journal").body
    for q, why in [("?status=abc", "status"), ("?since=-1", "since"), ("?limit=x", "limit"),
                   ("?unmatched=maybe", "unmatched"), ("?operation=" + "x" * 300, "operation")]:
        r = m.request("GET", "/__mock/journal" + q)
        tap.ok(r.status == 400 and set(r.json()) == {"message", "reason"} and why in r.json()["message"],
               "a bad %s filter is a 400 in the house shape naming it" % why, r.body)
    r = m.request("PUT", "/__mock/journal")
    tap.eq(r.status, 405, "a wrong method on an admin endpoint is 405")
    r = m.request("GET", "/__mock/nothing")
    tap.ok(r.status == 404 and "message" in r.json(), "an unknown admin path is a 404 in the house shape")
    tap.eq(m.request("GET", "/__mock/journal").body, before, "bad admin requests change nothing")

    r = m.request("DELETE", "/__mock/journal")
    tap.eq((r.status, journal(m)["count"]), (204, 0), "DELETE /__mock/journal empties it")
    m.request("GET", "/api/sessions")
    tap.eq(journal(m)["entries"][0]["seq"], 1, "numbering starts again after DELETE")
    check_clean_stop(tap, m)


def reset(tap):
    m = Mock("--quiet", "--scenario", os.path.join(SCENARIOS, "create-501.yaml"))
    m.request("POST", "/api/sessions", CREATE)
    first = m.request("POST", "/api/sessions", '{"path": "b.ipynb", "type": "notebook"}')
    tap.eq(first.status, 501, "the scenario answers its second create with 501")
    r = m.request("POST", "/__mock/reset")
    tap.eq(r.status, 200, "POST /__mock/reset is 200")
    tap.eq(journal(m)["count"], 0, "reset empties the journal")
    tap.eq(m.request("GET", "/api/sessions").body, b"[]", "reset empties the store")
    a = m.request("POST", "/api/sessions", CREATE)
    b = m.request("POST", "/api/sessions", '{"path": "b.ipynb", "type": "notebook"}')
    tap.eq((a.status, b.status), (201, 501), "reset starts the scenario again")
    e = journal(m)["entries"]
    tap.eq((e[0]["time"], e[0]["scenario"], e[2]["step"]),
           ("2026-01-01T00:00:00Z", "create-501", "step 2 (the second create finds no kernel)"),
           "reset puts the clock back; entries name the scenario and step")
    check_clean_stop(tap, m)


def bounds(tap):
    m = Mock("--quiet", "--journal", "3")
    for i in range(7):
        m.request("GET", "/api/sessions")
    j = journal(m)
    tap.eq(([x["seq"] for x in j["entries"]], j["capacity"]), ([5, 6, 7], 3),
           "--journal N keeps the newest N entries")
    check_clean_stop(tap, m)
    m = Mock("--quiet", "--journal", "0")
    m.request("GET", "/api/sessions")
    tap.eq(journal(m)["count"], 0, "--journal 0 keeps none")
    check_clean_stop(tap, m)
    m = Mock("--quiet", "--max-body", "100")
    m.request("GET", "/api/sessions")
    before = m.request("GET", "/__mock/journal").body
    r = m.request("POST", "/__mock/reset", "x" * 1000, fresh=True)
    tap.ok(r.status == 413 and r.json()["message"], "a too-large admin body is a 413 in the house shape")
    tap.eq(m.request("GET", "/__mock/journal", fresh=True).body, before, "a too-large admin body changes nothing")
    check_clean_stop(tap, m)


def main():
    return run_checks(Tap(), (health_and_journal, reset, bounds))


if __name__ == "__main__":
    sys.exit(main())
