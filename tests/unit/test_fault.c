/* test_fault.c - fault names and a scenario's fault syntax. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fault.h"
#include "tap.h"
#include "yaml_tree.h"

static char errors[4096];

/* Reads the fault written as YAML text; its diagnostics land in errors[]. */
static int read_text(const char *text, struct fault *f)
{
	struct arena *a = arena_new();
	struct diag d;
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);
	diag_init(&d, "t.yaml", mem);
	const struct ynode *root = yaml_tree_load(a, &d, text, strlen(text));
	memset(f, 0, sizeof *f);
	int rc = root ? fault_read(&d, root, f) : -2;
	diag_flush(&d);
	fclose(mem);
	snprintf(errors, sizeof errors, "%s", out ? out : "");
	free(out);
	arena_free(a);
	return rc;
}

static void test_names(void)
{
	int round_trips = 0;
	for (int k = FAULT_NONE; k < FAULT_KIND_COUNT; k++)
		round_trips += fault_kind_of(fault_name((enum fault_kind)k)) == (enum fault_kind)k;
	CHECK(round_trips == FAULT_KIND_COUNT, "every kind's name reads back as that kind");
	CHECK(fault_kind_of("drip") == FAULT_DRIP,
	      "the last kind is found by its name (the loop does not stop short)");
	CHECK_STR(fault_name(FAULT_RESET), "reset", "a kind has its scenario name");
	CHECK_STR(fault_name(FAULT_KIND_COUNT), "none", "a value that is no kind is 'none'");
	CHECK(fault_kind_of("none") == FAULT_NONE && fault_kind_of("Reset") == FAULT_NONE,
	      "'none' and misspelt names are no fault");
}

static void test_read(void)
{
	struct fault f;
	CHECK(read_text("reset", &f) == 0 && f.kind == FAULT_RESET, "a bare name reads");
	CHECK(read_text("garbage", &f) == 0 && f.kind == FAULT_GARBAGE && f.bytes == 64,
	      "garbage without a count is 64 bytes");
	CHECK(read_text("{delay: 250ms}", &f) == 0 && f.kind == FAULT_DELAY &&
		      f.delay_us == 250000, "a delay takes a duration");
	CHECK(read_text("{drip: 100}", &f) == 0 && f.kind == FAULT_DRIP && f.bytes == 100,
	      "a drip takes bytes per second");
	CHECK(read_text("{truncate: 0}", &f) == 0 && f.bytes == 0,
	      "a truncate may send nothing");
	CHECK(read_text("\n\ngarbage", &f) == 0 && f.seed == (uint64_t)3 * 2654435761u,
	      "garbage's bytes are fixed by the fault's line");
	CHECK(read_text("bogus", &f) == -1 && f.kind == FAULT_NONE, "an unknown fault fails");
	CHECK_STR(errors, "t.yaml:1:1: error: unknown fault 'bogus' (reset, empty, "
			  "garbage, {delay: D}, {truncate: N}, {garbage: N}, {drip: N})\n",
		  "an unknown fault is named with the syntax");
	CHECK(read_text("delay", &f) == -1, "a delay without its value fails");
	CHECK_STR(errors, "t.yaml:1:1: error: the fault 'delay' needs a value, as in "
			  "{delay: 300ms}\n", "the message shows a value");
	CHECK(read_text("{reset: 1}", &f) == -1, "a reset with a value fails");
	CHECK_STR(errors, "t.yaml:1:9: error: the fault 'reset' takes no value\n",
		  "the value is the error's place");
	CHECK(read_text("{delay: soon}", &f) == -1, "a bad duration fails");
	CHECK_STR(errors, "t.yaml:1:9: error: 'delay' must be a duration such as "
			  "250us, 5ms or 2s\n", "a bad duration says the syntax");
	CHECK(read_text("{garbage: 0}", &f) == -1, "garbage of 0 bytes fails");
	CHECK_STR(errors, "t.yaml:1:11: error: the fault's byte count must be an "
			  "integer from 1 to 67108864\n", "the count's range is said");
	CHECK(read_text("[reset]", &f) == -1, "a list is no fault");
	CHECK_STR(errors, "t.yaml:1:1: error: a fault is one of reset, empty, garbage, "
			  "{delay: D}, {truncate: N}, {garbage: N}, {drip: N}\n",
		  "a fault of the wrong shape lists the forms");
}

int main(void)
{
	test_names();
	test_read();
	return tap_done();
}
