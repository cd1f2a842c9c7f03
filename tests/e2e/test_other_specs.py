#!/usr/bin/env python3
"""`make SPEC=file` builds a mock of any OpenAPI file: for every public
spec in ../shared/specs and tests/e2e/specs, the mock built from it
answers every method+path the file declares (never the router's 404 or
405), a root path "/" too, and sends none of the headers only Jupyter
Server sends (its Content-Security-Policy reports to a Jupyter route)."""
import os
import subprocess
import sys

from harness import ROOT, Mock, Tap

SPECS = os.path.join(os.path.dirname(ROOT), "shared", "specs")
OWN_SPECS = os.path.join(ROOT, "tests", "e2e", "specs")
JUPYTER_ONLY = ("content-security-policy", "x-content-type-options")


def build(spec):
    name = os.path.splitext(os.path.basename(spec))[0]
    build_dir = "build-spec-" + name
    r = subprocess.run(["make", "-s", "BUILD=" + build_dir, "SPEC=" + spec, "OPT=-O0 -g",
                        build_dir + "/mock", build_dir + "/specgen"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    return build_dir, r


def operations(build_dir, spec):
    out = subprocess.run([os.path.join(ROOT, build_dir, "specgen"), "--list", spec],
                         capture_output=True, text=True, check=True).stdout
    return [line.split(" ", 2)[:2] for line in out.splitlines()]


def concrete(path):
    """A path template with every {parameter} filled in."""
    parts = []
    for seg in path.split("/"):
        while "{" in seg and "}" in seg:
            seg = seg[:seg.index("{")] + "00000000-0000-4000-8000-000000000000" + seg[seg.index("}") + 1:]
        parts.append(seg)
    return "/".join(parts)


def spec_files():
    """(name, path) of every spec to mock: the public ones, then ours."""
    found = []
    for folder in (SPECS, OWN_SPECS):
        if os.path.isdir(folder):
            found += [(f, os.path.join(folder, f)) for f in sorted(os.listdir(folder))
                      if f.endswith(".yaml")]
    return found


def main():
    tap = Tap()
    if not os.path.isdir(SPECS):
        tap.skip("public specs", "../shared/specs is absent")
    for f, spec in spec_files():
        build_dir, r = build(spec)
        if not tap.ok(r.returncode == 0, "make SPEC=%s builds a mock" % f, r.stderr[-2000:]):
            continue
        m = Mock("--quiet", "--validate", "off", binary=os.path.join(ROOT, build_dir, "mock"))
        unanswered, jupyter_headers = [], []
        ops = operations(build_dir, spec)
        for method, path in ops:
            r = m.request(method, concrete(path), b"{}" if method in ("POST", "PUT", "PATCH") else None)
            routed = not (r.status == 404 and r.body == b'{"message": "Not Found", "reason": null}')
            if not routed or r.status == 405 or r.status >= 500:
                unanswered.append("%s %s -> %d %s" % (method, path, r.status, r.body[:100]))
            jupyter_headers += ["%s %s: %s" % (method, path, k) for k, _ in r.headers
                                if k.lower() in JUPYTER_ONLY]
        tap.ok(not unanswered, "the %s mock answers all %d operations" % (f, len(ops)),
               "\n".join(unanswered))
        tap.ok(not jupyter_headers, "the %s mock sends none of Jupyter Server's own headers" % f,
               "\n".join(jupyter_headers[:10]))
        if f == "root-path.yaml":
            r = m.request("GET", "/")
            tap.eq((r.status, r.body), (200, b'{"hello": "world"}'),
                   "GET / of a spec with a root path is answered from it")
        status, problems = m.stop()
        tap.ok(status == 0 and not problems, "the %s mock stops cleanly" % f)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
