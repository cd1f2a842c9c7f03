#!/usr/bin/env python3
"""Replays the real Jupyter Server's 97 recorded cases against the mock,
in order, on one server, and compares status, the headers that matter
and the body bytes (ids mapped, last_activity normalised).

Where the real server crashed (500 with a traceback) or answered an HTML
page, the mock deliberately answers a JSON error instead (README,
"Deliberate differences"): those cases check that shape.
"""
import hashlib
import sys

from harness import Mock, Tap, check_clean_stop
from transcripts import IdMap, load_cases, normalise_times, try_json

MATCHED_HEADERS = ("Content-Type", "Location", "Access-Control-Allow-Headers",
                   "Access-Control-Allow-Methods")


def compare_exact(case, r, ids):
    """Returns a list of differences between the real and the mock answer."""
    diffs = []
    if r.status != case.status:
        diffs.append("status %d, real %d" % (r.status, case.status))
    for name in MATCHED_HEADERS:
        want = case.resp_header(name)
        want = ids.apply(want) if want else want
        if r.header(name) != want:
            diffs.append("%s %r, real %r" % (name, r.header(name), want))
    for name in ("Etag", "Content-Length"):
        if (r.header(name) is None) != (case.resp_header(name) is None):
            diffs.append("%s present %s, real %s" % (name, r.header(name) is not None,
                                                     case.resp_header(name) is not None))
    etag = r.header("Etag")
    if etag and case.status == 200 and etag != '"%s"' % hashlib.sha1(r.body).hexdigest():
        diffs.append("Etag is not the SHA-1 of the body")
    want_body = normalise_times(ids.apply(case.resp_body))
    got_body = normalise_times(r.body.decode("utf-8", "replace"))
    if got_body != want_body:
        diffs.append("body\n  got:  %s\n  real: %s" % (got_body[:600], want_body[:600]))
    return diffs


def deliberate(case):
    """What the mock answers instead where the real server's answer is an accident."""
    if case.status == 500:
        return "a 400/501 JSON error instead of a 500 crash"
    ctype = case.resp_header("Content-Type") or ""
    if ctype.startswith("text/html") and case.status in (403, 404):
        return "a JSON %d instead of an HTML page" % case.status
    return None


def check_deliberate(case, r):
    body = try_json(r.body)
    want = (400, 501) if case.status == 500 else (case.status,)
    ok = r.status in want and isinstance(body, dict) and isinstance(body.get("message"), str)
    return [] if ok else ["status %d body %r" % (r.status, r.body[:200])]


def main():
    tap = Tap()
    cases = load_cases()
    if not cases:
        tap.skip("reference transcripts", "../shared/reference/transcripts is absent")
        return tap.done()
    m = Mock("--quiet", "--clock-start", "2026-01-01T00:00:00.000001Z")
    ids = IdMap()
    matched = 0
    for case in cases:
        r = m.request(case.method, ids.apply(case.path), ids.apply(case.body) if case.body is not None else None,
                      headers={k: ids.apply(v) for k, v in case.headers})
        real, mock = try_json(case.resp_body), try_json(r.body)
        if real is not None and mock is not None:
            ids.learn(real, mock)
        if case.resp_header("Etag") and r.header("Etag"):
            ids.map[case.resp_header("Etag")] = r.header("Etag")
        why = deliberate(case)
        if why:
            diffs = check_deliberate(case, r)
            tap.ok(not diffs, "%s: %s" % (case.name, why), "\n".join(diffs))
        else:
            diffs = compare_exact(case, r, ids)
            matched += not diffs
            tap.ok(not diffs, "%s matches the real server" % case.name, "\n".join(diffs))
    exact = sum(1 for c in cases if not deliberate(c))
    print("# %d of %d exact cases matched; %d deliberate differences checked"
          % (matched, exact, len(cases) - exact))
    check_clean_stop(tap, m)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
