/* Unit tests of generator/json_text.c: YAML values as compact JSON. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "json_text.h"
#include "tap.h"
#include "yaml_tree.h"

static struct arena *a;

/* JSON of the value of key "v" in text, or "ERROR". */
static const char *json_of(const char *text)
{
	struct diag d;
	struct buf sb = {0};
	struct ynode *root;
	FILE *devnull = fopen("/dev/null", "w");

	diag_init(&d, "t.yaml", devnull);
	root = yaml_tree_load(a, &d, text, strlen(text));
	diag_flush(&d);
	fclose(devnull);
	if (!root)
		return "NO TREE";
	if (json_text(&sb, ymap_get(root, "v"), 1000, NULL) != JSON_OK) {
		buf_free(&sb);
		return "ERROR";
	}
	return arena_take_buf(a, &sb);
}

int main(void)
{
	double x = 0;

	a = arena_new();
	CHECK_STR(json_of("v: [~, null, '', true, False, 'true', yes]"),
		  "[null,null,\"\",true,false,\"true\",\"yes\"]",
		  "null, booleans and quoted look-alikes are typed as YAML 1.2");
	CHECK_STR(json_of("v: [+1, 007, -0, 0x1F, 0o17, 12345678901234567890123]"),
		  "[1,7,-0,31,15,12345678901234567890123]",
		  "integers are normalized to JSON syntax");
	CHECK_STR(json_of("v: [.5, 1., -2.50, 1e3, +1.5E-2, '1.0']"),
		  "[0.5,1.0,-2.50,1e3,1.5E-2,\"1.0\"]",
		  "floats are normalized to JSON syntax");
	CHECK_STR(json_of("v: {b: 1, a: {c: [x]}, 3: y}"),
		  "{\"b\":1,\"a\":{\"c\":[\"x\"]},\"3\":\"y\"}",
		  "mappings keep their order and keys are strings");
	CHECK_STR(json_of("v: \"q\\\"b\\\\t\\t\\u0001é\""),
		  "\"q\\\"b\\\\t\\t\\u0001é\"",
		  "strings escape quotes, backslashes and controls, keep UTF-8");
	CHECK_STR(json_of("v: [.inf]"), "ERROR", ".inf has no JSON form");
	CHECK_STR(json_of("v: 0xFFFFFFFFFFFFFFFFFF"), "ERROR",
		  "a hex integer past 64 bits is refused");
	CHECK_STR(json_of("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
			  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			  "v: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"),
		  "ERROR", "output past max_len is refused (alias bombs)");
	CHECK(json_number(ymap_get(yaml_tree_load(a, &(struct diag){0},
						  "v: -1.5e2", 9), "v"),
			  &x) == 0 && x == -150.0,
	      "json_number reads a float");
	arena_free(a);
	return tap_done();
}
