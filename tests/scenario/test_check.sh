#!/usr/bin/env bash
# Golden tests of the scenario loader, run from anywhere by prove (TAP):
#   scenarios/*.yaml          every shipped scenario passes `mock --check`
#   tests/scenario/ok-*.yaml  passes `mock --check` too
#   tests/scenario/bad-*.yaml `mock --check` exits 1, prints nothing on
#                             stdout, and its stderr equals bad-*.expected.err
# plus the errors that need no file of their own (missing, too large).
# After a deliberate change of a message, regenerate an expected file with
#   build/mock --check tests/scenario/bad-X.yaml 2> tests/scenario/bad-X.expected.err
# and review the diff.
set -u
cd "$(dirname "$0")/../.." || exit 1
MOCK=${BUILD:-build}/mock
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

result() { # result STATUS NAME [DETAIL-FILE]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/#   /' "$3" | head -40
	fi
}

for sc in scenarios/*.yaml tests/scenario/ok-*.yaml; do
	[ -e "$sc" ] || continue
	"$MOCK" --check "$sc" >"$tmp/out" 2>"$tmp/err"
	result $? "$sc passes mock --check" "$tmp/err"
	echo "$sc: ok" | diff -u - "$tmp/out" >"$tmp/diff" 2>&1
	result $? "$sc: mock --check says '$sc: ok'" "$tmp/diff"
done

for sc in tests/scenario/bad-*.yaml; do
	name=${sc%.yaml}
	"$MOCK" --check "$sc" >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" = 1 ] && [ ! -s "$tmp/out" ]
	result $? "$sc is refused with status 1 and nothing on stdout (got $status)" "$tmp/out"
	diff -u "$name.expected.err" "$tmp/err" >"$tmp/diff" 2>&1
	result $? "$sc reports exactly $name.expected.err" "$tmp/diff"
done

# Several files at once: each is reported, the good one too, and one
# bad file makes the whole check fail.
"$MOCK" --check scenarios/default.yaml tests/scenario/bad-unknown-key.yaml \
	>"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" = 1 ] && grep -qx 'scenarios/default.yaml: ok' "$tmp/out" &&
	cmp -s "$tmp/err" tests/scenario/bad-unknown-key.expected.err
result $? "a good and a bad file: status 1, the good one ok, the bad one's errors" "$tmp/err"

"$MOCK" --check "$tmp/missing.yaml" >"$tmp/out" 2>"$tmp/err"
status=$?
echo "$tmp/missing.yaml:1:1: error: cannot open the file" | diff -u - "$tmp/err" >"$tmp/diff"
echo "exit status $status" >>"$tmp/diff"
[ "$status" = 1 ] && [ "$(cat "$tmp/diff")" = "exit status 1" ]
result $? "a missing file: 'cannot open the file' and status 1" "$tmp/diff"

{ echo "scenario: big"; echo "description: |"
  head -c 9000000 /dev/zero | tr '\0' 'x' | fold -w 100 | sed 's/^/  /'; } >"$tmp/big.yaml"
"$MOCK" --check "$tmp/big.yaml" >"$tmp/out" 2>"$tmp/err"
status=$?
echo "$tmp/big.yaml:1:1: error: larger than 8388608 bytes" | diff -u - "$tmp/err" >"$tmp/diff"
echo "exit status $status" >>"$tmp/diff"
[ "$status" = 1 ] && [ "$(cat "$tmp/diff")" = "exit status 1" ]
result $? "a file over 8 MiB: 'larger than 8388608 bytes' and status 1" "$tmp/diff"

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
