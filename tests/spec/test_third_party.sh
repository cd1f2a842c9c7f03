#!/usr/bin/env bash
# spec/sessions.yaml through tools this project did not write, pinned in
# tests/spec/package-lock.json (installed by `make deps`, or by hand with
# `npm ci --prefix tests/spec`):
#   Redocly CLI (recommended rules) and Spectral (spectral:oas) find no
#   error and no warning but the license/contact ones;
#   openapi-typescript types a client that tsc checks with openapi-fetch
#   (tests/spec/client.ts: a sessionsCreate with {path, type, name,
#   kernel} compiles, a misspelt key does not);
#   check_shape.mjs: examples of path parameters, text/plain bodies, Etag
#   headers, descriptions, no required-only anyOf branch.
# Prints TAP; the linters' whole output is shown as diagnostics.
set -u
cd "$(dirname "$0")/../.." || exit 1
SPEC=${SPEC_FILE:-spec/sessions.yaml}
TOOLS=tests/spec/node_modules/.bin
OUT=${BUILD:-build}/spec-client
n=0
failed=0

result() { # result STATUS NAME [DETAIL-FILE]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
	[ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/#   /' "$3"
}

if [ ! -x "$TOOLS/redocly" ] || ! command -v node >/dev/null; then
	echo "1..0 # skip the pinned npm tools are absent (make deps, or npm ci --prefix tests/spec)"
	exit 0
fi
mkdir -p "$OUT" || exit 1
allowed='info-license|info-contact'

# Problems (error or warning lines of the stylish formats) not allowed.
unexpected() {
	grep -E '^ *[0-9]+:[0-9]+ +(error|warning)' "$1" | grep -Ev " ($allowed) " | wc -l
}

"$TOOLS/redocly" lint --extends=recommended --format=stylish "$SPEC" >"$OUT/redocly.txt" 2>&1
status=$?
grep -v -e '^ *[║╔╚]' -e '^$' "$OUT/redocly.txt" >"$OUT/redocly.log"
[ "$status" = 0 ] && [ "$(unexpected "$OUT/redocly.log")" = 0 ]
result $? "redocly lint (recommended): no error or warning but info-license" "$OUT/redocly.log"

"$TOOLS/spectral" lint --ruleset tests/spec/.spectral.yaml --format stylish "$SPEC" >"$OUT/spectral.log" 2>&1
status=$?
[ "$status" = 0 ] && [ "$(unexpected "$OUT/spectral.log")" = 0 ]
result $? "spectral lint (spectral:oas): no error or warning but info-contact" "$OUT/spectral.log"

"$TOOLS/openapi-typescript" "$SPEC" -o "$OUT/sessions.ts" >"$OUT/openapi-typescript.log" 2>&1
result $? "openapi-typescript generates the client's types" "$OUT/openapi-typescript.log"

cp tests/spec/client.ts tests/spec/tsconfig.json "$OUT/" &&
	ln -sfn "$PWD/tests/spec/node_modules" "$OUT/node_modules" &&
	(cd "$OUT" && node_modules/.bin/tsc -p tsconfig.json) >"$OUT/tsc.log" 2>&1
result $? "tsc: sessionsCreate with {path, type, name, kernel} typechecks with openapi-fetch, a misspelt key is rejected" "$OUT/tsc.log"

node tests/spec/check_shape.mjs "$SPEC" $((n + 1)) >"$OUT/shape.tap" 2>&1
status=$?
cat "$OUT/shape.tap"
n=$((n + $(grep -cE '^(not )?ok ' "$OUT/shape.tap")))
[ "$status" = 0 ] || failed=$((failed + 1))

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
