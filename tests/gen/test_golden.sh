#!/usr/bin/env bash
# Golden tests of specgen, run from anywhere by prove (prints TAP):
#   ok-*.yaml      the generated C equals ok-*.expected.c, and compiles
#   bad-*.yaml     stderr equals bad-*.expected.err, exit 1, no output file
#   spec/sessions.yaml   equals sessions.expected.c (skipped if absent)
#   ../shared/specs/*.yaml   --list equals shared-<name>.expected.txt, the
#                  tables compile, and (with python3-yaml) the method+path
#                  pairs match an independent reading of the file
# Regenerate the expected files with tests/gen/regen.sh; review the diff.
set -u
cd "$(dirname "$0")/../.." || exit 1
SPECGEN=${BUILD:-build}/specgen
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

compiles() { # compiles FILE.c NAME
	cc -std=c11 -Wall -Wextra -Werror -Imock -c -o "$tmp/t.o" "$1" \
		>"$tmp/cc.log" 2>&1
	result $? "$2" "$tmp/cc.log"
}

for spec in tests/gen/ok-*.yaml; do
	name=${spec%.yaml}
	rm -f "$tmp/out.c"
	"$SPECGEN" -o "$tmp/out.c" "$spec" 2>"$tmp/err"
	result $? "$spec is accepted" "$tmp/err"
	diff -u "$name.expected.c" "$tmp/out.c" >"$tmp/diff" 2>&1
	result $? "$spec gives $name.expected.c" "$tmp/diff"
	compiles "$tmp/out.c" "the tables of $spec compile"
done

for spec in tests/gen/bad-*.yaml; do
	name=${spec%.yaml}
	rm -f "$tmp"/bad.c*
	"$SPECGEN" -o "$tmp/bad.c" "$spec" 2>"$tmp/err" >/dev/null
	status=$?
	[ "$status" = 1 ]
	result $? "$spec exits with status 1 (got $status)"
	diff -u "$name.expected.err" "$tmp/err" >"$tmp/diff" 2>&1
	result $? "$spec reports exactly $name.expected.err" "$tmp/diff"
	! ls "$tmp"/bad.c* >/dev/null 2>&1
	result $? "$spec leaves no output file behind"
done

if [ -f spec/sessions.yaml ]; then
	"$SPECGEN" -o "$tmp/sessions.c" spec/sessions.yaml 2>"$tmp/err"
	result $? "spec/sessions.yaml is accepted" "$tmp/err"
	diff -u tests/gen/sessions.expected.c "$tmp/sessions.c" >"$tmp/diff" 2>&1
	result $? "spec/sessions.yaml gives tests/gen/sessions.expected.c" \
		"$tmp/diff"
	compiles "$tmp/sessions.c" "the tables of spec/sessions.yaml compile"
else
	n=$((n + 1))
	echo "ok $n # skip no spec/sessions.yaml"
fi

# -o to something that is not a regular file (a FIFO here; /dev/null in
# use) writes into it: the temp-file-and-rename would replace it by a file.
mkfifo "$tmp/fifo"
timeout 10 cat "$tmp/fifo" >"$tmp/from-fifo" &
reader=$!
"$SPECGEN" -o "$tmp/fifo" tests/gen/ok-oas30.yaml 2>"$tmp/err"
status=$?
wait "$reader"
[ "$status" = 0 ] && [ -p "$tmp/fifo" ] &&
	cmp -s "$tmp/from-fifo" tests/gen/ok-oas30.expected.c
result $? "-o FIFO writes the tables into it and leaves it a FIFO" "$tmp/err"

# The method+path pairs of a spec, read by PyYAML instead of specgen.
pairs_by_python() {
	python3 - "$1" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
for path, item in (doc.get("paths") or {}).items():
    for key in item:
        if key in ("get", "put", "post", "delete", "options", "head",
                   "patch", "trace"):
            print(key.upper(), path)
PY
}

if [ -d ../shared/specs ]; then
	for spec in ../shared/specs/*.yaml; do
		base=$(basename "$spec" .yaml)
		want=tests/gen/shared-$base.expected.txt
		"$SPECGEN" --list "$spec" >"$tmp/list" 2>"$tmp/err"
		result $? "$spec is accepted" "$tmp/err"
		diff -u "$want" "$tmp/list" >"$tmp/diff" 2>&1
		result $? "specgen --list $spec gives $want" "$tmp/diff"
		"$SPECGEN" -o "$tmp/shared.c" "$spec" 2>"$tmp/err"
		compiles "$tmp/shared.c" "the tables of $spec compile"
		if python3 -c 'import yaml' 2>/dev/null; then
			pairs_by_python "$spec" >"$tmp/py"
			cut -d' ' -f1,2 "$tmp/list" | diff -u "$tmp/py" - \
				>"$tmp/diff" 2>&1
			result $? "$spec: every method+path pair, as PyYAML reads it" \
				"$tmp/diff"
		else
			n=$((n + 1))
			echo "ok $n # skip no python3-yaml to cross-check $spec"
		fi
	done
else
	n=$((n + 1))
	echo "ok $n # skip no ../shared/specs"
fi

echo "1..$n"
[ "$failed" = 0 ]
