#!/usr/bin/env bash
# run.sh - `make fuzz`: each libFuzzer target for FUZZ_TIME seconds.
#
#   tests/fuzz/run.sh BUILD TARGET...     (make fuzz builds BUILD=build-fuzz)
#
#   FUZZ_TIME=60      seconds per target
#   FUZZ_ARGS=        more libFuzzer flags (-jobs=2, -dict=..., -seed=1)
#
# Each target starts from its checked-in seeds (tests/fuzz/corpus/NAME/,
# tests/fuzz/regressions/NAME/), which it only reads; what it learns goes
# to BUILD/corpus/NAME/ and is reused by the next run.  A crash, leak,
# sanitizer report, timeout (10 s per input) or out-of-memory (2 GB)
# stops that target and leaves the input in BUILD/crashes/NAME-*: make it
# a test (tests/fuzz/regressions/NAME/ and a unit or golden test) and
# fix it.  Prints executions per target; exits 1 if any target found
# something.
set -uo pipefail
cd "$(dirname "$0")/../.."

BUILD=${1:?usage: run.sh BUILD TARGET...}
shift
FUZZ_TIME=${FUZZ_TIME:-60}
read -r -a extra <<<"${FUZZ_ARGS:-}"
status=0
summary=()
for target in "$@"; do
	bin=$BUILD/fuzz/$target
	work=$BUILD/corpus/$target
	log=$BUILD/fuzz/$target.log
	mkdir -p "$work" "$BUILD/crashes"
	seeds=(tests/fuzz/corpus/"$target")
	[ -d tests/fuzz/regressions/"$target" ] && seeds+=(tests/fuzz/regressions/"$target")
	echo "fuzz: $target for ${FUZZ_TIME}s (log: $log)"
	# timeout: a last guard should libFuzzer itself hang past its budget
	timeout -k 10 $((FUZZ_TIME + 120)) "$bin" -max_total_time="$FUZZ_TIME" \
		-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$BUILD/crashes/$target-" "${extra[@]}" \
		"$work" "${seeds[@]}" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ "$rc" = 0 ]; then
		summary+=("$(printf '%-12s %10s executions  %s  ok' "$target" "${execs:-?}" "$cov")")
	else
		status=1
		summary+=("$(printf '%-12s %10s executions  %s  FOUND SOMETHING (exit %s)' \
			"$target" "${execs:-?}" "$cov" "$rc")")
		grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|broken promise|Test unit written' \
			"$log" | head -8 | sed 's/^/  /'
	fi
done
echo
echo "fuzz: ${FUZZ_TIME}s per target"
printf '%s\n' "${summary[@]}"
exit "$status"
