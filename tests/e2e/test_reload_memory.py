#!/usr/bin/env python3
"""Loading a scenario again and again costs no memory over time: a
replaced version is freed once nothing replays it, and a version an
instance still replays stays valid until that instance lets go.

1. The plain build (build/: ASan's allocator and quarantine would hide
   what glibc's heap does) loads the same 50-step scenario 2,000 times
   through POST /__mock/scenarios; its RSS after the last load is within
   a few MB of where it stood after the first 200.  When every version
   was kept until exit, each cost ~65 kB: ~115 MB over this run.
2. The sanitizer build keeps instances alive across loads and SIGHUP
   reloads, and they go on answering from the version they started
   with; ASan and LSan stay quiet to the end.
"""
import os
import signal
import sys
import tempfile
import time

from harness import ROOT, Mock, Tap, check_clean_stop

PLAIN = os.path.join(ROOT, os.environ.get("PLAIN_BUILD", "build"))
LOADS = 2000
WARMUP = 200
STEPS = 50
MAX_GROWTH_KB = 16 * 1024


def scenario(name, steps):
    return ("scenario: %s\nsteps:\n" % name +
            "  - match: {operation: sessionsList}\n" * steps)


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def load(m, text):
    return m.request("POST", "/__mock/scenarios", text).status


def next_step(m, key):
    for i in m.request("GET", "/__mock/instances").json()["instances"]:
        if i["instance"] == key:
            return i["next"]
    return None


def rss_flat(tap):
    binary = os.path.join(PLAIN, "mock")
    if not tap.ok(os.access(binary, os.X_OK), "the plain build's mock is built",
                  "missing %s (make test builds it)" % binary):
        return
    m = Mock("--quiet", "--journal", "0", binary=binary)
    try:
        text = scenario("big", STEPS)
        # an instance replays the first version throughout
        first = load(m, text)
        held = m.request("GET", "/api/sessions",
                         headers={"X-Mock-Scenario": "big; instance=held"}).status
        tap.eq((first, held), (201, 200), "an instance replays the first version")
        statuses = set()
        for i in range(LOADS):
            statuses.add(load(m, text))
            if i + 1 == WARMUP:
                warm = rss_kb(m.proc.pid)
        end = rss_kb(m.proc.pid)
        tap.eq(statuses, {201}, "%d loads of the same scenario all succeed" % LOADS)
        growth = end - warm
        tap.ok(0 <= warm and growth <= MAX_GROWTH_KB,
               "RSS grows at most %d kB from load %d to load %d"
               % (MAX_GROWTH_KB, WARMUP, LOADS),
               "warm %d kB, end %d kB" % (warm, end))
        print("# RSS kB: after %d loads %d, after %d loads %d, growth %d"
              % (WARMUP, warm, LOADS, end, growth))
        tap.eq(m.request("GET", "/api/sessions",
                         headers={"X-Mock-Scenario": "big; instance=held"}).status,
               200, "the instance still answers from its version")
    finally:
        check_clean_stop(tap, m)


def poll(cond, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return False


def instances_across_reloads(tap, tmp):
    path = os.path.join(tmp, "live.yaml")
    with open(path, "w") as f:
        f.write(scenario("live", 3))
    m = Mock("--quiet", "--scenario", path)
    try:
        hdr = {"X-Mock-Scenario": "live; instance=old"}
        tap.eq(m.request("GET", "/api/sessions", headers=hdr).status, 200,
               "instance 'old' takes the first of the 3 steps")
        for i in range(50):
            load(m, scenario("live", 5))
            m.request("GET", "/api/sessions",
                      headers={"X-Mock-Scenario": "live; instance=k%d" % (i % 4)})
            m.request("GET", "/api/sessions")
        with open(path, "w") as f:
            f.write(scenario("live", 7))
        m.proc.send_signal(signal.SIGHUP)
        tap.ok(poll(lambda: m.request("GET", "/__mock/scenarios").json()
                    ["scenarios"][0]["steps"] == 7), "SIGHUP reloads the file")
        # the old instance's version went out of the catalog 51 loads ago
        statuses = [m.request("GET", "/api/sessions", headers=hdr).status
                    for _ in range(2)]
        left = next_step(m, "old")
        tap.ok(statuses == [200, 200] and "the 3 steps" in left and "used up" in left,
               "instance 'old' finishes the 3 steps of the version it started with",
               "%r, next %r" % (statuses, left))
        tap.eq(m.request("POST", "/__mock/reset?instance=old").status, 200,
               "instance 'old' resets to the start of its own version")
        tap.eq(m.request("DELETE", "/__mock/instances?instance=old").status, 204,
               "and is dropped, its version with it")
    finally:
        check_clean_stop(tap, m, "ASan and LSan are quiet, the server stops cleanly")


def main():
    tap = Tap()
    tmp = tempfile.mkdtemp()
    for t in (lambda: rss_flat(tap), lambda: instances_across_reloads(tap, tmp)):
        try:
            t()
        except Exception as e:  # a crash is a failure, not a skipped test
            tap.ok(False, "the test ran to its end", repr(e))
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
