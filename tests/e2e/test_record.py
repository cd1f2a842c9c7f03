#!/usr/bin/env python3
"""mock record in front of Debian's real Jupyter Server: a session's life
(list, create, get, rename, its kernel, delete, the 404 after) and error
cases (an unknown kernelspec, a create without a path) go through the
recorder; the scenario it writes passes `mock --check`, has one step per
request named by operation and status, and, replayed by the mock, answers
the same requests with the same statuses and the same body bytes, up to a
one-to-one renaming of ids and times (the seeded and virtual ones).

Needs jupyter-server and python3-ipykernel (`make deps` installs them as
root) and ../shared/reference/start-jupyter.sh (JUPYTER_REFERENCE=dir to
use another); without them the Jupyter checks are skipped with the
reason.  The recorder's own errors (no upstream, bad options) are checked
always.
"""
import atexit
import json
import os
import re
import signal
import socket
import subprocess
import tempfile

from harness import MOCK, ROOT, Mock, Tap, check_clean_stop

REFERENCE = os.environ.get("JUPYTER_REFERENCE",
                           os.path.join(os.path.dirname(ROOT), "shared", "reference"))
START = os.path.join(REFERENCE, "start-jupyter.sh")
STOP = os.path.join(REFERENCE, "stop-jupyter.sh")
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")
CREATE = {"path": "a.ipynb", "name": "a.ipynb", "type": "notebook", "kernel": {"name": "python3"}}


def kill_at_exit(server):
    """Kills server at exit if a failure left it running (its stop() is the
    normal way out; this is for an exception midway)."""
    atexit.register(lambda: server.proc.poll() is None and server.proc.kill())
    return server


class Recorder(Mock):
    """`mock record` as a harness Mock: it prints its port the same way."""

    def __init__(self, *args, timeout=10.0):
        import tempfile as tf
        self.stderr_file = tf.TemporaryFile()
        cmd = [MOCK, "record", "--host", "127.0.0.1", "--port", "0"] + list(args)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr_file)
        self.port = self._read_port(timeout)
        self.conn = None


def lifecycle(server):
    """Sends the session's life to server; [(request, status, body)]."""
    out = []

    def send(method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        r = server.request(method, path, data)
        out.append(("%s %s" % (method, path), r.status, r.body))
        return r

    send("GET", "/api/sessions")
    sid = send("POST", "/api/sessions", CREATE).json()["id"]
    kid = send("GET", "/api/sessions/" + sid).json()["kernel"]["id"]
    send("PATCH", "/api/sessions/" + sid, {"name": "renamed.ipynb"})
    send("GET", "/api/kernels/" + kid)
    send("POST", "/api/sessions", {"path": "b.ipynb", "type": "notebook", "kernel": {"name": "nope"}})
    send("POST", "/api/sessions", {"type": "notebook"})
    send("GET", "/api")
    send("DELETE", "/api/sessions/" + sid)
    send("GET", "/api/sessions/" + sid)
    send("GET", "/api/sessions")
    return out


def normalised(answers):
    """Bodies with ids and times renamed by order of first appearance
    over the whole run: equal results mean a one-to-one renaming."""
    names = {}

    def rename(m):
        return names.setdefault(m.group(0), b"<%d>" % len(names))

    return [(status, TIME.sub(rename, UUID.sub(rename, body))) for _, status, body in answers]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_with_jupyter(tap, tmp):
    port = free_port()
    p = subprocess.run([START, str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120, cwd=tmp)
    pid = p.stdout.decode().strip()
    if not tap.ok(p.returncode == 0 and pid.isdigit(), "the real Jupyter Server starts",
                  p.stderr.decode()[-3000:]):
        return
    out = os.path.join(tmp, "lifecycle.yaml")
    try:
        rec = kill_at_exit(Recorder("--upstream", "http://127.0.0.1:%d" % port, "--out", out))
        real = lifecycle(rec)
        tap.eq([s for _, s, _ in real], [200, 201, 200, 200, 200, 501, 400, 200, 204, 404, 200],
               "through the recorder, the real server answers the lifecycle and its errors")
        status, problems = rec.stop()
        tap.ok(status == 0 and not problems and "which passes --check" in rec.stderr(),
               "the recorder stops cleanly and its file passes its own check", rec.stderr()[-3000:])
    finally:
        subprocess.run([STOP, pid], timeout=60)
    text = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
    p = subprocess.run([MOCK, "--check", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tap.ok(p.returncode == 0 and p.stdout.decode() == "%s: ok\n" % out,
           "mock --check passes the recorded file", p.stdout.decode() + p.stderr.decode() + text)
    names = re.findall(r"^  - name: (.*)$", text, re.M)
    tap.eq(names, ["sessionsList 200", "sessionsCreate 201", "sessionsGet 200", "sessionsUpdate 200",
                   "kernelsGet 200", "sessionsCreate 501", "sessionsCreate 400", "sessionsDelete 204",
                   "sessionsGet 404", "sessionsList 200"],
           "one step per request of the spec, named by operation and status")
    tap.ok("# not replayed (the spec has no such operation), answered 200:\n  # GET /api\n" in text,
           "a request the spec does not have is a comment in its place", text)
    real_ids = {m for _, _, b in real for m in UUID.findall(b)}
    tap.ok(real_ids and not any(i.decode() in text for i in real_ids)
           and not re.search(r"20\d\d-\d\d-\d\dT", text.replace("2026-01-01T", "")),
           "no real id or time is left in the file", text)

    mock = kill_at_exit(Mock("--quiet", "--scenario", out))
    replay = lifecycle(mock)
    tap.eq([s for _, s, _ in replay], [s for _, s, _ in real], "the replay gives the same statuses")
    same = [a == b for a, b in zip(normalised(real), normalised(replay))]
    tap.ok(len(same) == 11 and all(same),
           "the replay gives the same body bytes, ids and times renamed one to one",
           "\n".join("%s\nreal:   %r\nreplay: %r" % (r[0], a, b) for r, a, b, ok in
                     zip(real, normalised(real), normalised(replay), same) if not ok))
    tap.ok(b'"last_activity": "2026-01-01T00:00:00' in replay[1][2],
           "replayed times are the virtual clock's", replay[1][2])
    unmatched = mock.request("GET", "/api/sessions")
    tap.ok(unmatched.status == 400 and b"Off script" in unmatched.body,
           "a request past the recording is off script", unmatched.body)
    check_clean_stop(tap, mock, "the replaying mock stops cleanly")


def check_errors(tap, tmp):
    dead = free_port()  # nothing listens there
    out = os.path.join(tmp, "dead.yaml")
    rec = kill_at_exit(Recorder("--upstream", "http://127.0.0.1:%d" % dead, "--out", out, "--quiet"))
    r = rec.request("GET", "/api/sessions")
    tap.ok(r.status == 502 and r.json()["message"].startswith("mock record: the upstream http://127.0.0.1:%d did not answer: cannot connect" % dead)
           and r.json()["reason"] is None, "an upstream that is down is a JSON 502 that says so", r.body)
    status, problems = rec.stop()
    text = open(out).read() if os.path.exists(out) else ""
    tap.ok(status == 0 and not problems and "steps: []" in text and "--check" in rec.stderr(),
           "nothing is recorded from a down upstream, and the empty file still passes --check",
           rec.stderr() + text)
    for args, want in [(["--out", out], "mock record: --upstream and --out are needed"),
                       (["--upstream", "https://x:1", "--out", out],
                        "mock record: the upstream must be http://HOST:PORT, not 'https://x:1'"),
                       (["--upstream", "http://127.0.0.1:1", "--out", out, "--port", "x"],
                        "mock record: bad value 'x' for --port")]:
        p = subprocess.run([MOCK, "record"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        tap.ok(p.returncode == 2 and p.stderr.decode().startswith(want),
               "mock record %s: exit 2, '%s'" % (" ".join(args[-2:]), want), p.stderr.decode())
    p = subprocess.run([MOCK, "record", "--help"], stdout=subprocess.PIPE)
    tap.ok(p.returncode == 0 and p.stdout.startswith(b"usage: mock record --upstream"),
           "mock record --help prints its usage", p.stdout)


def missing_prerequisite():
    if not os.access("/usr/bin/jupyter-server", os.X_OK):
        return "jupyter-server is absent (apt-get install -y jupyter-server python3-ipykernel)"
    if subprocess.run(["/usr/bin/python3", "-c", "import ipykernel"],
                      stderr=subprocess.DEVNULL).returncode != 0:
        return "python3-ipykernel is absent (apt-get install -y python3-ipykernel)"
    if not os.access(START, os.X_OK):
        return "%s is absent" % START
    return None


def main():
    tap = Tap()
    with tempfile.TemporaryDirectory(prefix="mock-record-") as tmp:
        check_errors(tap, tmp)
        why = missing_prerequisite()
        if why:
            tap.skip("recording a real Jupyter Server and replaying it", why)
        else:
            check_with_jupyter(tap, tmp)
    return tap.done()


if __name__ == "__main__":
    raise SystemExit(main())
