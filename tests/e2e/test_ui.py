#!/usr/bin/env python3
"""The demo page at /__mock/ui in a real browser (Debian's chromium driven
by the pinned playwright-core, tests/e2e/browser/ui.mjs): it loads and goes
live, a session created through it (by keyboard) is listed and journaled,
renamed and deleted through the real API, the page switches the mock to
the server-error-500 scenario and its error is shown in the server's
words, the next step and the coverage are shown, a screenshot is
taken into the test output, and when the mock restarts on the same port
the page comes back by itself.  Any console error fails it, but the
browser's own lines for the answers the steps expect (the 500; connection
refused while the mock is down).

Needs /usr/bin/chromium, node and `npm ci --prefix tests/e2e/browser`
(`make deps` installs them); without them the checks are skipped.
"""
import atexit
import json
import os
import re
import select
import subprocess
import time

from harness import BUILD, ROOT, Mock, Tap, check_clean_stop, BROWSER_DIR, CHROMIUM, browser_missing

RUNNER = os.path.join(BROWSER_DIR, "ui.mjs")
SHOT = os.path.join(BUILD, "test-output", "ui-demo.png")
RUN_TIMEOUT = 150  # seconds; ui.mjs has its own 90 s watchdog
ALLOWED = {"error": re.compile(r"^Failed to load resource: the server responded with a status of 500"),
           "restart": re.compile(r"^Failed to load resource: net::ERR_(CONNECTION_REFUSED|EMPTY_RESPONSE|CONNECTION_RESET)")}
CHECKS = [
    "the page loads from the mock and goes live",
    "a session created through the page (Enter in its form) is listed and its POST 201 journaled",
    "renaming it by keyboard goes through the real PATCH and is listed",
    "deleting it through the page empties the list and journals the DELETE 204",
    "the page switches the mock to the server-error-500 scenario from its list, by keyboard",
    "the scenario's 500 is shown in the server's words and journaled",
    "the scenario panel shows the scenario and what it expects next",
    "the coverage panel counts the operations the page used",
    "a client's instance is listed, and dropped by the page",
    "a screenshot is written into the test output",
    "when the mock restarts on the same port the page comes back live by itself",
    "no console error but the browser's lines for the expected answers, no page error",
    "the first mock stops cleanly",
    "the restarted mock stops cleanly",
]


def kill_at_exit(server):
    """Kills server at exit if a failure left it running (its stop() is the
    normal way out; this is for an exception midway)."""
    atexit.register(lambda: server.proc.poll() is None and server.proc.kill())
    return server


def read_line(proc, deadline):
    """One stdout line of proc before deadline, or None."""
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if not ready:
            return None
        chunk = os.read(proc.stdout.fileno(), 1)
        if not chunk:
            return None
        line += chunk
    return line.decode("utf-8", "replace")


def drive(tap):
    os.makedirs(os.path.dirname(SHOT), exist_ok=True)
    if os.path.exists(SHOT):
        os.remove(SHOT)
    mock = kill_at_exit(Mock("--quiet"))
    port = mock.port
    # A client of its own: the page lists its instance and drops it.
    mock.request("GET", "/api/sessions", headers={"X-Mock-Scenario": "demo; instance=w1"})
    proc = subprocess.Popen(["node", RUNNER, "http://127.0.0.1:%d" % port, SHOT],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, CHROMIUM=CHROMIUM), cwd=BROWSER_DIR)
    deadline = time.monotonic() + RUN_TIMEOUT
    restarted = None
    first_stop = None
    dropped = None
    result = None
    try:
        line = read_line(proc, deadline)
        if line == "restart\n":
            dropped = mock.request("GET", "/__mock/instances", fresh=True)
            first_stop = mock.stop()
            restarted = kill_at_exit(Mock("--quiet", "--port", str(port)))
            proc.stdin.write(b"go\n")
            proc.stdin.flush()
            line = read_line(proc, deadline)
        if line:
            result = json.loads(line)
    except (ValueError, RuntimeError, OSError) as e:
        result = None
        tap.ok(False, "the browser run gives its result", str(e))
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            _, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    diag = "ui.mjs exit %s\n%s" % (proc.returncode, err.decode("utf-8", "replace")[-3000:])
    return mock, first_stop, restarted, result, diag, dropped


def main():
    tap = Tap()
    why = browser_missing()
    if why:
        for name in CHECKS:
            tap.skip(name, why)
        return tap.done()
    mock, first_stop, restarted, res, diag, dropped = drive(tap)
    s = (res or {}).get("steps", {})
    show = lambda k: "%s: %r\n%s" % (k, s.get(k), diag if not res else "")
    tap.ok(s.get("live") == "Jupyter Sessions mock", CHECKS[0], show("live"))
    tap.ok(isinstance(s.get("created"), str) and "201" in s["created"], CHECKS[1], show("created"))
    tap.ok(s.get("renamed") is True, CHECKS[2], show("renamed"))
    tap.ok(s.get("deleted") is True, CHECKS[3], show("deleted"))
    tap.ok(isinstance(s.get("switched"), str) and "/__mock/scenarios/select" in s["switched"]
           and "server-error-500" in s["switched"], CHECKS[4], show("switched"))
    tap.ok(isinstance(s.get("error"), str) and "\u2192 500: Unhandled error" in s["error"],
           CHECKS[5], show("error"))
    tap.ok(isinstance(s.get("scenario"), str) and s["scenario"].startswith("server-error-500"),
           CHECKS[6], show("scenario"))
    tap.ok(isinstance(s.get("coverage"), str) and re.match(r"operations [1-9]\d*/\d+ ", s["coverage"]),
           CHECKS[7], show("coverage"))
    tap.ok(s.get("instances") is True and dropped is not None and dropped.status == 200
           and [i["instance"] for i in dropped.json()["instances"]] == [""], CHECKS[8],
           show("instances") + "\n%r" % (dropped and dropped.body))
    png = open(SHOT, "rb").read(8) if os.path.exists(SHOT) else b""
    tap.ok(s.get("screenshot") == SHOT and png == b"\x89PNG\r\n\x1a\n", CHECKS[9], show("screenshot"))
    if png:
        print("# screenshot: %s (%d bytes)" % (os.path.relpath(SHOT, ROOT), os.path.getsize(SHOT)))
    tap.ok(isinstance(s.get("reconnected"), str) and "restarted" in s["reconnected"], CHECKS[10],
           show("reconnected"))
    bad = [c for c in (res or {}).get("console", [])
           if not (c.split(": ", 1)[0] in ALLOWED and ALLOWED[c.split(": ", 1)[0]].match(c.split(": ", 1)[1]))]
    tap.ok(res is not None and not bad and not res.get("pageErrors"), CHECKS[11],
           "\n".join(bad + (res or {}).get("pageErrors", [])) or diag)
    if first_stop is None:
        check_clean_stop(tap, mock, CHECKS[12])
    else:
        status, problems = first_stop
        tap.ok(status == 0 and not problems, CHECKS[12], "exit %s\n%s" % (status, "\n".join(problems)))
    if restarted:
        check_clean_stop(tap, restarted, CHECKS[13])
    else:
        tap.ok(False, CHECKS[13], "the mock was never restarted\n" + diag)
    return tap.done()


if __name__ == "__main__":
    raise SystemExit(main())
