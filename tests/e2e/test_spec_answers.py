#!/usr/bin/env python3
"""What the mock answers keeps to its own spec: a value that would make
its later answers break their schema (a numeric name, echoed by the real
server) is a 400 naming the field under --validate strict, and echoed as
the real server does under --validate off; a Prefer (or __code)
override of 304 carries the Etag its response declares."""
import json
import sys

from harness import Mock, Tap, check_clean_stop

CREATE = {"path": "n.ipynb", "type": "notebook"}


def strict_and_off(tap):
    m = Mock("--quiet")
    for field, value, want in (("name", 5, "name: expected string or null, got number"),
                               ("type", True, "type: expected string or null, got boolean")):
        r = m.request("POST", "/api/sessions", json.dumps(dict(CREATE, **{field: value})))
        tap.eq((r.status, r.json()["message"]), (400, "Invalid JSON data: " + want),
               "strict: a create with %s %s is a 400 naming the field" % (field, json.dumps(value)))
    r = m.request("POST", "/api/sessions", json.dumps(dict(CREATE, name=None)))
    sid = r.json()["id"]
    tap.eq(r.status, 201, "strict: a null name is taken (the answers may hold null)")
    r = m.request("PATCH", "/api/sessions/" + sid, '{"path": 7}')
    tap.eq((r.status, r.json()["message"]), (400, "Invalid JSON data: path: expected string, got number"),
           "strict: a rename to a numeric path is a 400 naming the field")
    r = m.request("GET", "/api/sessions")
    tap.ok(all(isinstance(s["name"], (str, type(None))) and isinstance(s["path"], str)
               for s in r.json()), "strict: every listed session keeps to string|null", r.body)
    check_clean_stop(tap, m, "the strict server stops cleanly")

    m = Mock("--quiet", "--validate", "off")
    r = m.request("POST", "/api/sessions", json.dumps(dict(CREATE, name=5)))
    tap.eq((r.status, r.json()["name"]), (201, 5), "off: a numeric name is echoed, as the real server does")
    check_clean_stop(tap, m, "the --validate off server stops cleanly")


def prefer_304(tap):
    m = Mock("--quiet")
    sid = m.request("POST", "/api/sessions", json.dumps(CREATE)).json()["id"]
    for how, path, headers in (("Prefer: code=304", "/api/sessions", {"Prefer": "code=304"}),
                               ("?__code=304", "/api/sessions?__code=304", None),
                               ("Prefer: code=304 on one session", "/api/sessions/" + sid,
                                {"Prefer": "code=304"})):
        r = m.request("GET", path, headers=headers)
        etag = r.header("Etag")
        tap.ok(r.status == 304 and r.body == b"" and etag and etag.startswith('"') and etag.endswith('"'),
               "%s answers 304 with the Etag its response declares" % how,
               "%d %r %r" % (r.status, r.headers, r.body))
    check_clean_stop(tap, m, "the Prefer server stops cleanly")


def main():
    tap = Tap()
    strict_and_off(tap)
    prefer_304(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
