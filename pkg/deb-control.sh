#!/bin/sh
# deb-control.sh - writes DEBIAN/control for the package made by `make deb`.
#
#   pkg/deb-control.sh BINARY ROOT > ROOT/DEBIAN/control
#
# Depends names the runtime libraries the binary links (libcivetweb1,
# libcjson1, libyaml-0-2 and libc6), each at least the upstream version
# it was built against, as read from dpkg on the build machine.
set -eu
bin=${1:?usage: deb-control.sh BINARY ROOT}
root=${2:?usage: deb-control.sh BINARY ROOT}
version=$("$bin" --version | sed -n '1s/^mock //p')
arch=$(dpkg --print-architecture)
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)

# "1.7.15-1+deb12u4" -> "1.7.15", "1.15+dfsg-4" -> "1.15": the upstream
# version without epoch, repackaging suffix or Debian revision.
at_least() {
	v=$(dpkg-query -W -f '${Version}' "$1")
	v=${v#*:}
	echo "$1 (>= ${v%%[-+~]*})"
}

cat <<CONTROL
Package: jupyter-sessions-mock
Version: $version
Architecture: $arch
Maintainer: jupyter-sessions-mock maintainers <maintainers@jupyter-sessions-mock.invalid>
Installed-Size: $size
Depends: $(at_least libc6), $(at_least libcivetweb1), $(at_least libcjson1), $(at_least libyaml-0-2)
Section: devel
Priority: optional
Description: mock of the Jupyter Server Sessions REST API
 A deterministic mock of the Jupyter Server Sessions and Kernels REST API,
 generated from its OpenAPI description, for frontend developers without a
 backend, for tests that need repeatable server behaviour (error cases,
 network faults, scripted scenarios) and for demos.  It answers as Jupyter
 Server 1.23.3 does.
CONTROL
