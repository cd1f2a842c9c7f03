#!/usr/bin/env python3
"""diff_jupyter.py - differential test of the mock against a real Jupyter
Server, run by hand (not part of `make test`: it needs jupyter-server and
python3-ipykernel and takes minutes, since every new kernel is a process).

    make && tests/e2e/diff_jupyter.py [--seed S] [--count N] [--deliberate]

Starts the real server (../shared/reference/start-jupyter.sh on a free
port) and the mock (build/mock --port 0 --quiet; BUILD=dir to use another
build), then sends both the same seeded random sequence of requests:
creates with random paths/names/types and kernel forms, gets, lists,
patches, deletes, kernel lookups and deletes, unknown ids, bad bodies.
Ids are picked among the real server's live sessions and kernels (as seen
in its answers) and translated for the mock with the id map learned by
walking both JSON answers side by side (transcripts.IdMap).

For each request it compares the status, Content-Type, Location (ids
mapped), whether an Etag is present, and the body bytes (ids mapped,
last_activity values replaced).  Every mismatch is printed with the
request and both answers; a summary by kind of request follows, and the
last line is `N requests, M mismatches`.  Exit status 1 when M > 0.

Requests that crash the real server (500 with a traceback) or get its HTML
pages are the mock's documented deliberate differences (README): they are
only sent with --deliberate, and counted apart when the mock answers them
as documented (a JSON 400/501, or a JSON 404/403 instead of HTML).
"""
import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Mock  # noqa: E402
from transcripts import UUID, IdMap, normalise_times, try_json  # noqa: E402

REFERENCE = os.path.join(os.path.dirname(ROOT), "shared", "reference")
START = os.path.join(REFERENCE, "start-jupyter.sh")
STOP = os.path.join(REFERENCE, "stop-jupyter.sh")
REQUEST_TIMEOUT = 60  # seconds; a kernel start takes 1-2 s

PATHS = ["a.ipynb", "b.ipynb", "dir/c.ipynb", "Untitled.ipynb", "foo/abc123",
         "x y.txt", "script.py", "\u00fcn\u00efc\u00f8d\u00e9.ipynb", "", "console-1"]
NAMES = ["a.ipynb", "Untitled.ipynb", "n\u00e4me", "", "console", "s e s s"]
TYPES = ["notebook", "file", "console", "test"]
API = "/api/sessions"


class OneToOneIdMap(IdMap):
    """IdMap that never maps two real ids to one mock id: when the servers
    answer with different sessions, the pair is a mismatch, not a mapping
    (otherwise one divergence would hide itself and garble later ones)."""

    def __init__(self):
        super().__init__()
        self.targets = set()

    def learn(self, real, mock):
        if isinstance(real, str) and isinstance(mock, str):
            if real in self.map or mock in self.targets or not (
                    UUID.match(real) and UUID.match(mock)):
                return
            self.targets.add(mock)
        super().learn(real, mock)


class Req:
    def __init__(self, kind, method, path, body=None, deliberate=False):
        self.kind = kind            # category label for the summary
        self.method = method
        self.path = path            # in real ids
        self.body = body            # bytes (real ids) or None
        self.deliberate = deliberate

    def describe(self):
        b = "" if self.body is None else " " + self.body.decode("utf-8", "replace")[:300]
        return "%s %s%s" % (self.method, self.path, b)


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def show(self):
        return "%d ctype=%s location=%s etag=%s body=%s" % (
            self.status, self.header("Content-Type"), self.header("Location"),
            "yes" if self.header("Etag") else "no",
            self.body.decode("utf-8", "replace")[:400])


class Client:
    """One keep-alive HTTP/1.1 connection, reopened when it breaks."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def send(self, method, path, body):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                       timeout=REQUEST_TIMEOUT)
            try:
                hdrs = {"Content-Length": str(len(body))} if body is not None else {}
                self.conn.request(method, path, body=body, headers=hdrs)
                r = self.conn.getresponse()
                return Answer(r.status, r.getheaders(), r.read())
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def close(self):
        if self.conn:
            self.conn.close()


# ---- the request generator ----

class World:
    """What the generator knows of the real server, from its answers."""

    def __init__(self, rng, deliberate):
        self.rng = rng
        self.deliberate = deliberate
        self.live = []       # real session ids believed alive, creation order
        self.dead = []       # real session ids deleted or culled
        self.kernels = []    # real kernel ids believed alive
        self.dead_kernels = []

    def pick(self, live, dead):
        r = self.rng.random()
        if live and r < 0.75:
            return self.rng.choice(live)
        if dead and r < 0.88:
            return self.rng.choice(dead)
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def sid(self):
        return self.pick(self.live, self.dead)

    def kid(self):
        return self.pick(self.kernels, self.dead_kernels)

    def learn(self, req, ans):
        """Updates the live sets from the real server's answer."""
        body = try_json(ans.body)
        if req.method == "POST" and ans.status == 201 and isinstance(body, dict):
            self._alive(body)
        elif req.method == "PATCH" and ans.status == 200 and isinstance(body, dict):
            self._alive(body)
        elif req.kind == "list" and ans.status == 200 and isinstance(body, list):
            seen = [s["id"] for s in body]
            for s in self.live:
                if s not in seen:
                    self._bury(s)
            for s in body:
                self._alive(s)
        elif req.kind == "kernel-list" and ans.status == 200 and isinstance(body, list):
            seen = [k["id"] for k in body]
            for k in list(self.kernels):
                if k not in seen:
                    self.kernels.remove(k)
                    self.dead_kernels.append(k)
            for k in seen:
                if k not in self.kernels:
                    self.kernels.append(k)
        elif req.path.startswith(API + "/") and ans.status in (204, 404):
            self._bury(req.path.rsplit("/", 1)[1])
        elif req.path.startswith("/api/kernels/") and req.method == "DELETE" and ans.status == 204:
            k = req.path.rsplit("/", 1)[1]
            if k in self.kernels:
                self.kernels.remove(k)
                self.dead_kernels.append(k)

    def _alive(self, s):
        if s["id"] not in self.live:
            self.live.append(s["id"])
        if s["id"] in self.dead:
            self.dead.remove(s["id"])
        k = s.get("kernel") or {}
        if isinstance(k, dict) and k.get("id") and k["id"] not in self.kernels:
            self.kernels.append(k["id"])

    def _bury(self, sid):
        if sid in self.live:
            self.live.remove(sid)
            self.dead.append(sid)

    # -- JSON bodies --

    def dump(self, obj):
        ascii_only = self.rng.random() < 0.5
        return json.dumps(obj, ensure_ascii=ascii_only).encode("utf-8")

    def kernel_form(self, patch):
        """Returns (kind suffix, kernel value or a marker to omit it)."""
        r = self.rng
        forms = [("name", {"name": "python3"}), ("live-kid", {"id": self.kid()}),
                 ("unknown-kid", {"id": str(uuid.UUID(int=r.getrandbits(128), version=4))}),
                 ("kid+bad-name", {"id": self.kid(), "name": "nosuchkernel"}),
                 ("empty", {}), ("name-null", {"name": None})]
        if not patch:
            forms += [("unknown-name", {"name": "nosuchkernel"}), ("none", None)]
        else:
            forms += [("kid-null+name", {"id": None, "name": "python3"})]
        return r.choice(forms)

    def create(self):
        r = self.rng
        roll = r.random()
        if roll < 0.06:
            return Req("post-bad-body", "POST", API,
                       r.choice([b"", b"{", b"   ", b"null", b"{}", b'{"path": "a.ipynb",}', b"nonsense"]))
        if roll < 0.10:
            k, kernel = self.kernel_form(False)
            body = {"notebook": {"path": r.choice(PATHS)}}
            if kernel is not None:
                body["kernel"] = kernel
            return Req("post-old-form/kernel-" + k, "POST", API, self.dump(body))
        if roll < 0.14:
            body = {"name": r.choice(NAMES), "kernel": {"name": "python3"}}
            missing = r.choice(["path", "type"])
            if missing == "type":
                body["path"] = r.choice(PATHS)
            else:
                body["type"] = r.choice(TYPES)
            return Req("post-missing-" + missing, "POST", API, self.dump(body))
        if self.deliberate and roll < 0.20:
            return self.crash_create()
        body = {"path": r.choice(PATHS)}
        if r.random() < 0.85:
            body["name"] = r.choice(NAMES + [None, 5])
        body["type"] = r.choice(TYPES + [None]) if r.random() < 0.9 else r.choice(TYPES)
        k, kernel = self.kernel_form(False)
        if kernel is not None:
            body["kernel"] = kernel
        if r.random() < 0.1:
            body["id"] = self.sid()
            body["extra"] = [1, 2]
        items = list(body.items())
        r.shuffle(items)
        return Req("post/kernel-" + k, "POST", API, self.dump(dict(items)))

    def crash_create(self):
        r = self.rng
        kind, body = r.choice([
            ("kernel-null", b'{"path": "z.ipynb", "type": "notebook", "kernel": null}'),
            ("kernel-string", b'{"path": "z.ipynb", "type": "notebook", "kernel": "python3"}'),
            ("array", b"[]"),
            ("numeric-path", b'{"path": 123, "type": "notebook"}'),
            ("not-utf8", b'{"path": "\xff\xfe.ipynb", "type": "notebook"}'),
        ])
        return Req("deliberate/post-" + kind, "POST", API, body, deliberate=True)

    def patch(self):
        r = self.rng
        sid = self.sid()
        path = API + "/" + sid
        roll = r.random()
        if roll < 0.07:
            return Req("patch-bad-body", "PATCH", path, r.choice([b"", b"null", b"{", b"  "]))
        if self.deliberate and roll < 0.12:
            kind, body = r.choice([
                ("kernel-null", b'{"kernel": null}'),
                ("unknown-kernel-name", b'{"kernel": {"name": "nosuchkernel"}}'),
                ("name-number", b'{"name": 7}')])
            return Req("deliberate/patch-" + kind, "PATCH", path, body, deliberate=True)
        body = {}
        fields = r.sample(["path", "name", "type", "kernel", "notebook"], r.randint(0, 2))
        kinds = []
        for f in fields:
            if f == "path":
                body["path"] = r.choice(PATHS)
            elif f == "name":
                body["name"] = r.choice(NAMES + [None])
            elif f == "type":
                body["type"] = r.choice(TYPES + [None])
            elif f == "notebook":
                body["notebook"] = {"path": r.choice(PATHS)}
            else:
                k, kernel = self.kernel_form(True)
                body["kernel"] = kernel
                f = "kernel-" + k
            kinds.append(f)
        if r.random() < 0.5:
            body["id"] = sid      # as JupyterLab sends it
        return Req("patch/" + ("+".join(sorted(kinds)) or "nothing"), "PATCH", path, self.dump(body))

    def next(self):
        r = self.rng
        roll = r.random()
        crowded = len(self.live) >= 8
        if roll < (0.22 if crowded else 0.34):
            return self.create()
        if roll < 0.44:
            return Req("list", "GET", API)
        if roll < 0.58:
            sid = self.sid()
            if r.random() < 0.05:
                sid = sid.upper()
            return Req("get", "GET", API + "/" + sid)
        if roll < 0.80:
            return self.patch()
        if roll < 0.92:
            return Req("delete", "DELETE", API + "/" + self.sid(),
                       b'{"ignored": true}' if r.random() < 0.1 else None)
        if roll < 0.95:
            return Req("kernel-list", "GET", "/api/kernels")
        if roll < 0.97:
            return Req("kernel-get", "GET", "/api/kernels/" + self.kid())
        if self.deliberate and roll < 0.98:
            return Req("deliberate/unrouted", r.choice(["GET", "POST", "DELETE"]),
                       r.choice([API + "/garbage", API + "/", API + "/" + self.sid() + "/"]),
                       deliberate=True)
        return Req("kernel-delete", "DELETE", "/api/kernels/" + self.kid())


# ---- comparison ----

def compare(req, real, mock, ids):
    """Returns a list of differences (empty when the answers agree)."""
    diffs = []
    if real.status != mock.status:
        diffs.append("status")
    if real.header("Content-Type") != mock.header("Content-Type"):
        diffs.append("content-type")
    loc = real.header("Location")
    if (ids.apply(loc) if loc else loc) != mock.header("Location"):
        diffs.append("location")
    if (real.header("Etag") is None) != (mock.header("Etag") is None):
        diffs.append("etag")
    want = normalise_times(ids.apply(real.body).decode("utf-8", "replace"))
    got = normalise_times(mock.body.decode("utf-8", "replace"))
    if want != got:
        diffs.append("body")
    return diffs


def is_documented(real, mock):
    """The README's deliberate differences: a crash or an HTML page there,
    a JSON error with a message here."""
    body = try_json(mock.body)
    json_error = (isinstance(body, dict) and isinstance(body.get("message"), str)
                  and mock.header("Content-Type") == "application/json")
    if real.status == 500:
        return json_error and mock.status in (400, 501)
    if (real.header("Content-Type") or "").startswith("text/html") and real.status in (403, 404):
        return json_error and mock.status == real.status
    return False  # the real server did not crash: compared as usual


# ---- servers ----

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_real(workdir):
    env = dict(os.environ, JUPYTER_WORKDIR=workdir)
    for _ in range(3):
        port = free_port()
        p = subprocess.run([START, str(port)], capture_output=True, text=True, env=env, timeout=120)
        if p.returncode == 0:
            return int(p.stdout.strip()), port
        sys.stderr.write(p.stderr)
    raise SystemExit("diff_jupyter: could not start the real Jupyter Server")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1,
                    help="seed of the request sequence (and of the mock's ids); default 1")
    ap.add_argument("--count", type=int, default=500, help="requests to send; default 500")
    ap.add_argument("--deliberate", action="store_true",
                    help="also send the requests that crash the real server (counted apart)")
    ap.add_argument("--max-shown", type=int, default=1000, help="mismatches printed in full")
    ap.add_argument("--trace", action="store_true", help="print every request, both statuses and the real body")
    args = ap.parse_args()
    if not os.access("/usr/bin/jupyter-server", os.X_OK):
        raise SystemExit("diff_jupyter: needs apt-get install -y jupyter-server python3-ipykernel curl")

    workdir = tempfile.mkdtemp(prefix="diff-jupyter-")
    real_pid, real_port = start_real(workdir)
    mock = None
    try:
        mock = Mock("--quiet", "--seed", str(args.seed))
        return run(args, Client(real_port), Client(mock.port))
    finally:
        if mock:
            status, problems = mock.stop()
            if status != 0 or problems:
                print("# mock exit status %s %s" % (status, "\n".join(problems)))
        subprocess.run([STOP, str(real_pid)], timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, real_client, mock_client):
    rng = random.Random(args.seed)
    world = World(rng, args.deliberate)
    ids = OneToOneIdMap()
    mismatches, deliberate, by_kind, documented = 0, 0, {}, {}
    started = time.monotonic()
    for n in range(1, args.count + 1):
        req = world.next()
        real = real_client.send(req.method, req.path, req.body)
        mock = mock_client.send(req.method, ids.apply(req.path),
                                ids.apply(req.body) if req.body is not None else None)
        rj, mj = try_json(real.body), try_json(mock.body)
        if real.status == mock.status and rj is not None and mj is not None:
            ids.learn(rj, mj)
        world.learn(req, real)
        if args.trace:
            print("%d %s -> real %d, mock %d: %s" % (n, req.describe(), real.status, mock.status,
                                                     real.body.decode("utf-8", "replace")[:160]))
        if req.deliberate and is_documented(real, mock):
            deliberate += 1
            key = "%s (real %d, mock %d)" % (req.kind, real.status, mock.status)
            documented[key] = documented.get(key, 0) + 1
            continue
        diffs = compare(req, real, mock, ids)
        if not diffs:
            continue
        mismatches += 1
        key = "%s: %s (real %d, mock %d)" % (req.kind, ",".join(diffs), real.status, mock.status)
        by_kind[key] = by_kind.get(key, 0) + 1
        if mismatches <= args.max_shown:
            print("#%d %s\n  differs: %s\n  real: %s\n  mock: %s" % (
                n, req.describe(), ", ".join(diffs), real.show(), mock.show()))
    real_client.close()
    mock_client.close()
    if by_kind:
        print("mismatches by kind of request:")
        for key, c in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])):
            print("  %4d  %s" % (c, key))
    if documented:
        print("deliberate differences (README), not counted:")
        for key, c in sorted(documented.items(), key=lambda kv: (-kv[1], kv[0])):
            print("  %4d  %s" % (c, key))
    print("seed %d, %.0f s, %d deliberate differences (documented, not counted)" % (
        args.seed, time.monotonic() - started, deliberate))
    print("%d requests, %d mismatches" % (args.count, mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
