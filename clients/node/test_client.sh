#!/bin/sh
# The Node helper's tests (node --test, TAP for prove) against the build
# make test made ($BUILD, default build).
cd "$(dirname "$0")/../.." || exit 1
if ! command -v node >/dev/null; then
	echo "1..0 # skip node is not installed (make deps installs it)"
	exit 0
fi
MOCK_BINARY="$PWD/${BUILD:-build}/mock" exec node --test --test-reporter=tap clients/node/test/
