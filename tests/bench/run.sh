#!/usr/bin/env bash
# run.sh - `make bench`: the mock against a do-nothing civetweb server.
#
# Measures with wrk (the same -t/-c/-d for every row) requests/s and
# p50/p99 latency of the Sessions endpoints, each right after the same
# workload against build/bench/ceiling (civetweb answering fixed bytes),
# plus the mock's startup time and its peak RSS holding 10,000 sessions.
# Writes build/bench/results.md and build/bench/rps.svg.
#
#   CONNS=32 WRK_THREADS=2 DURATION=5   the wrk workload (seconds)
#   ROUNDS=3                            mock/ceiling pairs per row (median)
#   DELETE_POOL_MAX=1200000             cap of the sessions made for DELETE
#   PEERS=1                             also Prism (npm), stateless
#   MOCK=build/mock                     the binary under test
#
# Everything binds 127.0.0.1 on ports the servers pick; servers are
# stopped by PID, also when the script fails or is interrupted.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=build/bench
MOCK=${MOCK:-build/mock}
CONNS=${CONNS:-32}
WRK_THREADS=${WRK_THREADS:-2}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
DELETE_POOL_MAX=${DELETE_POOL_MAX:-1200000}
PEERS=${PEERS:-0}
SERVER_THREADS=$((CONNS * 2)) # >= wrk's connections: one thread each
CC=${CC:-cc}
CFLAGS_BENCH="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
 -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
 -Wwrite-strings -Wvla -O2"

die() { echo "run.sh: $*" >&2; exit 1; }

# ---- tools ----

if ! command -v wrk >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		apt-get update && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y wrk || exit 1
	else
		echo "run.sh: wrk is missing; run as root:"
		echo "  apt-get install -y wrk"
		exit 1
	fi
fi
command -v python3 >/dev/null 2>&1 || die "python3 is needed for the report"
[ -x "$MOCK" ] || die "$MOCK is not built (make all)"

rm -rf "$OUT/run"
mkdir -p "$OUT/run"
RUN=$OUT/run
RESULTS=$RUN/results.tsv
EXTRA=$RUN/extra.tsv
: >"$RESULTS"
: >"$EXTRA"
# shellcheck disable=SC2086
$CC $CFLAGS_BENCH -o "$OUT/ceiling" tests/bench/ceiling.c -lcivetweb -lpthread
# shellcheck disable=SC2086
$CC $CFLAGS_BENCH -o "$OUT/startup" tests/bench/startup.c

# ---- servers ----

declare -A PID PORT FD
cleanup() {
	local name
	for name in "${!PID[@]}"; do
		kill -TERM "${PID[$name]}" 2>/dev/null || true
	done
	for name in "${!PID[@]}"; do
		wait "${PID[$name]}" 2>/dev/null || true
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND... : runs it with stdout on a fifo and waits (10 s at
# most) for its first line, "... listening on http://127.0.0.1:PORT".
start() {
	local name=$1 fifo=$RUN/$1.fifo line fd
	shift
	rm -f "$fifo"
	mkfifo "$fifo"
	"$@" >"$fifo" 2>"$RUN/$name.stderr" &
	PID[$name]=$!
	exec {fd}<"$fifo"
	FD[$name]=$fd
	if ! IFS= read -r -t 10 -u "$fd" line ||
	   [[ ! $line =~ listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]]; then
		echo "run.sh: $name did not start; its stderr:" >&2
		cat "$RUN/$name.stderr" >&2
		exit 1
	fi
	PORT[$name]=${BASH_REMATCH[1]}
}

# stop NAME: SIGTERM, SIGKILL after 10 s; it must exit 0.
stop() {
	local name=$1 pid=${PID[$1]} fd=${FD[$1]} i rc=0
	kill -TERM "$pid"
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" || rc=$?
	exec {fd}<&-
	unset "PID[$name]" "PORT[$name]" "FD[$name]"
	[ "$rc" = 0 ] || die "$name exited with status $rc; stderr in $RUN/$name.stderr"
	if grep -q 'Sanitizer' "$RUN/$name.stderr"; then
		die "$name: sanitizer report in $RUN/$name.stderr"
	fi
}

CURRENT_MOCK=
start_mock() {
	start "$1" "$MOCK" --quiet --port 0 --threads "$SERVER_THREADS"
	CURRENT_MOCK=$1
}

TICKS=$(getconf CLK_TCK)
url() { echo "http://127.0.0.1:${PORT[$1]}"; }

# ---- wrk ----

WRK=(wrk "-t$WRK_THREADS" "-c$CONNS" "-d${DURATION}s" --latency --timeout 5s)

# CPU time (user + system) of a process, in clock ticks.
cpu_ticks() {
	local stat
	stat=$(<"/proc/$1/stat")
	stat=${stat##*) }
	awk '{ print $12 + $13 }' <<<"$stat"
}

# measure ROW SERVER INSTANCE SCRIPT [ARGS...]: one wrk run against the
# running INSTANCE, its BENCH line kept as SERVER's result for ROW, with
# the CPU the server spent meanwhile.
measure() {
	local row=$1 server=$2 instance=$3 script=$4 raw line cpu0 cpu1
	shift 4
	raw=$RUN/wrk-$row-$server.txt
	cpu0=$(cpu_ticks "${PID[$instance]}")
	timeout $((DURATION + 60)) "${WRK[@]}" -s "tests/bench/$script.lua" \
		"$(url "$instance")" -- "$@" >"$raw" 2>&1 ||
		die "wrk failed on $row/$server: $(tail -3 "$raw")"
	cpu1=$(cpu_ticks "${PID[$instance]}")
	line=$(grep '^BENCH ' "$raw") || die "no result from wrk: $raw"
	line="$line cpu_us=$(((cpu1 - cpu0) * 1000000 / TICKS))"
	printf '%s\t%s\t%s\n' "$row" "$server" "${line#BENCH }" >>"$RESULTS"
	printf '  %-10s %-8s %s\n' "$row" "$server" "${line#BENCH }"
}

# Both servers, ROUNDS times, alternating which goes first: the machine's
# speed drifts by tens of percent within a minute, and the report takes
# each server's median round.  In the script's arguments, {round} becomes
# the round's number (create needs new paths every time).
measure_pair() {
	local row=$1 script=$2 round
	shift 2
	for ((round = 1; round <= ROUNDS; round++)); do
		local args=("${@//\{round\}/$round}")
		if ((round % 2)); then
			measure "$row" mock "$CURRENT_MOCK" "$script" "${args[@]}"
			measure "$row" ceiling ceiling "$script" "${args[@]}"
		else
			measure "$row" ceiling ceiling "$script" "${args[@]}"
			measure "$row" mock "$CURRENT_MOCK" "$script" "${args[@]}"
		fi
	done
}

# populate SERVER COUNT IDS: COUNT more sessions of distinct paths; their
# ids are appended to IDS (exactly COUNT of them, or it fails).
POPULATION=0
populate() {
	local server=$1 count=$2 ids=$3 prefix=p$((POPULATION++)) got
	rm -f "$RUN/$prefix".ids.*
	timeout 120 wrk "-t$WRK_THREADS" "-c$CONNS" -d100s \
		-s tests/bench/populate.lua "$(url "$server")" -- \
		"$count" "$WRK_THREADS" "$prefix" "$RUN/$prefix.ids" \
		>"$RUN/populate-$prefix.txt" 2>&1 || true
	cat "$RUN/$prefix".ids.[0-9] "$RUN/$prefix".ids.[0-9][0-9] \
		2>/dev/null >>"$ids" || true
	got=$(cat "$RUN/$prefix".ids.[0-9] 2>/dev/null | sort -u | wc -l)
	[ "$got" = "$count" ] ||
		die "populate: $got of $count sessions created ($RUN/populate-$prefix.txt)"
}

vm() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/${PID[$1]}/status"; }

printf 'loadavg\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$EXTRA"
echo "bench: wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s; servers with $SERVER_THREADS threads"
start ceiling "$OUT/ceiling" 0 "$SERVER_THREADS"

# Lists of 1 and 100 sessions, and PATCH over those 100.
start_mock m-list
populate m-list 1 "$RUN/ids-1"
measure_pair list-1 list
populate m-list 99 "$RUN/ids-100"
cat "$RUN/ids-1" >>"$RUN/ids-100"
measure_pair list-100 list
measure_pair patch patch "$RUN/ids-100" "$WRK_THREADS"
stop m-list

# 10,000 sessions: the peak RSS holding them, before and after one list
# of them (the mock keeps the list it built), then the list under load.
start_mock m-10k
populate m-10k 10000 "$RUN/ids-10k"
printf 'rss_sessions_kb\t%s\n' "$(vm m-10k VmHWM)" >>"$EXTRA"
curl -sf -o /dev/null "$(url m-10k)/api/sessions" || die "list of 10,000 failed"
printf 'rss_kb\t%s\nrss_now_kb\t%s\n' "$(vm m-10k VmHWM)" "$(vm m-10k VmRSS)" >>"$EXTRA"
measure_pair list-10k list
printf 'rss_after_load_kb\t%s\n' "$(vm m-10k VmHWM)" >>"$EXTRA"
stop m-10k

# GET by id with 10, then 100,000 sessions in the store.
start_mock m-get
populate m-get 10 "$RUN/ids-10"
measure_pair get-10 get "$RUN/ids-10" "$WRK_THREADS"
cp "$RUN/ids-10" "$RUN/ids-100k"
populate m-get 99990 "$RUN/ids-100k"
measure_pair get-100k get "$RUN/ids-100k" "$WRK_THREADS"
stop m-get

# POST on an empty store, each one a new path.
start_mock m-create
measure_pair create create 'c{round}'
stop m-create

# DELETE, each of a pool of sessions once.  The ceiling goes first and
# sizes the pool: three times what it answered, as the mock's 204 is
# smaller than the ceiling's 650 bytes (the mock has measured 1.45x the
# ceiling here) and wrk's threads do not end their shares together.  If the ids still run out, the 404s that follow are not
# counted (the figure is then a lower bound, and says so).
measure delete ceiling ceiling delete "$RUN/ids-100k" "$WRK_THREADS"
pool=$(awk -F'\t' '$1 == "delete" && $2 == "ceiling" {
	split($3, f, " "); for (i in f) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
	print int((v["requests"] - v["status"]) * 3) + 1000 }' "$RESULTS")
[ "$pool" -le "$DELETE_POOL_MAX" ] || pool=$DELETE_POOL_MAX
start_mock m-delete
populate m-delete "$pool" "$RUN/ids-pool"
measure delete mock m-delete delete "$RUN/ids-pool" "$WRK_THREADS"
printf 'delete_pool\t%s\n' "$pool" >>"$EXTRA"
stop m-delete

# Startup: exec to the first answered request, 21 runs each.
for server in mock ceiling; do
	if [ "$server" = mock ]; then
		cmd=("$MOCK" --quiet --port '{port}' --threads "$SERVER_THREADS")
	else
		cmd=("$OUT/ceiling" '{port}' "$SERVER_THREADS")
	fi
	line=$("$OUT/startup" 21 "${cmd[@]}") || die "startup of $server failed"
	printf 'startup_%s\t%s\n' "$server" "$line" >>"$EXTRA"
done

# ---- peers ----

if [ "$PEERS" = 1 ]; then
	if ! command -v npm >/dev/null 2>&1; then
		echo "bench: PEERS=1 but npm is not installed; skipping Prism"
	elif ! [ -x "$OUT/node_modules/.bin/prism" ] &&
	     ! timeout 240 npm install --prefix "$OUT" --no-audit --no-fund \
		     @stoplight/prism-cli >"$RUN/npm.log" 2>&1; then
		echo "bench: npm install of @stoplight/prism-cli failed; skipping Prism ($RUN/npm.log)"
	else
		port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		"$OUT/node_modules/.bin/prism" mock spec/sessions.yaml \
			-h 127.0.0.1 -p "$port" >"$RUN/prism.stdout" 2>"$RUN/prism.stderr" &
		PID[prism]=$!
		PORT[prism]=$port
		for ((i = 0; i < 600; i++)); do # Node needs a few seconds
			curl -sf -o /dev/null "$(url prism)/api/sessions" && break
			kill -0 "${PID[prism]}" 2>/dev/null ||
				die "prism died: $(tail -5 "$RUN/prism.stderr")"
			sleep 0.05
		done
		measure list-1 prism prism list
		measure get-10 prism prism get "$RUN/ids-10" "$WRK_THREADS"
		measure create prism prism create c
		kill -TERM "${PID[prism]}"
		wait "${PID[prism]}" || true
		unset "PID[prism]" "PORT[prism]"
	fi
fi

stop ceiling
python3 tests/bench/report.py "$RUN" "$OUT" \
	"wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s --latency; servers with $SERVER_THREADS threads; each row the median of $ROUNDS rounds, alternating which server goes first"
