#!/usr/bin/env python3
"""Writing a scenario as a new user does, from scenarios/README.md: a
{session} placeholder in a step's path matches any id; the off-script
400 names every part of the step the request missed and shows a fixed id
as that id; a kernel 501 names the kernel the request asked for (the
default one when it names none); a fault schedule can fire once; a
template names an initial session by path or id (no ids worked out from
the seed); and every figure in the shipped scenarios' descriptions is
what the scenario does."""
import json
import os
import re
import socket
import sys
import tempfile
import time

from harness import ROOT, Mock, Tap, check_clean_stop

SID = "2d4e6f80-1a3b-4c5d-8e7f-90a1b2c3d401"
OTHER = "2d4e6f80-1a3b-4c5d-8e7f-90a1b2c3d402"
UNAVAILABLE = ("The '%s' kernel is not available. Please pick another suitable kernel "
               "instead, or install that kernel.")


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


PLACEHOLDER = """\
scenario: placeholder
initial:
  sessions:
    - {id: %s, path: a.ipynb, type: notebook}
    - {id: %s, path: b.ipynb, type: notebook}
steps:
  - name: any session
    match: {method: GET, path: "/api/sessions/{session}"}
    repeat: 2
  - name: the rename of a
    match:
      method: PATCH
      path: /api/sessions/%s
      body: {name: renamed.ipynb}
      query: {dry: "no"}
      headers: {X-Client: lab}
""" % (SID, OTHER, SID)


def placeholder_and_off_script(tap, tmp):
    m = Mock("--quiet", "--scenario", write(tmp, "placeholder.yaml", PLACEHOLDER))
    a = m.request("GET", "/api/sessions/" + SID)
    b = m.request("GET", "/api/sessions/" + OTHER)
    tap.eq((a.status, b.status), (200, 200),
           "a step's path /api/sessions/{session} loads and matches any session id")
    r = m.request("PATCH", "/api/sessions/" + OTHER + "?dry=yes", '{"name": "other.ipynb"}',
                  headers={"X-Client": "cli"})
    want = ("Off script: scenario 'placeholder' expected step 2 (the rename of a): sessionsUpdate "
            "(PATCH /api/sessions/%s) with body {\"name\":\"renamed.ipynb\"} query dry: 'no' "
            "header X-Client: 'lab' [not matched: session, query 'dry', header 'X-Client', body]; "
            "got PATCH /api/sessions/%s" % (SID, OTHER))
    tap.eq((r.status, r.json()["message"]), (400, want),
           "off script: the fixed id is shown as that id, and every part not matched is named")
    r = m.request("PATCH", "/api/sessions/" + SID + "?dry=no", '{"name": "renamed.ipynb"}',
                  headers={"X-Client": "lab"})
    tap.eq(r.status, 200, "a request matching every part takes the step")
    check_clean_stop(tap, m, "the placeholder scenario's server stops cleanly")


SCRIPTED_501 = """\
scenario: scripted-501
kernels: [python3, ir]
steps:
  - match: {operation: sessionsCreate}
    respond: {status: 501, example: kernelNotAvailable}
    repeat: 2
"""


def kernel_501(tap, tmp):
    m = Mock("--quiet", "--scenario", write(tmp, "scripted-501.yaml", SCRIPTED_501))
    r = m.request("POST", "/api/sessions", '{"path": "a.ipynb", "type": "notebook", "kernel": {"name": "ir"}}')
    tap.eq((r.status, r.json()), (501, {"message": UNAVAILABLE % "ir", "short_message": "ir not found"}),
           "a scripted kernelNotAvailable names the kernel the request asked for")
    r = m.request("POST", "/api/sessions", '{"path": "a.ipynb", "type": "notebook"}')
    tap.eq(r.json()["message"], UNAVAILABLE % "python3",
           "with no kernel in the request it names the default kernelspec, as the real server does")
    check_clean_stop(tap, m, "the scripted-501 server stops cleanly")

    m = Mock("--quiet")
    body = '{"path": "a.ipynb", "type": "notebook", "kernel": {"name": "julia"}}'
    for how, kw in (("Prefer: example=kernelNotAvailable", {"headers": {"Prefer": "example=kernelNotAvailable"}}),
                    ("Prefer: code=501", {"headers": {"Prefer": "code=501"}}),
                    ("?__example=kernelNotAvailable", {"path": "/api/sessions?__example=kernelNotAvailable"})):
        r = m.request("POST", kw.get("path", "/api/sessions"), body, headers=kw.get("headers"))
        tap.eq((r.status, r.json()), (501, {"message": UNAVAILABLE % "julia",
                                            "short_message": "julia not found"}),
               "%s names the kernel the request asked for" % how)
    r = m.request("POST", "/api/sessions", '{"path": "a.ipynb", "type": "notebook"}',
                  headers={"Prefer": "example=kernelNotAvailable"})
    tap.eq(r.json()["message"], UNAVAILABLE % "python3",
           "Prefer with no kernel in the request names the default kernelspec, not ''")
    r = m.request("PATCH", "/api/sessions/" + SID, '{"kernel": {"name": "julia"}}',
                  headers={"Prefer": "code=501"})
    tap.eq((r.status, r.json()["message"]),
           (501, "The 'julia' kernel could not be started: 'No such kernel named julia'"),
           "Prefer: code=501 on a PATCH names the kernel too")
    check_clean_stop(tap, m, "the Prefer server stops cleanly")


ONCE = """\
scenario: once
off_script: state
initial:
  sessions:
    - {path: first.ipynb, type: notebook}
    - {path: second.ipynb, type: notebook}
faults:
  - {every: 1, times: 1, match: {operation: sessionsList}, fault: empty}
steps:
  - name: two requests pass
    repeat: 2
  - name: then the first session's kernel dies
    then:
      - kill_kernel: "{{state.sessions[first.ipynb].kernel.id}}"
      - kernel_state: {kernel: "{{state.kernels[%s].id}}", execution_state: busy}
"""


def raw_get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % path).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return data
            data += chunk


def once_and_named(tap, tmp):
    m = Mock("--quiet", "--scenario", write(tmp, "once.yaml", ONCE.replace("%s", "second.ipynb")))
    first = raw_get(m.port, "/api/sessions")
    second = raw_get(m.port, "/api/sessions")
    tap.ok(first == b"" and second.startswith(b"HTTP/1.1 200"),
           "a fault schedule with times: 1 fires once, then never again",
           "%r / %r" % (first[:60], second[:60]))
    sessions = m.request("GET", "/api/sessions", fresh=True).json()  # 3rd request: the kill
    after = m.request("GET", "/api/sessions").json()
    tap.eq([s["path"] for s in after], ["second.ipynb"],
           "{{state.sessions[PATH]...}} names an initial session by path: its kernel was killed")
    tap.eq(after[0]["kernel"]["execution_state"], "busy",
           "{{state.kernels[PATH].id}} names a session's kernel by the session's path")
    check_clean_stop(tap, m, "the once server stops cleanly")
    by_id = ONCE.replace("first.ipynb]", sessions[0]["id"] + "]").replace("%s", sessions[1]["id"])
    m = Mock("--quiet", "--scenario", write(tmp, "once-by-id.yaml", by_id))
    raw_get(m.port, "/api/sessions")  # the one faulted request
    for _ in range(2):
        m.request("GET", "/api/kernels", fresh=True)
    after = m.request("GET", "/api/sessions").json()
    tap.eq(([s["path"] for s in after], after[0]["kernel"]["execution_state"]),
           (["second.ipynb"], "busy"), "the same templates name sessions by id")
    check_clean_stop(tap, m, "the once-by-id server stops cleanly")


# Every figure of a shipped scenario's description, and what backs it:
# a pattern the file must hold, "measured" (checked below by timing) or
# "a suggestion" (values to try, inside "e.g. ...").
FIGURES = {
    "create-501.yaml": {"501": r"status: 501"},
    "delete-410.yaml": {"410": r"status: 410", "404": r"kill_kernel", "1.23": r"kernelDeleted"},
    "demo.yaml": {"250": r"step: 250ms"},
    "flaky-network.yaml": {"10%": r"chance: 0\.1\n\s*seed: 7\n\s*fault: reset",
                           "7": r"seed: 7\n", "5th": r"every: 5\n\s*fault: empty",
                           "5%": r"chance: 0\.05\n\s*seed: 11", "11": r"seed: 11\n",
                           "32": r"fault: \{garbage: 32\}",
                           "3rd": r"repeat: 2\n.*\n.*\n\s*fault: \{truncate: 40\}",
                           "40": r"truncate: 40"},
    "kernel-culled.yaml": {"404": r"kill_kernel"},
    "not-found-404.yaml": {"404": r"status: 404"},
    "server-error-500.yaml": {"500": r"status: 500"},
    "slow-server.yaml": {"300": r"(?s)sessionsList\}\n\s*fault: \{delay: 300ms\}.*sessionsCreate\}\n\s*fault: \{delay: 300ms\}",
                         "1000": r"fault: \{drip: 1000\}", "0.6": "measured", "680": "measured",
                         "5s": "a suggestion", "50": "a suggestion"},
    "update-400.yaml": {"400": r"example: noJsonData"},
}
FIGURE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:%|st|nd|rd|th|s\b)?")


def figures(tap):
    unbacked = []
    for f in sorted(os.listdir(os.path.join(ROOT, "scenarios"))):
        if not f.endswith(".yaml"):
            continue
        text = open(os.path.join(ROOT, "scenarios", f)).read()
        m = re.search(r"^description: \|\n((?:  .*\n)+)", text, re.M)
        desc = m.group(1) if m else ""
        body = text.replace(desc, "")
        for fig in FIGURE.findall(desc):
            backing = FIGURES.get(f, {}).get(fig)
            if backing == "a suggestion":
                backing = r"e\.g\. [^)]*" + re.escape(fig)
                found = re.search(backing, desc.replace("\n", " "))
            else:
                found = backing == "measured" or (backing and re.search(backing, body))
            if not found:
                unbacked.append("%s: '%s' (%s)" % (f, fig, backing or "no rule"))
    tap.ok(not unbacked, "every figure in a shipped scenario's description is backed by the file",
           "\n".join(unbacked))
    desc = open(os.path.join(ROOT, "scenarios", "slow-server.yaml")).read()
    claim = re.search(r"about (\d+\.\d+) s for a session's (\d+) bytes", desc)
    m = Mock("--quiet", "--scenario", os.path.join(ROOT, "scenarios", "slow-server.yaml"))
    sid = json.loads(raw_get(m.port, "/api/sessions").split(b"\r\n\r\n", 1)[1])[0]["id"]
    start = time.monotonic()
    data = raw_get(m.port, "/api/sessions/" + sid)
    took = time.monotonic() - start
    check_clean_stop(tap, m, "the slow-server server stops cleanly")
    if not tap.ok(claim is not None, "slow-server's description says how long a session drips", desc):
        return
    secs, size = float(claim.group(1)), int(claim.group(2))
    # 1000 bytes/s drips 100 bytes every 100 ms, the first at once
    drip = (len(data) + 99) // 100 * 0.1 - 0.1
    tap.ok(abs(size - len(data)) <= 20 and abs(secs - drip) < 0.05 and took >= secs - 0.05,
           "slow-server: a session drips in about %.1f s as its description says" % secs,
           "the answer is %d bytes, drips in %.1f s, took %.2f s" % (len(data), drip, took))


def main():
    tap = Tap()
    with tempfile.TemporaryDirectory() as tmp:
        placeholder_and_off_script(tap, tmp)
        kernel_501(tap, tmp)
        once_and_named(tap, tmp)
    figures(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
