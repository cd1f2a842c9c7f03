#!/usr/bin/env bash
# Scenario benchmark (not part of make test):
#   1. generates a scenario of 10,000 steps (STEPS=...), in sequence and in
#      one any-order state, and times `mock --check` on each (median of RUNS);
#   2. serves each and times the requests that take steps 1-1,000 and
#      steps 9,001-10,000, on one keep-alive connection: the client's wall
#      time per request and the server's own time (its log line's us),
#      medians.  A request's cost should not grow with the steps consumed.
# Usage: tests/scenario/bench_load.sh   (BUILD=build by default: -O2)
set -eu
cd "$(dirname "$0")/../.."
MOCK=${BUILD:-build}/mock
STEPS=${STEPS:-10000}
RUNS=${RUNS:-7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" "$STEPS" <<'EOF'
import sys
tmp, n = sys.argv[1], int(sys.argv[2])
# Three kinds of step in turn: the state answers a list, a scripted
# kernels list with templates, a scripted 404 for one session.
kinds = [
    "  - name: list {i}\n    match: {{operation: sessionsList}}\n",
    "  - name: kernels {i}\n    match: {{method: GET, path: /api/kernels}}\n"
    "    respond:\n      status: 200\n      body: []\n"
    "      headers: {{X-Step: \"{i} {{{{request.method}}}} {{{{clock.now}}}}\"}}\n",
    "  - name: gone {i}\n    match: {{operation: sessionsGet}}\n"
    "    respond: {{status: 404, example: notFound}}\n",
]
steps = "".join(kinds[i % 3].format(i=i) for i in range(n))
head = "scenario: bench-{0}\nseed: 1\nkernels: [python3]\n"
with open(tmp + "/sequence.yaml", "w") as f:
    f.write(head.format("sequence") + "steps:\n" + steps)
with open(tmp + "/any.yaml", "w") as f:
    f.write(head.format("any") + "states:\n  all:\n    order: any\n    steps:\n"
            + steps.replace("\n  ", "\n      ").replace("  - name", "      - name", 1))
EOF

median_check() { # median_check FILE -> milliseconds
	for _ in $(seq "$RUNS"); do
		start=$(date +%s%N)
		"$MOCK" --check "$1" >/dev/null
		end=$(date +%s%N)
		echo $(((end - start) / 1000))
	done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

for kind in sequence any; do
	f=$tmp/$kind.yaml
	printf '%s: %d steps, %d bytes: mock --check median of %d: %s ms\n' \
		"$kind" "$STEPS" "$(wc -c <"$f")" "$RUNS" "$(median_check "$f")"
done

python3 - "$MOCK" "$tmp" "$STEPS" <<'EOF'
import http.client, re, statistics, subprocess, sys, tempfile, time
mock, tmp, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
SID = "00000000-0000-4000-8000-000000000000"
paths = ["/api/sessions", "/api/kernels", "/api/sessions/" + SID]
window = min(1000, n // 10)
for kind in ("sequence", "any"):
    err = tempfile.TemporaryFile()
    p = subprocess.Popen([mock, "--host", "127.0.0.1", "--port", "0", "--scenario",
                          "%s/%s.yaml" % (tmp, kind)], stdout=subprocess.PIPE, stderr=err)
    port = int(re.search(rb":(\d+)\s*$", p.stdout.readline()).group(1))
    c = http.client.HTTPConnection("127.0.0.1", port)
    wall = []
    for i in range(n):
        t = time.perf_counter()
        c.request("GET", paths[i % 3])
        r = c.getresponse()
        r.read()
        wall.append(time.perf_counter() - t)
        if r.status == 400:
            sys.exit("request %d went off script" % (i + 1))
    c.close()
    p.terminate()
    p.wait()
    err.seek(0)
    server = [int(m) for m in re.findall(rb" (\d+)us", err.read())]
    def med(xs):
        return statistics.median(xs) * 1e6 if isinstance(xs[0], float) else statistics.median(xs)
    early, late = slice(0, window), slice(n - window, n)
    print("%s: steps 1-%d: client %.1f us, server %.1f us per request; "
          "steps %d-%d: client %.1f us, server %.1f us (medians)"
          % (kind, window, med(wall[early]), med(server[early]),
             n - window + 1, n, med(wall[late]), med(server[late])))
EOF
