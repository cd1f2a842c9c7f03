/* fuzz_main.c - libFuzzer's entry point: the target named FUZZ_NAME (set
 * by the build) in targets.def gets the input. */
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#define FUZZ_TARGET(name, call)                  \
	if (strcmp(#name, FUZZ_NAME) == 0)       \
		return (call);
#include "targets.def"
#undef FUZZ_TARGET
	fuzz_fail("no such target in targets.def: " FUZZ_NAME);
}
