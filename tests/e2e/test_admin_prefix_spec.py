#!/usr/bin/env python3
"""A spec with a path under /__mock/ is refused at start-up: the admin API
owns that prefix, and a mock of the spec would hide the spec's operation
behind it.  The mock built from tests/e2e/specs/refused/admin-prefix.yaml
(`make SPEC=file`, as test_other_specs.py builds other specs) exits 1
before it listens, and says which path, on which line, and why."""
import os
import subprocess
import sys

from harness import ROOT, Tap

SPEC = os.path.join(ROOT, "tests", "e2e", "specs", "refused", "admin-prefix.yaml")
BUILD_DIR = "build-spec-admin-prefix"


def main():
    tap = Tap()
    r = subprocess.run(["make", "-s", "BUILD=" + BUILD_DIR, "SPEC=" + SPEC, "OPT=-O0 -g",
                        BUILD_DIR + "/mock"],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    if not tap.ok(r.returncode == 0, "make SPEC=admin-prefix.yaml builds a mock",
                  r.stderr[-2000:]):
        return tap.done()
    try:
        run = subprocess.run([os.path.join(ROOT, BUILD_DIR, "mock"),
                              "--host", "127.0.0.1", "--port", "0"],
                             capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired as e:
        # it started serving: kill is done by subprocess.run on timeout
        tap.ok(False, "the mock refuses to start", repr(e))
        return tap.done()
    tap.eq(run.returncode, 1, "the mock exits 1 at start-up")
    tap.eq(run.stdout, "", "before it listens (no port reported)")
    want = ("mock: %s:18: error: GET /__mock/stats (operation 'stats') is under "
            "/__mock/, which the mock's admin API owns: rename the path to serve "
            "this spec\n" % SPEC)
    tap.eq(run.stderr, want, "stderr names the spec file, the line, the operation and why")
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
