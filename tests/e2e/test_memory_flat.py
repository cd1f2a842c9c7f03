#!/usr/bin/env python3
"""The mock's memory stays flat under load: 120,000 requests of a create /
get / list / delete mix on 64 keep-alive connections (tests/bench/soak.c)
leave its RSS within a few MB of where it stood after the first 20 %.

The store holds at most 64 sessions throughout, so whatever RSS gains is
fragmentation or a leak.  Rebuilding the shared list by doubling a buffer
from 64 B on every change of the store grew RSS by ~30 MB over this run.

It runs the plain build (build/), not the sanitizer one: ASan has its own
allocator, so only the plain binary shows what glibc's heap does.  The
journal is kept to 100 entries: it is bounded, but its default 5,000
slots each keep their buffer's high-water mark and take ~100,000 requests
of this mix to reach it (~45 MB), longer than this test's warm-up.  The
bound is generous for a loaded machine; `make soak` is the full measure
(1,000,000 requests at 64 and at 4 connections, default settings).
"""
import os
import subprocess
import sys

from harness import ROOT, Mock, Tap, check_clean_stop

PLAIN = os.path.join(ROOT, os.environ.get("PLAIN_BUILD", "build"))
CONNS = 64
REQUESTS = 120000
WARMUP_PCT = 20
MAX_GROWTH_KB = 8 * 1024


def main():
    tap = Tap()
    client = os.path.join(PLAIN, "tests", "bench", "soak")
    binary = os.path.join(PLAIN, "mock")
    missing = [p for p in (client, binary) if not os.access(p, os.X_OK)]
    if not tap.ok(not missing, "the plain build's mock and soak client are built",
                  "missing %s (make test builds them)" % " ".join(missing)):
        return tap.done()
    m = Mock("--quiet", "--threads", str(CONNS), "--journal", "100", binary=binary)
    try:
        run = subprocess.run(
            [client, "-c", str(CONNS), "-n", str(REQUESTS), "-s", "10",
             "-w", str(WARMUP_PCT), str(m.port), str(m.proc.pid)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        out = run.stdout.decode()
        summary = [l for l in out.splitlines() if l.startswith("soak ")]
        fields = dict(kv.split("=", 1) for kv in summary[0].split()[1:]) if summary else {}
        tap.ok(run.returncode == 0 and fields.get("errors") == "0",
               "every one of the %d requests is answered as expected" % REQUESTS,
               out + run.stderr.decode())
        growth = int(fields.get("growth_kb", -1))
        tap.ok(0 <= growth <= MAX_GROWTH_KB,
               "RSS grows at most %d kB after warm-up (%d connections)"
               % (MAX_GROWTH_KB, CONNS), out)
        print("# RSS kB: start %s, after warm-up %s, end %s, growth %s"
              % (fields.get("start_kb"), fields.get("warm_kb"),
                 fields.get("end_kb"), fields.get("growth_kb")))
    finally:
        check_clean_stop(tap, m)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
