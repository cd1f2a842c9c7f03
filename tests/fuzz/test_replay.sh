#!/usr/bin/env bash
# test_replay.sh - every fuzz target runs each of its checked-in inputs
# (tests/fuzz/corpus/NAME/, tests/fuzz/regressions/NAME/) once, without a
# crash, leak, sanitizer report or broken promise.  The regressions are
# the inputs fuzzing found a bug with; each stays here once fixed.
#
# Runs the libFuzzer binaries of build-fuzz/ (make test builds them) on
# files, which libFuzzer executes once each instead of fuzzing.
cd "$(dirname "$0")/../.."
BUILD_FUZZ=${BUILD_FUZZ:-build-fuzz}
targets=$(sed -n 's/^FUZZ_TARGET.\([a-z0-9_]*\),.*/\1/p' tests/fuzz/targets.def)
n=0
failed=0
for t in $targets; do
	n=$((n + 1))
	files=()
	for d in tests/fuzz/regressions/"$t" tests/fuzz/corpus/"$t"; do
		[ -d "$d" ] && files+=("$d"/*)
	done
	name="the $t target runs its ${#files[@]} checked-in inputs without a finding"
	if [ ! -x "$BUILD_FUZZ/fuzz/$t" ]; then
		echo "not ok $n - $name"
		echo "#   $BUILD_FUZZ/fuzz/$t is not built (make test builds it)"
		failed=1
		continue
	fi
	if [ "${#files[@]}" = 0 ]; then
		echo "not ok $n - $name"
		echo "#   no seeds in tests/fuzz/corpus/$t"
		failed=1
		continue
	fi
	if out=$("$BUILD_FUZZ/fuzz/$t" -timeout=20 -rss_limit_mb=2048 "${files[@]}" 2>&1); then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		grep -E '^Running:|ERROR|SUMMARY|runtime error|broken promise' <<<"$out" |
			grep -B1 -v '^Running:' | tail -12 | sed 's/^/#   /'
		failed=1
	fi
done
echo "1..$n"
exit $failed
