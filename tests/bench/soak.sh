#!/usr/bin/env bash
# soak.sh - `make soak`: does the mock's memory stay flat under load?
#
# For each connection count, starts build/mock, sends REQUESTS requests of
# a create / get / list / delete mix on that many keep-alive connections
# (tests/bench/soak.c) and prints the mock's VmRSS sampled SAMPLES times
# during the run, then one summary row per run (start, after warm-up,
# end, growth after warm-up).  The curves and the table are also written
# to build/bench/soak.txt.
#
#   REQUESTS=1000000 CONNS="64 4" SAMPLES=20 WARMUP=10 (percent)
#   MAX_GROWTH_KB=   fail when RSS grows more than this after warm-up
#   MOCK=build/mock  the binary under test (not a sanitizer build: ASan
#                    has its own allocator, so its RSS says nothing of
#                    glibc's)
#   SOAK=build/tests/bench/soak  the client (make soak builds both)
#
# The mock binds 127.0.0.1 on a port it picks and is stopped by PID, also
# when the script fails or is interrupted.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=build/bench
MOCK=${MOCK:-build/mock}
REQUESTS=${REQUESTS:-1000000}
CONNS=${CONNS:-64 4}
SAMPLES=${SAMPLES:-20}
WARMUP=${WARMUP:-10}
MAX_GROWTH_KB=${MAX_GROWTH_KB:-}
SOAK=${SOAK:-build/tests/bench/soak}

die() { echo "soak.sh: $*" >&2; exit 1; }

[ -x "$MOCK" ] && [ -x "$SOAK" ] || die "$MOCK or $SOAK is not built (make soak)"
mkdir -p "$OUT"

PID=
FD=
cleanup() {
	if [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start THREADS: the mock on a fifo; waits (10 s at most) for its first
# line, "... listening on http://127.0.0.1:PORT".
start() {
	local fifo=$OUT/soak.fifo line
	rm -f "$fifo"
	mkfifo "$fifo"
	"$MOCK" --quiet --port 0 --threads "$1" >"$fifo" 2>"$OUT/soak.stderr" &
	PID=$!
	exec {FD}<"$fifo"
	if ! IFS= read -r -t 10 -u "$FD" line ||
	   [[ ! $line =~ listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]]; then
		cat "$OUT/soak.stderr" >&2
		die "the mock did not start"
	fi
	PORT=${BASH_REMATCH[1]}
}

# stop: SIGTERM, SIGKILL after 10 s; it must exit 0.
stop() {
	local i rc=0
	kill -TERM "$PID"
	for ((i = 0; i < 200; i++)); do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$PID" 2>/dev/null || true
	wait "$PID" || rc=$?
	PID=
	exec {FD}<&-
	[ "$rc" = 0 ] || die "the mock exited with status $rc ($OUT/soak.stderr)"
}

report=$OUT/soak.txt
: >"$report"
rows=()
status=0
for conns in $CONNS; do
	threads=$((conns > 64 ? conns : 64)) # the default, or one per connection
	start "$threads"
	echo "soak: $REQUESTS requests on $conns connections, mock pid $PID" |
		tee -a "$report"
	args=(-c "$conns" -n "$REQUESTS" -s "$SAMPLES" -w "$WARMUP")
	[ -n "$MAX_GROWTH_KB" ] && args+=(-g "$MAX_GROWTH_KB")
	out=$("$SOAK" "${args[@]}" "$PORT" "$PID") || status=1
	stop
	sed -n 's/^rss requests=\([0-9]*\) rss_kb=\([0-9]*\)$/  \1\t\2 kB/p' <<<"$out" |
		tee -a "$report"
	rows+=("$(grep '^soak ' <<<"$out")") || die "no summary: $out"
done

{
	echo
	echo "| connections | requests | seconds | RSS start | after warm-up ($WARMUP %) | end | growth after warm-up |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	for row in "${rows[@]}"; do
		declare -A f=()
		for kv in $row; do
			[[ $kv == *=* ]] && f[${kv%%=*}]=${kv#*=}
		done
		printf '| %s | %s | %s | %s kB | %s kB | %s kB | %s kB |\n' \
			"${f[conns]}" "${f[requests]}" "${f[seconds]}" "${f[start_kb]}" \
			"${f[warm_kb]}" "${f[end_kb]}" "${f[growth_kb]}"
	done
} | tee -a "$report"
exit "$status"
