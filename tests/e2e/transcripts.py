"""transcripts.py - reads the real server's recorded cases and replays them.

Each ../shared/reference/transcripts/NN-case.txt holds the curl command
and the raw response.  Ids differ between servers: they are learned by
walking the real and the mock JSON side by side, then substituted into
later requests and into the real bodies before comparing.
"""
import json
import os
import re
import shlex

from harness import ROOT

TRANSCRIPTS = os.path.join(os.path.dirname(ROOT), "shared", "reference", "transcripts")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIME = re.compile(r'"last_activity": "[^"]*"')


class Case:
    def __init__(self, path):
        self.name = os.path.basename(path)[:-4]
        text = open(path, encoding="utf-8").read()
        lines = text.split("\n")
        cmd = next(l for l in lines if l.startswith("$ curl "))
        self._parse_command(shlex.split(cmd[2:]))
        self._parse_response(text[text.index("\nHTTP/1.1 ") + 1:])

    def _parse_command(self, argv):
        self.method, self.url, self.headers, self.body = "GET", None, [], None
        i = 1
        while i < len(argv):
            a = argv[i]
            if a == "-X":
                self.method = argv[i + 1]; i += 1
            elif a == "-H":
                k, v = argv[i + 1].split(":", 1)
                self.headers.append((k.strip(), v.strip())); i += 1
            elif a == "--data-binary":
                raw = argv[i + 1].encode("utf-8")
                # the capture wrote undecodable bytes as \xNN
                self.body = re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
                i += 1
            elif a.startswith("http"):
                self.url = a
            i += 1
        self.path = "/" + self.url.split("/", 3)[3]

    def _parse_response(self, text):
        head, _, rest = text.partition("\n\n")
        status_line, *header_lines = head.split("\n")
        self.status = int(status_line.split()[1])
        self.resp_headers = [tuple(s.strip() for s in l.split(":", 1)) for l in header_lines]
        body = rest.split("\n\n--- body, pretty-printed ---")[0]
        self.resp_body = body[:-1] if body.endswith("\n") else body

    def resp_header(self, name):
        for k, v in self.resp_headers:
            if k.lower() == name.lower():
                return v
        return None


def load_cases():
    if not os.path.isdir(TRANSCRIPTS):
        return []
    return [Case(os.path.join(TRANSCRIPTS, f)) for f in sorted(os.listdir(TRANSCRIPTS)) if f.endswith(".txt")]


class IdMap:
    """real id -> mock id, learned from responses."""

    def __init__(self):
        self.map = {}

    def learn(self, real, mock):
        if isinstance(real, dict) and isinstance(mock, dict):
            for k in real:
                if k in mock:
                    self.learn(real[k], mock[k])
        elif isinstance(real, list) and isinstance(mock, list):
            for a, b in zip(real, mock):
                self.learn(a, b)
        elif isinstance(real, str) and isinstance(mock, str):
            if UUID.match(real) and UUID.match(mock) and real not in self.map:
                self.map[real] = mock
                self.map[real.upper()] = mock.upper()

    def apply(self, text):
        if isinstance(text, bytes):
            for a, b in self.map.items():
                text = text.replace(a.encode(), b.encode())
            return text
        for a, b in self.map.items():
            text = text.replace(a, b)
        return text


def normalise_times(text):
    return TIME.sub('"last_activity": "T"', text)


def try_json(text):
    try:
        return json.loads(text)
    except ValueError:
        return None
