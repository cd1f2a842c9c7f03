#!/usr/bin/env python3
"""The same seed and the same requests give byte-identical responses,
ids, timestamps and Date headers included; another seed gives other ids."""
import sys

from harness import Mock, Tap, check_clean_stop
from transcripts import load_cases


def requests():
    """The recorded cases' requests, with the real ids left as they are:
    a replay needs only be the same twice, not meaningful."""
    seq = [(c.method, c.path, c.body or b"", tuple(c.headers)) for c in load_cases()]
    if not seq:  # no shared transcripts: a fixed sequence of our own
        nb = b'{"path":"a.ipynb","name":"a","type":"notebook","kernel":{"name":"python3"}}'
        seq = [("POST", "/api/sessions", nb, ()), ("GET", "/api/sessions", b"", ()),
               ("POST", "/api/sessions", b'{"path":"b","type":"console"}', ()),
               ("GET", "/api/kernels", b"", ()), ("PUT", "/api/sessions", b"{}", ())]
    return seq


def run(seed, seq):
    m = Mock("--quiet", "--seed", str(seed))
    out = []
    for method, path, body, headers in seq:
        out.append(m.exchange(method, path, body, headers))
        if b'"id": "' in out[-1] and method == "POST":
            # follow up on what was created, so ids flow into later requests
            sid = out[-1].split(b'"id": "')[1][:36].decode()
            out.append(m.exchange("GET", "/api/sessions/" + sid))
            out.append(m.exchange("PATCH", "/api/sessions/" + sid, b'{"name":"renamed"}'))
    out.append(m.exchange("GET", "/api/sessions"))
    status, problems = m.stop()
    return out, status == 0 and not problems


def main():
    tap = Tap()
    seq = requests()
    first, clean1 = run(7, seq)
    second, clean2 = run(7, seq)
    other, clean3 = run(8, seq)
    tap.ok(clean1 and clean2 and clean3, "every run stops cleanly")
    tap.eq(len(first), len(second), "both runs answered every request")
    diffs = [i for i, (a, b) in enumerate(zip(first, second)) if a != b]
    tap.ok(not diffs, "the same seed gives byte-identical responses (%d responses)" % len(first),
           diffs and "first difference at %d:\n%r\n%r" % (diffs[0], first[diffs[0]][:400], second[diffs[0]][:400]))
    tap.ok(b"Date: " in first[0], "responses carry a Date header (from the virtual clock)")
    tap.ok(first[-1] != other[-1], "another seed gives other ids")
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
