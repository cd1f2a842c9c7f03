/* Unit tests of generator/ynode_read.c: typed node access and its errors. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "tap.h"
#include "yaml_tree.h"
#include "ynode_read.h"

static struct diag d;
static char *out;
static size_t out_len;
static FILE *mem;

static void begin(void)
{
	mem = open_memstream(&out, &out_len);
	diag_init(&d, "t.yaml", mem);
}

/* The errors reported since begin(). */
static const char *end(void)
{
	static char text[2048];
	diag_flush(&d);
	fclose(mem);
	snprintf(text, sizeof text, "%s", out ? out : "");
	free(out);
	out = NULL;
	return text;
}

int main(void)
{
	struct arena *a = arena_new();
	static const char yaml[] = "m: {a: 1}\ns: [1]\nt: x\nn: 42\nbig: 99999999999999999999\n";
	begin();
	const struct ynode *root = yaml_tree_load(a, &d, yaml, strlen(yaml));
	const struct ynode *m = ymap_get(root, "m"), *s = ymap_get(root, "s");
	const struct ynode *t = ymap_get(root, "t"), *n = ymap_get(root, "n");
	long v = 0;
	CHECK(yread_map(&d, m, "'m'") == m && yread_seq(&d, s, "'s'") == s,
	      "a node of the kind asked for is itself");
	CHECK_STR(yread_string(&d, t, "'t'"), "x", "a scalar's text is read");
	CHECK(yread_long(&d, n, "'n'", 0, 100, &v) == 0 && v == 42,
	      "an integer in range is read");
	CHECK_STR(end(), "", "no error for values of the right kind");

	begin();
	CHECK(yread_map(&d, s, "'s'") == NULL && yread_seq(&d, t, "a thing") == NULL &&
		      yread_string(&d, m, "'m'") == NULL,
	      "a node of another kind is NULL");
	CHECK_STR(end(), "t.yaml:1:4: error: 'm' must be a string\n"
			 "t.yaml:2:4: error: 's' must be a mapping\n"
			 "t.yaml:3:4: error: a thing must be a list\n",
		  "each names the value as given, at its place");

	begin();
	CHECK(yread_long(&d, n, "'n'", 50, 60, &v) == -1 &&
		      yread_long(&d, t, "'t'", 1, LONG_MAX, &v) == -1 &&
		      yread_long(&d, ymap_get(root, "big"), "'big'", 1, LONG_MAX, &v) == -1,
	      "out of range, not a number, too large for a long: errors");
	CHECK_STR(end(), "t.yaml:3:4: error: 't' must be an integer of at least 1\n"
			 "t.yaml:4:4: error: 'n' must be an integer from 50 to 60\n"
			 "t.yaml:5:6: error: 'big' must be an integer from 1 to "
			 "9223372036854775807\n",
		  "the range is said; a clamped value is no integer of the range");

	begin();
	static const char *const keys[] = {"m", "s", NULL};
	yread_keys(&d, root, keys, "the root");
	CHECK_STR(end(), "t.yaml:3:1: error: unknown key 't' in the root\n"
			 "t.yaml:4:1: error: unknown key 'n' in the root\n"
			 "t.yaml:5:1: error: unknown key 'big' in the root\n",
		  "every unknown key is reported at the key");
	arena_free(a);
	return tap_done();
}
