#!/usr/bin/env python3
"""A real browser (Debian's chromium, driven by playwright-core from
tests/e2e/browser/) uses the mock with fetch() from a page of another
origin (another port of 127.0.0.1), as a JupyterLab served elsewhere does:
a text/plain POST (no preflight), an application/json POST (preflighted),
list, get, PATCH and DELETE.  With --cors off the same fetches must fail
in the page with a TypeError, so this test can fail, and the mock must
refuse the write that needs no preflight, as Jupyter does.

Needs /usr/bin/chromium, node and `npm ci --prefix tests/e2e/browser`;
without them every check is reported as skipped.
"""
import json
import os
import re
import signal
import subprocess

from harness import BROWSER_DIR, CHROMIUM, Mock, Tap, browser_missing, check_clean_stop

RUNNER = os.path.join(BROWSER_DIR, "run.mjs")
RUN_TIMEOUT = 120  # seconds; run.mjs has its own 60 s watchdog
LOG_LINE = re.compile(r"^(GET|POST|PATCH|DELETE|OPTIONS|PUT|HEAD) (\S+) (\d{3}) ")

ON_CHECKS = [
    "the page is served from another origin than the mock",
    "a text/plain POST from the page gets 201 and the page reads the session JSON and Location",
    "the text/plain POST reaches the mock without a preflight",
    "an application/json POST is preflighted (OPTIONS 200) and gets 201 with a readable Location",
    "GET of the list from the page gives 200, both sessions and a readable Etag",
    "a preflighted PATCH from the page gives 200 with the new name",
    "a preflighted DELETE from the page gives 204, then GET of it a JSON 404 the page can read",
    "the mock with --cors on stops cleanly",
]
OFF_CHECKS = [
    "with --cors off, a text/plain POST fails in the page with a TypeError and creates nothing "
    "(Jupyter's Origin check: a cross-site write is refused)",
    "with --cors off, an application/json POST fails with a TypeError and never reaches the mock",
    "with --cors off, GET of the list fails in the page with a TypeError",
    "the mock with --cors off stops cleanly",
]


def run_browser(port, mode):
    """Returns (result dict or None, diagnostic text)."""
    proc = subprocess.Popen(["node", RUNNER, "http://127.0.0.1:%d" % port, mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, CHROMIUM=CHROMIUM), cwd=BROWSER_DIR)
    try:
        out, err = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        # SIGTERM first: playwright then closes the browser it launched.
        proc.send_signal(signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        return None, "run.mjs timed out after %d s\n%s" % (RUN_TIMEOUT, err.decode("utf-8", "replace"))
    diag = "run.mjs exit %d\n%s" % (proc.returncode, err.decode("utf-8", "replace")[-3000:])
    if proc.returncode != 0:
        return None, diag
    try:
        return json.loads(out.decode("utf-8").strip().splitlines()[-1]), diag
    except (ValueError, IndexError):
        return None, diag + "\nstdout: %r" % out[:2000]


def mock_log(mock):
    """The mock's request log as (method, uri, status) tuples, in order."""
    lines = []
    for line in mock.stderr().splitlines():
        m = LOG_LINE.match(line)
        if m:
            lines.append((m.group(1), m.group(2), int(m.group(3))))
    return lines


def preflighted(log, method, path_prefix):
    """True when every METHOD request on path_prefix came right after an
    OPTIONS of the same URI answered 200."""
    hits = [i for i, (m, uri, _) in enumerate(log) if m == method and uri.startswith(path_prefix)]
    return bool(hits) and all(i > 0 and log[i - 1][0] == "OPTIONS" and log[i - 1][1] == log[i][1]
                              and log[i - 1][2] == 200 for i in hits)


def check_cors_on(tap):
    mock = Mock()  # not --quiet: its request log shows the preflights
    res, diag = run_browser(mock.port, "cors-on")
    if res is None:
        for name in ON_CHECKS[:-1]:
            tap.ok(False, name, diag)
        check_clean_stop(tap, mock, ON_CHECKS[-1])
        return
    s = res["steps"]
    show = lambda *keys: json.dumps({k: s.get(k) for k in keys}, indent=1)[:3000]
    tap.ok(res["origin"] != "http://127.0.0.1:%d" % mock.port and res["origin"].startswith("http://127.0.0.1:"),
           ON_CHECKS[0], res["origin"])

    plain = s["plain"]
    sid = (plain.get("json") or {}).get("id")
    tap.ok(plain.get("status") == 201 and plain["json"].get("path") == "plain.ipynb"
           and plain["json"]["kernel"]["name"] == "python3"
           and plain.get("location") == "/api/sessions/%s" % sid
           and plain.get("contentType") == "application/json", ON_CHECKS[1], show("plain"))

    log = mock_log(mock)
    first_post = next((i for i, e in enumerate(log) if e[0] == "POST"), None)
    tap.ok(first_post is not None and all(e[0] != "OPTIONS" for e in log[:first_post]),
           ON_CHECKS[2], "\n".join(map(str, log)))

    js = s["json"]
    sid2 = (js.get("json") or {}).get("id")
    posts = [e for e in log if e[0] == "POST"]
    tap.ok(js.get("status") == 201 and js["json"].get("path") == "json.ipynb"
           and js.get("location") == "/api/sessions/%s" % sid2 and len(posts) == 2
           and any(e[0] == "OPTIONS" and e[1] == posts[1][1] and e[2] == 200 for e in log),
           ON_CHECKS[3], show("json") + "\n" + "\n".join(map(str, log)))

    lst = s["list"]
    tap.ok(lst.get("status") == 200 and isinstance(lst.get("json"), list)
           and [x["id"] for x in lst["json"]] == [sid, sid2]
           and re.match(r'^"[0-9a-f]{40}"$', lst.get("etag") or ""), ON_CHECKS[4], show("list"))

    tap.ok(s["patch"].get("status") == 200 and s["patch"]["json"].get("name") == "renamed.ipynb"
           and s["patch"]["json"].get("id") == sid and preflighted(log, "PATCH", "/api/sessions/"),
           ON_CHECKS[5], show("patch") + "\n" + "\n".join(map(str, log)))

    gone = s["gone"]
    tap.ok(s["del"].get("status") == 204 and s["del"].get("text") == ""
           and gone.get("status") == 404 and isinstance((gone.get("json") or {}).get("message"), str)
           and [x["id"] for x in s["listAfter"].get("json") or []] == [sid]
           and preflighted(log, "DELETE", "/api/sessions/"),
           ON_CHECKS[6], show("del", "gone", "listAfter") + "\n" + "\n".join(map(str, log)))
    check_clean_stop(tap, mock, ON_CHECKS[-1])


def check_cors_off(tap):
    mock = Mock("--cors", "off")
    res, diag = run_browser(mock.port, "cors-off")
    if res is None:
        for name in OFF_CHECKS[:-1]:
            tap.ok(False, name, diag)
        check_clean_stop(tap, mock, OFF_CHECKS[-1])
        return
    s = res["steps"]
    # What reached the mock, asked directly (no Origin header).
    paths = [x["path"] for x in mock.request("GET", "/api/sessions").json()]
    detail = json.dumps(s, indent=1) + "\nsessions on the mock: %r\nconsole: %s" % (
        paths, "\n".join(res.get("console", [])))
    tap.ok(s["plain"].get("error") == "TypeError" and "off-plain.ipynb" not in paths,
           OFF_CHECKS[0], detail)
    tap.ok(s["json"].get("error") == "TypeError" and "off-json.ipynb" not in paths,
           OFF_CHECKS[1], detail)
    tap.ok(s["list"].get("error") == "TypeError", OFF_CHECKS[2], detail)
    check_clean_stop(tap, mock, OFF_CHECKS[-1])


def main():
    tap = Tap()
    why = browser_missing()
    if why:
        for name in ON_CHECKS + OFF_CHECKS:
            tap.skip(name, why)
        return tap.done()
    check_cors_on(tap)
    check_cors_off(tap)
    return tap.done()


if __name__ == "__main__":
    raise SystemExit(main())
