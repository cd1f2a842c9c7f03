#!/usr/bin/env python3
"""make_seeds.py - writes the fuzz targets' seed corpora, tests/fuzz/corpus/.

Run by hand when the sources change (the output is checked in, small):

    tests/fuzz/make_seeds.py

- spec: the small specs of ../shared/specs/ and tests/gen/ok-*.yaml;
- scenario: the shipped scenarios (scenarios/*.yaml);
- request: each recorded case of the real server
  (../shared/reference/transcripts/) after a create, in fuzz.h's text
  format, its ids written $S and $K; the whole recording in runs of 16;
  each shipped scenario played by a short client; the admin API;
- kernel_frames: what a frontend sent on a kernel's channels websocket
  (../shared/reference/kernel-channels/channels.jsonl), each alone and all
  in one;
- verify_body: bodies of POST /__mock/verify from the README.
"""
import json
import glob
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from transcripts import load_cases  # noqa: E402

CORPUS = os.path.join(HERE, "corpus")
MAX_REQUESTS = 16  # per input (fuzz_request.c)
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

CREATE = ('POST /api/sessions\nContent-Type: application/json\n\n'
          '{"path": "a.ipynb", "name": "a.ipynb", "type": "notebook", '
          '"kernel": {"name": "python3"}}')

CLIENT = [
    "GET /api",
    "GET /api/sessions",
    CREATE,
    "GET /api/sessions/$S",
    'PATCH /api/sessions/$S\n\n{"name": "b.ipynb", "kernel": {"id": "$K"}}',
    "GET /api/kernels/$K",
    "GET /api/kernels",
    "OPTIONS /api/sessions\nOrigin: http://localhost:8000\n"
    "Access-Control-Request-Method: POST",
    "DELETE /api/sessions/$S",
    "GET /api/sessions/",
    "GET /__mock/unmatched",
]

ADMIN = [
    "GET /__mock/health",
    "GET /__mock/journal?operation=sessionsCreate&status=201&since=1&limit=5",
    "GET /__mock/journal?method=GET&path=/api/sessions&unmatched=true&instance=",
    "GET /__mock/unmatched",
    'POST /__mock/verify\n\n{"method": "POST", "path": "/api/sessions", '
    '"body": {"path": "a.ipynb"}, "count": 1}',
    'POST /__mock/verify\n\n{"path": "/api/sessions/{id}", "count": {"min": 1, "max": 3}}',
    "GET /__mock/coverage",
    "GET /__mock/coverage?format=text",
    "GET /__mock/transcript",
    "GET /__mock/har",
    "DELETE /__mock/journal",
    "POST /__mock/reset",
    "GET /__mock/journal",
]

VERIFY = [
    '{"method": "POST", "path": "/api/sessions", "body": {"path": "a.ipynb"}, "count": 1}',
    '{"path": "/api/sessions/{id}", "count": {"min": 1, "max": 3}}',
    '{"operation": "sessionsCreate", "status": 201, "count": {"min": 0}}',
]


def write(target, name, text):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def case_request(case, ids):
    """A recorded request in fuzz.h's format, known ids as $S/$K."""
    def sub(text):
        return UUID.sub(lambda m: ids.get(m.group(0).lower(), m.group(0)), text)
    lines = ["%s %s" % (case.method, sub(case.path))]
    lines += ["%s: %s" % (k, sub(v)) for k, v in case.headers]
    text = "\n".join(lines).encode("utf-8")
    if case.body is not None:
        text += b"\n\n" + sub(case.body.decode("utf-8", "surrogateescape")).encode(
            "utf-8", "surrogateescape")
    return text


def learn_ids(cases):
    """Every session id of the recording -> $S, kernel id -> $K."""
    ids = {}
    for case in cases:
        for m in re.finditer(r'"kernel": \{"id": "([0-9a-f-]{36})"', case.resp_body):
            ids[m.group(1)] = "$K"
        for m in re.finditer(r'(?:^|\[|, )\{"id": "([0-9a-f-]{36})"', case.resp_body):
            ids.setdefault(m.group(1), "$S")
    return ids


def main():
    shutil.rmtree(CORPUS, ignore_errors=True)
    for path in sorted(glob.glob(os.path.join(SHARED, "specs", "oas30-*.yaml")) +
                       glob.glob(os.path.join(ROOT, "tests", "gen", "ok-*.yaml"))):
        write("spec", os.path.basename(path), open(path, "rb").read())
    for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.yaml"))):
        write("scenario", os.path.basename(path), open(path, "rb").read())

    cases = load_cases()
    if not cases:
        sys.exit("make_seeds.py: no transcripts in %s" % SHARED)
    ids = learn_ids(cases)
    sep = b"\n%%\n"
    for case in cases:
        write("request", "case-" + case.name, CREATE.encode() + sep + case_request(case, ids))
    every = [case_request(c, ids) for c in cases]
    for i in range(0, len(every), MAX_REQUESTS):
        write("request", "all-cases-%d" % (i // MAX_REQUESTS + 1),
              sep.join(every[i:i + MAX_REQUESTS]))
    for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.yaml"))):
        name = os.path.basename(path)
        write("request", "scenario-" + name[:-5], "#%s\n" % name + "\n%%\n".join(CLIENT))
    write("request", "modes-warn-nocors", "#warn nocors\n" + "\n%%\n".join(CLIENT))
    write("request", "modes-off-stateless", "#off stateless\n" + "\n%%\n".join(CLIENT))
    write("request", "admin", "\n%%\n".join([CREATE] + ADMIN))
    sends = []
    for line in open(os.path.join(SHARED, "reference", "kernel-channels", "channels.jsonl")):
        d = json.loads(line)
        if d["dir"] == "send":
            sends.append(json.dumps(d["frame"]))
    for i, frame in enumerate(sends):
        write("kernel_frames", "send-%02d" % (i + 1), frame)
    write("kernel_frames", "all-sends", "\n%%\n".join(sends))
    for i, body in enumerate(VERIFY):
        write("verify_body", "readme-%d" % (i + 1), body)


if __name__ == "__main__":
    main()
