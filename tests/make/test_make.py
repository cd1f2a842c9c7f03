#!/usr/bin/env python3
"""The Makefile as a new user meets it: `make deps` (shared by `make run`,
`make test` and .ci/run) installs what is missing as root and otherwise
prints the apt-get line and stops; a missing build dependency is named
with its Debian package before anything compiles; `make run` serves the
scenario asked for (or fails naming it) and its first stdout line is the
address it listens on; prove's summary counts the skipped checks.

No package is installed here: the root path runs a fake apt-get that
records its arguments, the non-root path runs as nobody."""
import http.client
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "e2e"))
from harness import ROOT, SANITIZER, Tap  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
NOBODY = 65534
NO_SUCH_PACKAGE = "jsm-no-such-package"


def clean_env(**extra):
    """The environment without the outer make's flags (jobserver, -s)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    env.update(extra)
    return env


def as_nobody(cmd):
    """cmd run as an unprivileged user (as it is, when we are not root)."""
    if os.getuid() != 0:
        return cmd
    return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"] + cmd


def make(args, timeout=120, user=None):
    cmd = ["make", "--no-print-directory", "-C", ROOT] + args
    if user == "nobody":
        cmd = as_nobody(cmd)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=clean_env())


def deps_checks(tap, tmp):
    line = "  apt-get update && apt-get install -y %s" % NO_SUCH_PACKAGE
    if os.getuid() == 0 and not shutil.which("setpriv"):
        tap.skip("not root: make test prints the apt-get line and stops", "setpriv is absent")
    else:
        r = make(["test", "APT_TEST=%s" % NO_SUCH_PACKAGE], user="nobody")
        tap.ok(r.returncode != 0 and line in r.stdout.splitlines()
               and "prove" not in r.stdout + r.stderr,
               "not root: make test prints the exact apt-get line for what is missing and stops",
               "exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr[-1500:]))
        r = make(["run", "APT_BUILD=%s" % NO_SUCH_PACKAGE, "PORT=0"], user="nobody")
        tap.ok(r.returncode != 0 and line in r.stderr.splitlines() and "listening" not in r.stdout,
               "not root: make run prints the same apt-get line (on stderr) and stops",
               "exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr[-1500:]))
    if os.getuid() != 0:
        tap.skip("root: make deps installs what is missing", "not root")
    else:
        log = os.path.join(tmp, "apt.log")
        fake = os.path.join(tmp, "apt-get")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\necho \"$*\" >> %s\n" % log)
        os.chmod(fake, 0o755)
        r = make(["deps", "APT_GET=" + fake, "APT_TEST=chromium %s" % NO_SUCH_PACKAGE])
        got = open(log).read() if os.path.exists(log) else ""
        tap.eq((r.returncode, got), (0, "update\ninstall -y %s\n" % NO_SUCH_PACKAGE),
               "root: make deps runs apt-get update, then installs only what is missing")
    with open(os.path.join(ROOT, ".ci", "run")) as f:
        ci = f.read()
    tap.ok(("make deps" in ci or "make test" in ci) and "libcivetweb-dev" not in ci
           and "apt-get" not in ci,
           ".ci/run lists no package of its own: the Makefile's deps step installs them", ci)


def build_deps_checks(tap, tmp):
    cases = [
        (["PKG_CONFIG=jsm-no-pkg-config"], "make: pkg-config is missing: apt-get install -y pkg-config",
         "without pkg-config the build says so and names the package"),
        (["CFLAGS=--sysroot=" + os.path.join(tmp, "empty-root")],
         "make: civetweb.h is missing: apt-get install -y libcivetweb-dev",
         "without civetweb.h the build names libcivetweb-dev"),
    ]
    for i, (args, want, name) in enumerate(cases):
        build = os.path.join(tmp, "build-%d" % i)
        r = make(["BUILD=" + build] + args + [build + "/mock"])
        objects = [f for _, _, files in os.walk(build) for f in files if f.endswith(".o")]
        tap.ok(r.returncode != 0 and want in r.stderr.splitlines() and not objects
               and "undefined reference" not in r.stderr,
               name + ", before compiling anything",
               "exit %d, %d objects\n%s" % (r.returncode, len(objects), r.stderr[-1500:]))


def run_checks(tap, tmp):
    missing = os.path.join(tmp, "missing.yaml")
    try:
        r = make(["run", "BUILD=" + BUILD, "SANITIZE=%s" % os.environ.get("SANITIZE", "1"),
                  "PORT=0", "SCENARIO=" + missing], timeout=120)
        tap.ok(r.returncode != 0 and "%s:1:1: error: cannot open the file" % missing in r.stderr,
               "make run SCENARIO=missing.yaml fails naming the file",
               "exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr[-1500:]))
    except subprocess.TimeoutExpired:
        tap.ok(False, "make run SCENARIO=missing.yaml fails naming the file",
               "it was still running (serving something else) after 120 s")

    err = tempfile.TemporaryFile()
    proc = subprocess.Popen(["make", "--no-print-directory", "-C", ROOT, "run", "BUILD=" + BUILD,
                             "PORT=0"], stdout=subprocess.PIPE, stderr=err,
                            env=clean_env(), start_new_session=True)
    try:
        first = b""
        deadline = time.monotonic() + 120
        while not first.endswith(b"\n") and time.monotonic() < deadline and proc.poll() is None:
            ready, _, _ = select.select([proc.stdout], [], [], 1)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 1)
                if not chunk:
                    break
                first += chunk
        m = re.match(rb"mock: listening on http://127\.0\.0\.1:(\d+)\n$", first)
        tap.ok(m is not None and int(m.group(1)) != 0,
               "make run PORT=0: the first stdout line is 'mock: listening on http://127.0.0.1:PORT'",
               "first line %r" % first)
        if m:
            c = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=10)
            c.request("GET", "/api/sessions")
            tap.eq(c.getresponse().status, 200, "make run PORT=0: that port answers")
            c.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()
    err.seek(0)
    text = err.read().decode("utf-8", "replace")
    tap.ok(not SANITIZER.search(text), "make run's server stops without a sanitizer report", text[-1500:])


def skip_summary_checks(tap, tmp):
    script = os.path.join(tmp, "t_skips.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\necho 'ok 1 - ran'\necho 'ok 2 - the browser test # skip chromium is absent'\n"
                "echo 1..2\n")
    os.chmod(script, 0o755)
    r = subprocess.run(["prove", "-e", "", "--formatter", "SkipSummary", script], capture_output=True,
                       text=True, timeout=60, cwd=tmp,
                       env=clean_env(PERL5LIB=os.path.join(ROOT, "tests", "tap")))
    lines = r.stdout.splitlines()
    tap.ok("Skipped: 1 check, not run:" in lines
           and "  %s 2 the browser test: chromium is absent" % script in lines
           and lines[-1] == "Result: PASS",
           "make test's summary counts the skipped checks and says why; the last line stays Result: PASS",
           r.stdout + r.stderr)
    with open(os.path.join(ROOT, "Makefile")) as f:
        tap.ok("--formatter SkipSummary" in f.read(), "make test's prove uses that summary")


def main():
    tap = Tap()
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        deps_checks(tap, tmp)
        build_deps_checks(tap, tmp)
        skip_summary_checks(tap, tmp)
        run_checks(tap, tmp)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
