#!/usr/bin/env python3
"""--validate strict|warn|off, --cors on|off, --kernels, --stateless and
the per-request log line, seen from outside."""
import sys

from harness import Mock, Tap, check_clean_stop

KERNEL_NULL = '{"path": "k.ipynb", "type": "notebook", "kernel": null}'
ORIGIN = {"Origin": "http://127.0.0.1:5173"}


def validation(tap):
    m = Mock()
    r = m.request("POST", "/api/sessions", KERNEL_NULL)
    tap.eq((r.status, r.json()["message"]),
           (400, "Invalid JSON data: kernel: expected object, got null"),
           "strict: a null kernel is a 400 naming the field and the rule")
    r = m.request("POST", "/api/sessions", '{"path": 5, "type": "notebook"}')
    tap.eq(r.json()["message"], "Invalid JSON data: path: expected string, got number",
           "strict: a numeric path on create is a 400")
    r = m.request("POST", "/api/sessions", '{"path": "n.ipynb", "type": "notebook", "name": 5}')
    tap.eq(r.status, 400, "strict: a numeric name is refused (the answers' name is a string or null)")
    check_clean_stop(tap, m)
    tap.ok("POST /api/sessions 400" in m.stderr(), "each request is logged on stderr", m.stderr()[-500:])

    m = Mock("--validate", "warn")
    r = m.request("POST", "/api/sessions", KERNEL_NULL)
    tap.eq(r.status, 201, "warn: a null kernel goes through (default kernel)")
    check_clean_stop(tap, m)
    tap.ok("validation: kernel: expected object, got null" in m.stderr(),
           "warn: the broken rule is in the log line", m.stderr()[-500:])

    m = Mock("--validate", "off", "--quiet")
    r = m.request("POST", "/api/sessions", KERNEL_NULL)
    tap.eq(r.status, 201, "off: a null kernel goes through")
    check_clean_stop(tap, m)
    tap.eq(m.stderr(), "", "--quiet: no log lines")


def cors(tap):
    m = Mock("--quiet")
    r = m.request("OPTIONS", "/api/sessions", headers=dict(ORIGIN, **{
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"}))
    tap.eq(r.status, 200, "a preflight is answered 200")
    tap.eq(r.header("Access-Control-Allow-Origin"), ORIGIN["Origin"], "the preflight reflects the Origin")
    tap.eq(r.header("Access-Control-Allow-Methods"), "GET, PUT, POST, PATCH, DELETE, OPTIONS",
           "the preflight allows the real server's methods")
    tap.eq(r.header("Access-Control-Allow-Headers"), "accept, content-type, authorization, x-xsrftoken",
           "the preflight allows the real server's headers")
    r = m.request("POST", "/api/sessions", '{"path": "c.ipynb", "type": "notebook"}',
                  headers=dict(ORIGIN, **{"Content-Type": "text/plain;charset=UTF-8"}))
    tap.eq(r.status, 201, "JSON sent as text/plain is accepted")
    tap.eq(r.header("Access-Control-Allow-Origin"), ORIGIN["Origin"], "a simple request reflects the Origin")
    tap.ok("Location" in (r.header("Access-Control-Expose-Headers") or ""),
           "Location is exposed to scripts")
    r = m.request("GET", "/api/sessions")
    tap.eq(r.header("Access-Control-Allow-Origin"), None, "no Origin, no CORS header (as the real server)")
    check_clean_stop(tap, m)

    m = Mock("--quiet", "--cors", "off")
    r = m.request("GET", "/api/sessions", headers=ORIGIN)
    tap.eq(r.header("Access-Control-Allow-Origin"), None, "--cors off: no Allow-Origin")
    check_clean_stop(tap, m)


def kernels_and_stateless(tap):
    m = Mock("--quiet", "--kernels", "ir,python3")
    r = m.request("POST", "/api/sessions", '{"path": "r.ipynb", "type": "notebook"}')
    tap.eq(r.json()["kernel"]["name"], "ir", "--kernels: the first kernelspec is the default")
    r = m.request("POST", "/api/sessions", '{"path": "p.ipynb", "type": "notebook", "kernel": {"name": "julia"}}')
    tap.eq(r.status, 501, "--kernels: another name is the real server's 501")
    check_clean_stop(tap, m)

    m = Mock("--quiet", "--stateless")
    a = m.request("POST", "/api/sessions", '{"path": "s.ipynb", "type": "notebook"}')
    b = m.request("GET", "/api/sessions")
    tap.ok(a.status == 201 and b.json() == [], "--stateless: creates do not change the list (the spec's first example)")
    check_clean_stop(tap, m)


TOO_DEEP = "Invalid JSON in body of request: nested deeper than 100 levels"


def deep_bodies(tap):
    """civetweb's workers have 100 KiB stacks and cJSON parses recursively:
    1,000 nested arrays used to take the whole server down."""
    past = "[" * 100000 + "]" * 100000
    deep_field = '{"path": "d.ipynb", "type": "notebook", "x": %s}'
    for flags in [(), ("--validate", "off"), ("--stateless",),
                  ("--scenario", "scenarios/demo.yaml")]:
        m = Mock("--quiet", *flags)
        name = " ".join(flags) or "default"
        r = m.request("POST", "/api/sessions", deep_field % ("[" * 99 + "]" * 99))
        tap.eq(r.status, 201, "%s: a body 100 levels deep is read" % name)
        r = m.request("POST", "/api/sessions", past)
        tap.eq((r.status, r.json()["message"]), (400, TOO_DEEP),
               "%s: 100,000 nested arrays are a 400 that says why" % name)
        r = m.request("PATCH", "/api/sessions/5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01",
                      deep_field % past)
        tap.eq((r.status, r.json()["message"]), (400, TOO_DEEP),
               "%s: so is a PATCH with a field that deep" % name)
        r = m.request("POST", "/api/sessions", '{"path": "a\\u0000b", "type": "notebook"}')
        tap.eq((r.status, r.json()["message"]),
               (400, "Invalid JSON in body of request: \\u0000 in a string is not supported"),
               "%s: \\u0000 in a string is a 400, not a string cut short" % name)
        tap.eq(m.request("GET", "/api").status, 200, "%s: the server still answers" % name)
        check_clean_stop(tap, m, "%s: and stops cleanly" % name)


def main():
    tap = Tap()
    validation(tap)
    cors(tap)
    kernels_and_stateless(tap)
    deep_bodies(tap)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
