#!/usr/bin/env python3
"""The mock's command line as a new user types it: a bad value is a usage
error (exit 2) that shows the form expected, nothing is bound or served;
--port 0 binds a free port and the first stdout line names it."""
import os
import subprocess
import sys
import tempfile

from harness import MOCK, SANITIZER, Mock, Tap, check_clean_stop


def refused(tap, args, want, name):
    r = subprocess.run([MOCK, "--port", "0"] + args, capture_output=True, text=True, timeout=30)
    tap.ok(r.returncode == 2 and r.stdout == "" and r.stderr == want + "\n"
           and not SANITIZER.search(r.stderr), name,
           "exit %d\nstdout %r\nstderr %r\nwant   %r" % (r.returncode, r.stdout, r.stderr, want))


def main():
    tap = Tap()
    refused(tap, ["--host", "999.1.1.1"],
            "mock: bad value '999.1.1.1' for --host: expected an IPv4 address such as 127.0.0.1, or localhost",
            "--host 999.1.1.1 is a usage error, not a bind to 231.1.1.1")
    refused(tap, ["--host", "::1"],
            "mock: bad value '::1' for --host: IPv6 is not supported by this civetweb build; "
            "use an IPv4 address or localhost",
            "an IPv6 --host says this civetweb build does not support it")
    refused(tap, ["--seed", "18446744073709551616"],
            "mock: bad value '18446744073709551616' for --seed: expected an integer from 0 to 18446744073709551615",
            "--seed 2^64 is a usage error, not clamped")
    refused(tap, ["--check"], "mock: --check needs at least one scenario file (try --help)",
            "--check with no file is a usage error (exit 2)")
    refused(tap, ["--clock-step", "5"],
            "mock: bad value '5' for --clock-step: expected a duration with its unit such as 250us, 5ms or 2s",
            "--clock-step 5 (no unit) is a usage error showing the expected form")

    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
        f.write("scenario: x\nsteps:\n  - fault: {delay: 2}\n")
        f.flush()
        r = subprocess.run([MOCK, "--check", f.name], capture_output=True, text=True, timeout=30)
        tap.eq((r.returncode, r.stderr),
               (1, "%s:3:20: error: 'delay' must be a duration such as 250us, 5ms or 2s\n" % f.name),
               "a scenario's 'delay: 2' (no unit) is an error at its place")

    m = Mock("--seed", "18446744073709551615", "--quiet")
    tap.ok(m.port != 0, "--port 0 binds a free port and the first stdout line names it")
    r = m.request("POST", "/api/sessions", '{"path": "a.ipynb", "type": "notebook"}')
    tap.eq(r.status, 201, "--seed 2^64-1 is taken and the server answers")
    check_clean_stop(tap, m)

    m = Mock("--host", "localhost", "--quiet")
    tap.eq(m.request("GET", "/api").status, 200, "--host localhost is served")
    check_clean_stop(tap, m, "the localhost server stops cleanly")
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
