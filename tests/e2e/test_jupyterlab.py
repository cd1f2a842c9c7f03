#!/usr/bin/env python3
"""Runs the real-client tests (tests/e2e/jupyterlab/*.test.mjs: the pinned
@jupyterlab/services 7 with Node's ws, and raw websocket frames) with
Node's test runner, whose TAP prove reads.  `make deps` (run by make test
and .ci/run) installs the pinned packages with npm ci."""
import glob
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, "jupyterlab")


def main():
    if not shutil.which("node") or not os.path.isdir(os.path.join(DIR, "node_modules", "@jupyterlab")):
        print("1..0 # SKIP node or tests/e2e/jupyterlab/node_modules missing "
              "(make deps installs them)")
        return 0
    tests = sorted(glob.glob(os.path.join(DIR, "*.test.mjs")))
    env = dict(os.environ)
    env.setdefault("BUILD", "build")
    # One file at a time: each starts its own mock, and the machine is
    # shared.  Force exit: disposed @jupyterlab/services managers leave
    # timers that would keep node alive for a minute after the last test.
    r = subprocess.run(["node", "--test", "--test-reporter=tap", "--test-concurrency=1",
                        "--test-force-exit"] + tests,
                       env=env, timeout=600)
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
