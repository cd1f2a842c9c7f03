#!/usr/bin/env python3
"""The kernel REST a frontend's managers use: kernelspecs (from --kernels
or a scenario), /api/status, kernel start, interrupt and restart, with the
answers of ../shared/reference/kernel-channels/rest.txt."""
import os

from harness import Mock, Tap, check_clean_stop

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
UNKNOWN = "00000000-0000-4000-8000-000000000000"

PYTHON3 = {"name": "python3",
           "spec": {"argv": ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "env": {}, "display_name": "Python 3 (ipykernel)", "language": "python",
                    "interrupt_mode": "signal", "metadata": {"debugger": True}},
           "resources": {"logo-svg": "/kernelspecs/python3/logo-svg.svg",
                         "logo-64x64": "/kernelspecs/python3/logo-64x64.png",
                         "logo-32x32": "/kernelspecs/python3/logo-32x32.png"}}


def main():
    tap = Tap()
    m = Mock("--kernels", "python3,ir")
    try:
        r = m.request("GET", "/api/kernelspecs")
        tap.eq(r.status, 200, "GET /api/kernelspecs answers 200")
        tap.eq(r.json()["default"], "python3", "the first of --kernels is the default")
        tap.eq(r.json()["kernelspecs"]["python3"], PYTHON3, "python3 is the real server's kernelspec")
        tap.eq(sorted(r.json()["kernelspecs"]), ["ir", "python3"], "every --kernels name is listed")
        tap.ok(r.header("Etag") is not None, "with an Etag", r.headers)
        r = m.request("GET", "/api/kernelspecs/python3")
        tap.eq((r.status, r.json()), (200, PYTHON3), "GET /api/kernelspecs/python3 answers the model")
        r = m.request("GET", "/api/kernelspecs/nosuch")
        tap.eq((r.status, r.json()), (404, {"message": "Kernel spec nosuch not found", "reason": None}),
               "an unknown kernelspec is the real 404")

        r = m.request("GET", "/api/status")
        tap.eq(r.json(), {"connections": 0, "kernels": 0, "last_activity": "2026-01-01T00:00:00Z",
                          "started": "2026-01-01T00:00:00Z"}, "status of an empty server")

        r = m.request("POST", "/api/kernels", '{"name": "python3"}')
        tap.eq(r.status, 201, "POST /api/kernels answers 201")
        k = r.json()
        tap.eq(list(k), ["id", "name", "last_activity", "execution_state", "connections"],
               "with the kernel model's keys in the real order")
        tap.eq((k["name"], k["execution_state"], k["connections"]), ("python3", "starting", 0),
               "a new kernel is starting with no connection")
        tap.eq(r.header("Location"), "/api/kernels/" + k["id"], "Location names the kernel")
        r = m.request("POST", "/api/kernels", '{"name": "nosuch"}')
        tap.eq((r.status, r.json()), (400, {"message": "No such kernel named nosuch (kernelspecs: python3, ir)",
                                            "reason": None}),
               "an unknown kernelspec is a 400 in the house shape (the real server: 500)")
        r = m.request("POST", "/api/kernels", "")
        tap.eq((r.status, r.json()["name"]), (201, "python3"), "no body starts the default kernelspec")

        r = m.request("POST", "/api/kernels/%s/interrupt" % k["id"], "")
        tap.eq((r.status, r.body), (204, b""), "interrupt answers 204 with no body")
        r = m.request("POST", "/api/kernels/%s/restart" % k["id"], "")
        tap.eq(r.status, 200, "restart answers 200")
        tap.eq((r.json()["id"], r.json()["execution_state"]), (k["id"], "idle"),
               "with the same kernel, idle")
        for op in ("interrupt", "restart"):
            r = m.request("POST", "/api/kernels/%s/%s" % (UNKNOWN, op), "")
            tap.eq((r.status, r.json()), (404, {"message": "Kernel does not exist: " + UNKNOWN, "reason": None}),
                   "%s of an unknown kernel is 404" % op)
        r = m.request("GET", "/api/kernels/%s/interrupt" % k["id"])
        tap.eq(r.status, 405, "GET on interrupt is 405")
        r = m.request("GET", "/api/status")
        tap.eq(r.json()["kernels"], 2, "status counts the live kernels")
        check_clean_stop(tap, m)
    finally:
        m.stop()

    m = Mock("--scenario", os.path.join(ROOT, "tests/scenario/ok-kernelspec-fields.yaml"))
    try:
        r = m.request("GET", "/api/kernelspecs/ir")
        spec = r.json()
        tap.eq(spec["spec"]["display_name"], "R", "a scenario sets a kernelspec's display_name")
        tap.eq(spec["spec"]["argv"][0], "R", "and its argv")
        tap.eq(spec["spec"]["interrupt_mode"], "message", "and its interrupt_mode")
        tap.eq(spec["resources"], {"logo-64x64": "/kernelspecs/ir/logo-64x64.png"}, "and its resources")
        tap.ok("language_info" not in spec["spec"], "language_info stays out of the model", spec)
        r = m.request("POST", "/api/kernels", '{"name": "ir"}')
        tap.eq((r.status, r.json()["name"]), (201, "ir"), "a scenario's kernelspec can be started")
        check_clean_stop(tap, m)
    finally:
        m.stop()
    return tap.done()


if __name__ == "__main__":
    raise SystemExit(main())
