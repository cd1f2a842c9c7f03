#!/usr/bin/env python3
"""The mock installs like a tool: `make deb` builds a Debian package whose
Depends are the runtime libraries; unpacked into a scratch root (dpkg -x,
the machine is not touched) its mock runs from PATH, answers, and finds
the shipped scenarios by name; its man page is there.  `make install`
honours PREFIX and DESTDIR and `make uninstall` takes it all away.

Needs dpkg-deb (Debian's dpkg) and a release build (`make deb` makes one
in build/).
"""
import atexit
import gzip
import os
import shutil
import subprocess
import tempfile

from harness import ROOT, Mock, Tap, check_clean_stop

LIBS = ["libc6", "libcivetweb1", "libcjson1", "libyaml-0-2"]
SESSION = b'{"path": "a.ipynb", "name": "a.ipynb", "type": "notebook", "kernel": {"name": "python3"}}'


def kill_at_exit(server):
    """Kills server at exit if a failure left it running (its stop() is the
    normal way out; this is for an exception midway)."""
    atexit.register(lambda: server.proc.poll() is None and server.proc.kill())
    return server


def make(*args):
    """Runs make in ROOT with the release build; (exit status, output)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "BUILD", "SANITIZE")}
    p = subprocess.run(["make", "-C", ROOT, "--no-print-directory", "BUILD=build"] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=600)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def files_under(top):
    return sorted(os.path.relpath(os.path.join(d, f), top)
                  for d, _, fs in os.walk(top) for f in fs)


def check_deb(tap, scratch):
    rc, out = make("deb")
    debs = [f for f in os.listdir(os.path.join(ROOT, "build")) if f.endswith(".deb")]
    if not tap.ok(rc == 0 and len(debs) == 1, "make deb builds one package in build/", out[-3000:]):
        return None
    deb = os.path.join(ROOT, "build", debs[0])
    field = lambda name: subprocess.run(["dpkg-deb", "-f", deb, name], stdout=subprocess.PIPE,
                                        check=True).stdout.decode().strip()
    depends = [d.split()[0] for d in field("Depends").split(", ")]
    tap.eq(depends, LIBS, "the package depends on libc6, libcivetweb1, libcjson1 and libyaml-0-2")
    installed = [p for p in LIBS if subprocess.run(["dpkg", "-s", p], stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL).returncode == 0]
    tap.eq(installed, LIBS, "each dependency is a package of this Debian")
    tap.eq((field("Package"), field("Version")), ("jupyter-sessions-mock", "0.1.0"),
           "the package is jupyter-sessions-mock 0.1.0, the binary's --version")
    subprocess.run(["dpkg", "-x", deb, scratch], check=True)
    return deb


def check_installed_mock(tap, scratch):
    path = os.path.join(scratch, "usr", "bin") + os.pathsep + os.environ.get("PATH", "")
    found = shutil.which("mock", path=path)
    tap.eq(found, os.path.join(scratch, "usr", "bin", "mock"), "mock on PATH is the unpacked package's")
    if not found:
        return
    mock = kill_at_exit(Mock("--quiet", binary=found))
    r = mock.request("GET", "/api")
    tap.ok(r.status == 200 and r.json() == {"version": "1.23.3"}, "the packaged mock answers GET /api",
           "%d %r" % (r.status, r.body))
    r = mock.request("POST", "/api/sessions", SESSION)
    tap.ok(r.status == 201 and r.json()["path"] == "a.ipynb", "the packaged mock creates a session",
           "%d %r" % (r.status, r.body))
    check_clean_stop(tap, mock, "the packaged mock stops cleanly")

    # A bare name is a scenario of the package's share/, wherever the cwd.
    mock = kill_at_exit(Mock("--quiet", "--scenario", "create-501", binary=found))
    codes = [mock.request("POST", "/api/sessions", SESSION.replace(b"a.ipynb", b"%d.ipynb" % i)).status
             for i in range(3)]
    tap.eq(codes, [201, 501, 201], "--scenario create-501 plays the packaged scenario (found beside the binary)")
    check_clean_stop(tap, mock, "the packaged mock with a shipped scenario stops cleanly")

    man = os.path.join(scratch, "usr", "share", "man", "man1", "mock.1.gz")
    text = gzip.open(man).read().decode() if os.path.exists(man) else ""
    tap.ok(".TH MOCK 1" in text and "\\-\\-scenario" in text and "/usr/share/jupyter\\-sessions\\-mock/scenarios" in text,
           "the package holds the mock(1) man page made from --help", text[:500])
    if shutil.which("man"):
        p = subprocess.run(["man", "-l", man], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="80"))
        out = p.stdout.decode("utf-8", "replace")
        tap.ok(p.returncode == 0 and "--clock-start" in out.replace("\u2010", "-") and not p.stderr,
               "man renders the page without a warning", out[:800] + p.stderr.decode()[:800])


def check_install(tap, dest):
    rc, out = make("install", "DESTDIR=" + dest, "PREFIX=/opt/jsm")
    got = files_under(dest)
    want = ["opt/jsm/bin/mock", "opt/jsm/share/jupyter-sessions-mock/scenarios/README.md",
            "opt/jsm/share/jupyter-sessions-mock/scenarios/create-501.yaml",
            "opt/jsm/share/jupyter-sessions-mock/spec/sessions.yaml", "opt/jsm/share/man/man1/mock.1"]
    tap.ok(rc == 0 and all(w in got for w in want),
           "make install DESTDIR=... PREFIX=/opt/jsm puts the binary, scenarios, spec and man page there",
           out[-2000:] + "\n" + "\n".join(got))
    binary = os.path.join(dest, "opt/jsm/bin/mock")
    p = subprocess.run([binary, "--check", "create-501", "demo.yaml"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, cwd="/")
    tap.ok(p.returncode == 0 and p.stdout == b"create-501: ok\ndemo.yaml: ok\n",
           "the installed mock checks shipped scenarios by name from any directory",
           p.stdout.decode() + p.stderr.decode())
    rc, out = make("uninstall", "DESTDIR=" + dest, "PREFIX=/opt/jsm")
    tap.ok(rc == 0 and files_under(dest) == [], "make uninstall removes every file it installed",
           out[-2000:] + "\n" + "\n".join(files_under(dest)))


def main():
    tap = Tap()
    if not shutil.which("dpkg-deb"):
        tap.skip("the package tests", "dpkg-deb is absent (a Debian system has it)")
        return tap.done()
    with tempfile.TemporaryDirectory(prefix="mock-pkg-") as tmp:
        scratch = os.path.join(tmp, "root")
        if check_deb(tap, scratch):
            check_installed_mock(tap, scratch)
        check_install(tap, os.path.join(tmp, "dest"))
    return tap.done()


if __name__ == "__main__":
    raise SystemExit(main())
