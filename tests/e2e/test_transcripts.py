#!/usr/bin/env python3
"""Replays the real Jupyter Server's 97 recorded cases against the mock,
in order, on one server, and compares status, the headers that matter
and the body bytes (ids mapped, last_activity normalised).

Where the real server crashed (500 with a traceback) or answered an HTML
page, the mock deliberately answers a JSON error instead (README,
"Deliberate differences"): those cases check that shape.  So it does
where the real server stores a number it then echoes (`"name": 5`):
under --validate strict that is a 400 naming the field (the session is
not created, and later lists are compared without it); the same cases
are then replayed under --validate off and must match the real server.
"""
import hashlib
import json
import sys

from harness import Mock, Tap, check_clean_stop
from transcripts import IdMap, load_cases, normalise_times, try_json

MATCHED_HEADERS = ("Content-Type", "Location", "Access-Control-Allow-Headers",
                   "Access-Control-Allow-Methods")


def without(body, refused):
    """A real list body without the sessions the mock refused to create."""
    real = try_json(body.encode())
    if not refused or not isinstance(real, list):
        return body
    return json.dumps([s for s in real if not (isinstance(s, dict) and s.get("id") in refused)])


def compare_exact(case, r, ids, refused=()):
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
    want_body = normalise_times(ids.apply(without(case.resp_body, refused)))
    got_body = normalise_times(r.body.decode("utf-8", "replace"))
    if got_body != want_body:
        diffs.append("body\n  got:  %s\n  real: %s" % (got_body[:600], want_body[:600]))
    return diffs


def nonstring_field(case):
    """The field of a create or rename that the real server stores as a
    number or boolean (breaking its own answers' string|null), or None."""
    body = try_json(case.body.encode() if isinstance(case.body, str) else case.body) if case.body else None
    if not isinstance(body, dict) or case.method not in ("POST", "PATCH"):
        return None
    if case.method == "PATCH" and "path" in body and not isinstance(body["path"], str):
        return "path"  # (a create with a non-string path crashes the real server: 500)
    for field in ("name", "type"):
        if isinstance(body.get(field), (int, float, bool)):
            return field
    return None


def deliberate(case):
    """What the mock answers instead where the real server's answer is an accident."""
    field = nonstring_field(case)
    if field:
        return "a 400 naming '%s' (not stored, under --validate strict) instead of echoing a number" % field
    if case.status == 500:
        return "a 400/501 JSON error instead of a 500 crash"
    ctype = case.resp_header("Content-Type") or ""
    if ctype.startswith("text/html") and case.status in (403, 404):
        return "a JSON %d instead of an HTML page" % case.status
    return None


def check_deliberate(case, r, refused):
    body = try_json(r.body)
    field = nonstring_field(case)
    if field:
        target = case.path.rsplit("/", 1)[1]
        ok = isinstance(body, dict) and (
            (r.status == 400 and body.get("message", "").startswith("Invalid JSON data: %s: " % field))
            or (r.status == 404 and target in refused))
        return [] if ok else ["status %d body %r" % (r.status, r.body[:200])]
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
    refused = set()  # real ids of sessions whose create the mock refused
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
            if nonstring_field(case) and case.method == "POST" and isinstance(real, dict):
                refused.add(real.get("id"))
            diffs = check_deliberate(case, r, refused)
            tap.ok(not diffs, "%s: %s" % (case.name, why), "\n".join(diffs))
        else:
            diffs = compare_exact(case, r, ids, refused)
            matched += not diffs
            tap.ok(not diffs, "%s matches the real server" % case.name, "\n".join(diffs))
    exact = sum(1 for c in cases if not deliberate(c))
    print("# %d of %d exact cases matched; %d deliberate differences checked"
          % (matched, exact, len(cases) - exact))
    check_clean_stop(tap, m)
    replay_validate_off(tap, [c for c in cases if nonstring_field(c)])
    return tap.done()


def replay_validate_off(tap, cases):
    """The cases strict refuses, under --validate off: the real bytes."""
    m = Mock("--quiet", "--validate", "off", "--clock-start", "2026-01-01T00:00:00.000001Z")
    ids = IdMap()
    for case in cases:
        r = m.request(case.method, ids.apply(case.path), ids.apply(case.body),
                      headers={k: ids.apply(v) for k, v in case.headers})
        real, mock = try_json(case.resp_body), try_json(r.body)
        if real is not None and mock is not None:
            ids.learn(real, mock)
        diffs = compare_exact(case, r, ids)
        tap.ok(not diffs, "%s under --validate off matches the real server" % case.name,
               "\n".join(diffs))
    check_clean_stop(tap, m, "the --validate off server stops cleanly")


if __name__ == "__main__":
    sys.exit(main())
