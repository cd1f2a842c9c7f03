#!/usr/bin/env python3
"""Scenarios over the admin API (list, load, select, state) and
per-client instances (X-Mock-Scenario, the mock-scenario cookie): each
client its own store, clock, ids and scenario run."""
import json
import os
import sys
import tempfile
import threading

from harness import ROOT, Mock, Tap, check_clean_stop, run_checks

SCENARIOS = os.path.join(ROOT, "scenarios")
CREATE = '{"path": "%s", "type": "notebook"}'
GOOD = "scenario: two-creates\nsteps:\n  - match: {operation: sessionsCreate}\n" \
       "  - match: {operation: sessionsCreate}\n    respond: {status: 500}\n"
BAD = "scenario: broken\nsteps:\n  - match: {operation: nope}\n  - respond: {status: 999}\n"


def state(m):
    """Everything an admin request could change, to compare before/after
    (instances carry each one's state and next step)."""
    return (m.request("GET", "/__mock/scenarios").body, m.request("GET", "/__mock/journal").body,
            m.request("GET", "/__mock/instances").body)


def run_client(m_port, key, out):
    from harness import Mock as _  # noqa: F401 (same module, plain HTTP below)
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", m_port, timeout=10)
    hdr = {"X-Mock-Scenario": "create-501; instance=" + key}
    got = []
    for i in range(20):
        conn.request("POST", "/api/sessions", CREATE % ("n%d.ipynb" % i), hdr)
        r = conn.getresponse()
        got.append((r.status, r.read(), r.getheader("Location")))
        conn.request("GET", "/api/sessions", headers=hdr)
        r = conn.getresponse()
        got.append((r.status, r.read(), r.getheader("Etag")))
    conn.close()
    out[key] = got


def instances(tap):
    m = Mock("--quiet", "--scenario", os.path.join(SCENARIOS, "demo.yaml"))
    shared_before = m.request("GET", "/api/sessions").body
    out = {}
    threads = [threading.Thread(target=run_client, args=(m.port, k, out)) for k in ("w1", "w2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    tap.ok(out.get("w1") and out["w1"] == out.get("w2"),
           "two clients with their own instances of one scenario, concurrently: byte-identical answers")
    tap.eq([s for s, _, _ in out["w1"][:4]], [201, 200, 501, 200],
           "each instance replays the scenario from its first step")
    tap.eq(m.request("GET", "/api/sessions").body, shared_before, "the shared instance is untouched")
    lst = m.request("GET", "/__mock/instances").json()["instances"]
    tap.eq((lst[0]["instance"], lst[0]["scenario"], sorted((i["instance"], i["scenario"]) for i in lst[1:])),
           ("", "demo", [("w1", "create-501"), ("w2", "create-501")]),
           "GET /__mock/instances lists the shared instance, then the clients' (in creation order)")
    j = m.request("GET", "/__mock/journal?instance=w1").json()
    tap.eq(j["count"], 40, "the journal tells the instances apart (?instance=)")

    r = m.request("GET", "/api/sessions", headers={"Cookie": "theme=dark; mock-scenario=create-501:w1"})
    tap.eq(r.body, out["w1"][-1][1], "the mock-scenario cookie reaches the same instance as the header")
    r = m.request("POST", "/__mock/reset?instance=w1")
    tap.eq((r.status, r.json()), (200, {"reset": "w1"}), "POST /__mock/reset?instance= resets one instance")
    hdr1 = {"X-Mock-Scenario": "create-501; instance=w1"}
    hdr2 = {"X-Mock-Scenario": "create-501; instance=w2"}
    tap.eq((m.request("GET", "/api/sessions", headers=hdr1).body, m.request("GET", "/api/sessions", headers=hdr2).body),
           (b"[]", out["w2"][-1][1]), "reset of one instance leaves the other as it was")
    tap.eq(m.request("GET", "/__mock/journal?instance=w1").json()["count"], 1,
           "reset of one instance forgets its journal entries only")

    before = state(m)
    for req, status, why in [
            (("GET", "/api/sessions", None, {"X-Mock-Scenario": "../etc/passwd"}), 400, "a malformed X-Mock-Scenario"),
            (("GET", "/api/sessions", None, {"X-Mock-Scenario": "create-501; key=x"}), 400, "an X-Mock-Scenario with no instance="),
            (("POST", "/__mock/reset?instance=nope", None, {}), 404, "a reset of an unknown instance"),
            (("DELETE", "/__mock/instances?instance=nope", None, {}), 404, "a drop of an unknown instance"),
            (("DELETE", "/__mock/instances", None, {}), 400, "a drop naming no instance")]:
        r = m.request(req[0], req[1], req[2], headers=req[3])
        tap.ok(r.status == status and set(r.json()) == {"message", "reason"}, "%s is a %d" % (why, status), r.body)
    r = m.request("GET", "/api/sessions", headers={"X-Mock-Scenario": "nope"})
    tap.ok(r.status == 400 and "Unknown scenario 'nope'" in r.json()["message"],
           "an unknown scenario in X-Mock-Scenario is a 400 naming it", r.body)
    tap.eq(r.header("Date"), "Thu, 01 Jan 2026 00:00:00 GMT", "its Date is the virtual clock's start")
    r = m.request("GET", "/api/sessions", headers={"X-Mock-Scenario": "delete-410; instance=w1"})
    tap.ok(r.status == 409 and "replays scenario 'create-501'" in r.json()["message"],
           "an instance key used with another scenario is a 409", r.body)
    after = state(m)
    tap.eq(after[2], before[2], "bad instance requests change no instance")
    r = m.request("DELETE", "/__mock/instances?instance=w2")
    lst = [i["instance"] for i in m.request("GET", "/__mock/instances").json()["instances"]]
    tap.eq((r.status, lst), (204, ["", "w1"]), "DELETE /__mock/instances?instance= drops one")
    check_clean_stop(tap, m)

    m = Mock("--max-instances", "2")
    for k in ("a", "b", "c"):
        m.request("GET", "/api/sessions", headers={"X-Mock-Scenario": "create-501; instance=" + k})
    lst = [i["instance"] for i in m.request("GET", "/__mock/instances").json()["instances"]]
    tap.eq(lst, ["", "b", "c"], "--max-instances: a new instance drops the oldest idle one")
    check_clean_stop(tap, m)
    tap.ok("instance 'a' dropped" in m.stderr(), "the drop is said in the log", m.stderr()[-500:])


def scenarios(tap):
    d = tempfile.mkdtemp()
    with open(os.path.join(d, "two-creates.yaml"), "w") as f:
        f.write(GOOD)
    with open(os.path.join(d, "mismatch.yaml"), "w") as f:
        f.write(GOOD)
    outside = tempfile.mkdtemp()
    with open(os.path.join(outside, "secret.yaml"), "w") as f:
        f.write(GOOD.replace("two-creates", "secret"))
    os.symlink(os.path.join(outside, "secret.yaml"), os.path.join(d, "secret.yaml"))
    m = Mock("--quiet", "--scenario-dir", d, "--max-body", "4096",
             "--scenario", os.path.join(SCENARIOS, "create-501.yaml"))
    s = m.request("GET", "/__mock/scenarios").json()
    tap.eq(([x["name"] for x in s["scenarios"]], s["scenario_dir"], s["instances"][0]["scenario"]),
           (["create-501"], d, "create-501"), "GET /__mock/scenarios lists the loaded scenarios and the instances")
    tap.ok("step 1" in s["instances"][0]["next"], "each instance says its state and next step", s["instances"])

    before = state(m)
    r = m.request("POST", "/__mock/scenarios", BAD)
    tap.ok(r.status == 400 and r.json()["errors"] and all(e.startswith("body:") for e in r.json()["errors"]),
           "a broken scenario is a 400 with its line:col errors", r.body)
    tap.eq(r.json()["errors"][0], "body:3:24: error: unknown operation 'nope'",
           "the errors are --check's messages")
    bad = [("POST", "/__mock/scenarios", "", 400, "an empty load"),
           ("POST", "/__mock/scenarios?name=../x", None, 400, "a name with a path"),
           ("POST", "/__mock/scenarios?name=%2Fetc%2Fpasswd", None, 400, "an absolute path"),
           ("POST", "/__mock/scenarios?name=secret", None, 404, "a symbolic link leading outside --scenario-dir"),
           ("POST", "/__mock/scenarios?name=nope", None, 404, "an unknown name"),
           ("POST", "/__mock/scenarios/select", '{"scenario": "nope"}', 404, "selecting an unknown scenario"),
           ("POST", "/__mock/scenarios/select", '{"scenario": 5}', 400, "a non-string scenario"),
           ("POST", "/__mock/scenarios/select", '{"scenario": "x", "extra": 1}', 400, "an unknown key"),
           ("POST", "/__mock/scenarios/select", '{', 400, "broken JSON"),
           ("POST", "/__mock/scenarios/state", '{"state": "nope"}', 400, "an unknown state"),
           ("POST", "/__mock/scenarios/state", '{"state": "main", "instance": "nope"}', 404, "an unknown instance"),
           ("POST", "/__mock/scenarios/select", '{"scenario": null, "instance": "k"}', 400,
            "selecting no scenario for a client's instance"),
           ("POST", "/__mock/scenarios/select?instance=..", '{"scenario": "two-creates"}', 400,
            "a bad instance key"),
           ("POST", "/__mock/scenarios/select", '{"scenario": "nope", "instance": "k"}', 404,
            "selecting an unknown scenario for an instance"),
           ("POST", "/__mock/scenarios", "scenario: big\n#" + "x" * 5000, 413, "a too-large body")]
    for method, path, body, status, why in bad:
        r = m.request(method, path, body, fresh=status == 413)
        tap.ok(r.status == status and {"message", "reason"} <= set(r.json()),
               "%s is a %d in the house shape" % (why, status), r.body)
    r = m.request("POST", "/__mock/scenarios?name=mismatch")
    tap.ok(r.status == 400 and "named 'two-creates', not 'mismatch'" in r.json()["errors"][0],
           "a file whose scenario is named otherwise is refused", r.body)
    tap.eq(state(m), before, "bad scenario requests change nothing (scenarios, journal, store)")

    r = m.request("POST", "/__mock/scenarios", GOOD.replace("two-creates", "inline"))
    tap.eq((r.status, r.json()["name"], r.json()["steps"]), (201, "inline", 2),
           "POST /__mock/scenarios loads one from the body")
    r = m.request("POST", "/__mock/scenarios?name=two-creates")
    tap.eq((r.status, r.json()["name"]), (201, "two-creates"), "POST ?name= loads DIR/NAME.yaml")
    r = m.request("POST", "/api/sessions", CREATE % "k", headers={"X-Mock-Scenario": "inline; instance=k"})
    tap.eq(r.status, 201, "a loaded scenario serves a client instance")
    r = m.request("POST", "/__mock/scenarios/select", '{"scenario": "two-creates"}')
    tap.eq((r.status, r.json()["scenario"]), (200, "two-creates"), "select switches the shared instance")
    a = m.request("POST", "/api/sessions", CREATE % "a").status
    b = m.request("POST", "/api/sessions", CREATE % "b").status
    tap.eq((a, b), (201, 500), "the shared instance replays the selected scenario from its start")
    r = m.request("POST", "/__mock/scenarios/state", '{"state": "main"}')
    tap.ok(r.status == 200 and "step 1" in r.json()["next"], "setting the state starts its steps again", r.body)
    tap.eq(m.request("POST", "/api/sessions", CREATE % "c").status, 201, "the state's first step answers next")
    r = m.request("POST", "/__mock/scenarios/select", '{"scenario": null}')
    tap.eq((r.status, r.json()["scenario"]), (200, None), "select null: no scenario, the session state answers")
    check_clean_stop(tap, m)


def select_instance(tap):
    """POST /__mock/scenarios/select for a client's own instance."""
    d = tempfile.mkdtemp()
    with open(os.path.join(d, "two-creates.yaml"), "w") as f:
        f.write(GOOD)
    m = Mock("--quiet", "--scenario-dir", d,
             "--scenario", os.path.join(SCENARIOS, "create-501.yaml"))
    hdr = {"X-Mock-Scenario": "create-501; instance=k"}
    tap.eq(m.request("POST", "/api/sessions", CREATE % "a", headers=hdr).status, 201,
           "client k's instance replays create-501")
    r = m.request("POST", "/__mock/scenarios/select", '{"scenario": "two-creates", "instance": "k"}')
    tap.eq((r.status, r.json()["instance"], r.json()["scenario"]), (200, "k", "two-creates"),
           "select with an instance answers that instance")
    got = [m.request("POST", "/api/sessions", CREATE % p, headers=hdr).status for p in "bc"]
    tap.eq(got, [201, 500], "the instance replays the chosen scenario from its first step")
    r = m.request("POST", "/__mock/scenarios/select?instance=j", '{"scenario": "two-creates"}')
    tap.eq((r.status, r.json()["instance"]), (200, "j"), "?instance= names it too, and makes it when new")
    cookie = {"Cookie": "mock-scenario=create-501:j"}
    got = [m.request("POST", "/api/sessions", CREATE % p, headers=cookie).status for p in "de"]
    tap.eq(got, [201, 500], "a cookie client of that key reaches the chosen scenario")
    lst = m.request("GET", "/__mock/instances").json()["instances"]
    tap.eq([(i["instance"], i["scenario"]) for i in lst],
           [("", "create-501"), ("k", "two-creates"), ("j", "two-creates")],
           "the shared instance is untouched; the list shows each one's scenario")
    check_clean_stop(tap, m)


def main():
    return run_checks(Tap(), (instances, scenarios, select_instance))


if __name__ == "__main__":
    sys.exit(main())
