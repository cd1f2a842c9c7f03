#!/usr/bin/env bash
# Regenerates the golden files of test_golden.sh from the current specgen.
# Review `git diff tests/gen` before committing: the diff is the change.
set -u
cd "$(dirname "$0")/../.." || exit 1
SPECGEN=${BUILD:-build}/specgen

for spec in tests/gen/ok-*.yaml; do
	"$SPECGEN" -o "${spec%.yaml}.expected.c" "$spec"
done
for spec in tests/gen/bad-*.yaml; do
	"$SPECGEN" -o /dev/null/none "$spec" 2>"${spec%.yaml}.expected.err"
done
if [ -f spec/sessions.yaml ]; then
	"$SPECGEN" -o tests/gen/sessions.expected.c spec/sessions.yaml
fi
for spec in ../shared/specs/*.yaml; do
	[ -f "$spec" ] || continue
	"$SPECGEN" --list "$spec" \
		>"tests/gen/shared-$(basename "$spec" .yaml).expected.txt"
done
