#!/bin/bash
# time-install.sh - the time from `dpkg -i` to the first answered request,
# five times, the package removed after each (run as root; it installs
# /usr/bin/mock on this machine for a moment).
#
#   pkg/time-install.sh build/jupyter-sessions-mock_0.1.0_amd64.deb
set -u
deb=${1:?usage: time-install.sh PACKAGE.deb}
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  dpkg -i "$deb" >/dev/null 2>&1 || { echo "dpkg -i failed"; exit 1; }
  out=$(mktemp)
  mock --port 0 --quiet >"$out" 2>/dev/null & pid=$!
  while ! grep -q ':[0-9]*$' "$out"; do sleep 0.001; done
  port=$(sed 's/.*://' "$out")
  until curl -sf "http://127.0.0.1:$port/api" >/dev/null; do sleep 0.001; done
  t1=$(date +%s%N)
  kill $pid; wait $pid
  dpkg -r jupyter-sessions-mock >/dev/null 2>&1
  echo "$(( (t1 - t0) / 1000000 )) ms"
  rm -f "$out"
done
