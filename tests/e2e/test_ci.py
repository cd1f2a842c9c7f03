#!/usr/bin/env python3
"""CI wrapping and reload: --exit-when-done, --transcript FILE, --watch
and SIGHUP."""
import os
import signal
import subprocess
import sys
import tempfile
import time

from harness import ROOT, SANITIZER, Mock, Tap, check_clean_stop, run_checks

SCENARIOS = os.path.join(ROOT, "scenarios")
CREATE = '{"path": "%s", "type": "notebook"}'
STRICT = "scenario: strict\nsteps:\n  - match: {operation: sessionsCreate}\n"


def wait_exit(m, timeout=20):
    """The exit status of a mock that should end by itself, and its stderr."""
    try:
        status = m.proc.wait(timeout)
    except subprocess.TimeoutExpired:
        m.proc.kill()
        status = m.proc.wait()
        status = "hung"
    if m.conn:
        m.conn.close()
    m.proc.stdout.close()
    return status, m.stderr()


def poll(cond, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def exit_when_done(tap, tmp):
    m = Mock("--quiet", "--exit-when-done", "--scenario", os.path.join(SCENARIOS, "create-501.yaml"))
    m.request("POST", "/api/sessions", CREATE % "a")
    m.request("POST", "/api/sessions", CREATE % "b")
    status, err = wait_exit(m)
    tap.eq(status, 0, "--exit-when-done: the mock exits 0 once every step is taken")
    tap.ok("scenario 'create-501' done: every step taken" in err and not SANITIZER.search(err),
           "it says so on stderr", err[-1000:])

    path = os.path.join(tmp, "strict.yaml")
    with open(path, "w") as f:
        f.write(STRICT)
    m = Mock("--quiet", "--exit-when-done", "--scenario", path)
    r = m.request("GET", "/api/sessions")
    tap.eq(r.status, 400, "an off-script request is answered 400")
    status, err = wait_exit(m)
    tap.eq(status, 1, "--exit-when-done: an off-script request ends the mock with 1")
    tap.ok("1 request off script" in err and "off script: GET /api/sessions (journal entry 1)" in err
           and "still expects step 1" in err, "the report names the request and the step missed", err[-1000:])

    m = Mock("--quiet", "--exit-when-done", "--scenario", os.path.join(SCENARIOS, "create-501.yaml"))
    m.request("POST", "/api/sessions", CREATE % "a")
    m.proc.send_signal(signal.SIGTERM)
    status, err = wait_exit(m)
    tap.eq(status, 1, "--exit-when-done: SIGTERM before the end exits 1")
    tap.ok("not done cleanly: 0 requests off script; state 'main' still expects step 2" in err,
           "the report says which step was missed", err[-1000:])


def transcript(tap, tmp):
    out = os.path.join(tmp, "run.txt")
    m = Mock("--quiet", "--transcript", out, "--scenario", os.path.join(SCENARIOS, "create-501.yaml"))
    m.request("POST", "/api/sessions", CREATE % "a")
    m.request("GET", "/api/sessions")
    live = m.request("GET", "/__mock/transcript").body
    check_clean_stop(tap, m)
    with open(out, "rb") as f:
        tap.eq(f.read(), live, "--transcript FILE writes the transcript at exit")


def reload(tap, tmp):
    path = os.path.join(tmp, "live.yaml")
    with open(path, "w") as f:
        f.write("scenario: live\noff_script: state\nsteps:\n  - match: {operation: sessionsCreate}\n"
                "    respond: {status: 500}\n")
    m = Mock("--quiet", "--watch", "--scenario", path)
    tap.eq(m.request("POST", "/api/sessions", CREATE % "a").status, 500, "the first version answers")

    def steps():
        s = m.request("GET", "/__mock/scenarios").json()
        return s["scenarios"][0]["steps"], s["reload_errors"]
    time.sleep(0.02)  # a different mtime even on coarse clocks
    with open(path, "w") as f:
        f.write("scenario: live\noff_script: state\nsteps:\n  - match: {operation: sessionsCreate}\n"
                "    respond: {status: 501, example: kernelNotAvailable}\n"
                "  - match: {operation: sessionsCreate}\n")
    tap.ok(poll(lambda: steps()[0] == 2), "--watch: a changed file is reloaded", steps())
    tap.eq(m.request("POST", "/api/sessions", CREATE % "b").status, 501,
           "the shared instance replays the new version from its start")
    with open(path, "w") as f:
        f.write("scenario: live\nsteps:\n  - match: {operation: nope}\n")
    tap.ok(poll(lambda: steps()[1] != []), "a broken file is reported in GET /__mock/scenarios", steps())
    tap.ok(steps()[1][0].startswith(path + ":3:24: error: unknown operation 'nope'"),
           "with its --check message", steps())
    tap.eq((steps()[0], m.request("POST", "/api/sessions", CREATE % "c").status), (2, 201),
           "the previous version serves on")
    check_clean_stop(tap, m)
    tap.ok("not reloaded, the previous version serves on" in m.stderr(), "the log says it too", m.stderr()[-800:])

    with open(path, "w") as f:
        f.write("scenario: live\noff_script: state\nsteps: []\n")
    m = Mock("--quiet", "--scenario", path)
    with open(path, "w") as f:
        f.write("scenario: live\noff_script: state\nsteps:\n  - match: {operation: sessionsList}\n")
    m.proc.send_signal(signal.SIGHUP)
    tap.ok(poll(lambda: steps()[0] == 1), "SIGHUP reloads the scenario files (no --watch)")
    check_clean_stop(tap, m)


def main():
    return run_checks(Tap(), (exit_when_done, transcript, reload), tempfile.mkdtemp())


if __name__ == "__main__":
    sys.exit(main())
