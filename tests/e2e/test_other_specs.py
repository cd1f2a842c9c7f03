#!/usr/bin/env python3
"""`make SPEC=file` builds a mock of any OpenAPI file: for every public
spec in ../shared/specs, the mock built from it answers every method+path
the file declares (never the router's 404 or 405)."""
import os
import subprocess
import sys

from harness import ROOT, Mock, Tap

SPECS = os.path.join(os.path.dirname(ROOT), "shared", "specs")


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


def main():
    tap = Tap()
    if not os.path.isdir(SPECS):
        tap.skip("public specs", "../shared/specs is absent")
        return tap.done()
    for f in sorted(os.listdir(SPECS)):
        if not f.endswith(".yaml"):
            continue
        spec = os.path.join(SPECS, f)
        build_dir, r = build(spec)
        if not tap.ok(r.returncode == 0, "make SPEC=%s builds a mock" % f, r.stderr[-2000:]):
            continue
        m = Mock("--quiet", "--validate", "off", binary=os.path.join(ROOT, build_dir, "mock"))
        unanswered = []
        ops = operations(build_dir, spec)
        for method, path in ops:
            r = m.request(method, concrete(path), b"{}" if method in ("POST", "PUT", "PATCH") else None)
            routed = not (r.status == 404 and r.body == b'{"message": "Not Found", "reason": null}')
            if not routed or r.status == 405 or r.status >= 500:
                unanswered.append("%s %s -> %d %s" % (method, path, r.status, r.body[:100]))
        tap.ok(not unanswered, "the %s mock answers all %d operations" % (f, len(ops)),
               "\n".join(unanswered))
        status, problems = m.stop()
        tap.ok(status == 0 and not problems, "the %s mock stops cleanly" % f)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
