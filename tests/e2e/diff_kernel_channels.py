#!/usr/bin/python3
"""By hand: the kernel channels websocket of the mock against a real
Jupyter Server 1.23 with ipykernel, for the same requests: the connect,
kernel_info, three executes (a result, a stream, an error), a REST
restart and a REST shutdown.  Prints, per step, the frames each server
sent (channel, msg_type, the parent's msg_type, the status) side by side,
whether they agree, and the server time per request (send to the last
frame answering it, measured on the client).

The mock runs scenarios/kernel-scripted.yaml, whose kernel steps answer
these three cells with the real outputs, so outputs are compared too.

Usage (Debian's python3: tornado comes with jupyter-server):
  apt-get install -y jupyter-server python3-ipykernel
  make && tests/e2e/diff_kernel_channels.py [--port 18888]
"""
import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid

from tornado.websocket import websocket_connect

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REFERENCE = os.path.join(ROOT, "..", "shared", "reference")
CELLS = ["1+1", "print('hello')", "1/0"]


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    with urllib.request.urlopen(req) as r:
        text = r.read().decode()
        return r.status, (json.loads(text) if text.strip() else None)


def describe(f):
    c = f.get("content", {})
    parent = f.get("parent_header", {}).get("msg_type", "-")
    text = "%s/%s<%s" % (f["channel"], f["msg_type"], parent)
    if f["msg_type"] == "status":
        text += ":" + c.get("execution_state", "?")
    if f["msg_type"].endswith("_reply") and "status" in c:
        text += "=" + c["status"]
    return text


class Session:
    def __init__(self, base):
        self.base = base
        self.session = str(uuid.uuid4())

    def msg(self, msg_type, content):
        return {"header": {"msg_id": str(uuid.uuid4()), "username": "user", "session": self.session,
                           "msg_type": msg_type, "version": "5.3", "date": "2026-01-01T00:00:00.000Z"},
                "parent_header": {}, "metadata": {}, "content": content, "buffers": [], "channel": "shell"}

    async def open(self, kid):
        url = "%s/api/kernels/%s/channels?session_id=%s" % (self.base.replace("http", "ws", 1), kid, self.session)
        self.ws = await websocket_connect(url)

    async def drain(self, quiet):
        """Frames until none comes for quiet seconds (or the socket closes)."""
        got = []
        try:
            while True:
                raw = await asyncio.wait_for(self.ws.read_message(), quiet)
                if raw is None:
                    got.append("(socket closed)")
                    break
                got.append(describe(json.loads(raw)))
        except asyncio.TimeoutError:
            pass
        return got

    async def exchange(self, m):
        """Sends m; frames until its reply and its idle; the time to the last."""
        t0 = time.monotonic()
        await self.ws.write_message(json.dumps(m))
        got, reply, idle = [], False, False
        while not (reply and idle):
            raw = await asyncio.wait_for(self.ws.read_message(), 30)
            f = json.loads(raw)
            got.append(describe(f))
            if f.get("parent_header", {}).get("msg_id") != m["header"]["msg_id"]:
                continue
            reply |= f["msg_type"].endswith("_reply") and f["channel"] == "shell"
            idle |= f["msg_type"] == "status" and f["content"].get("execution_state") == "idle"
        return got, (time.monotonic() - t0) * 1000


async def run(base, quiet):
    s = Session(base)
    _, k = call(base, "POST", "/api/kernels", {"name": "python3"})
    await asyncio.sleep(2 if quiet > 0.5 else 0)  # the real kernel starts
    steps = []
    await s.open(k["id"])
    steps.append(("connect", await s.drain(quiet), None))
    got, ms = await s.exchange(s.msg("kernel_info_request", {}))
    steps.append(("kernel_info", got, ms))
    for code in CELLS:
        got, ms = await s.exchange(s.msg("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True}))
        steps.append(("execute %s" % code, got, ms))
    t0 = time.monotonic()
    call(base, "POST", "/api/kernels/%s/restart" % k["id"])
    rest_ms = (time.monotonic() - t0) * 1000
    # the real kernel's new process announces itself seconds later
    steps.append(("REST restart", await s.drain(quiet * 4), rest_ms))
    t0 = time.monotonic()
    call(base, "DELETE", "/api/kernels/%s" % k["id"])
    rest_ms = (time.monotonic() - t0) * 1000
    steps.append(("REST shutdown", await s.drain(quiet * 2), rest_ms))
    s.ws.close()
    return steps


def start_mock():
    proc = subprocess.Popen([os.path.join(ROOT, os.environ.get("BUILD", "build"), "mock"), "--quiet",
                             "--port", "0", "--scenario", os.path.join(ROOT, "scenarios/kernel-scripted.yaml")],
                            stdout=subprocess.PIPE)
    line = proc.stdout.readline().decode()
    return proc, "http://127.0.0.1:" + line.rsplit(":", 1)[1].strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=18888)
    args = ap.parse_args()
    pid = subprocess.check_output([os.path.join(REFERENCE, "start-jupyter.sh"), str(args.port)]).decode().strip()
    mock, mock_base = start_mock()
    try:
        real = asyncio.run(run("http://127.0.0.1:%d" % args.port, 1.5))
        fake = asyncio.run(run(mock_base, 0.3))
    finally:
        subprocess.call([os.path.join(REFERENCE, "stop-jupyter.sh"), pid])
        mock.terminate()
        mock.wait()
    same = same_per_channel = 0
    for (name, r, r_ms), (_, m, m_ms) in zip(real, fake):
        agree = r == m
        # iopub and shell are two ZMQ streams: their interleaving on the
        # socket varies from run to run on the real server
        per_channel = all([f for f in r if f.startswith(ch)] == [f for f in m if f.startswith(ch)]
                          for ch in ("iopub/", "shell/", "control/", "stdin/"))
        same += agree
        same_per_channel += per_channel
        timing = "" if r_ms is None else "  real %.1f ms, mock %.1f ms" % (r_ms, m_ms)
        print("## %s: %s%s" % (name, "same" if agree else
                                "same per channel" if per_channel else "DIFFERENT", timing))
        for i in range(max(len(r), len(m))):
            a = r[i] if i < len(r) else ""
            b = m[i] if i < len(m) else ""
            print("  %s %-52s %s" % (" " if a == b else "*", a, b))
    print("%d of %d steps send the same frames in the same order; %d of %d the same "
          "per channel" % (same, len(real), same_per_channel, len(real)))
    return 0 if same_per_channel == len(real) else 1


if __name__ == "__main__":
    sys.exit(main())
