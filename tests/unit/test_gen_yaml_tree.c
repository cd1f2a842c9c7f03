/* Unit tests of generator/yaml_tree.c: the node tree and its errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "tap.h"
#include "yaml_tree.h"

static char errors[4096];

/* Loads text; the diagnostics land in errors[]. */
static struct ynode *load(struct arena *a, const char *text)
{
	struct diag d;
	struct ynode *root;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	diag_init(&d, "t.yaml", f);
	root = yaml_tree_load(a, &d, text, strlen(text));
	diag_flush(&d);
	fclose(f);
	snprintf(errors, sizeof(errors), "%s", buf ? buf : "");
	free(buf);
	return root;
}

int main(void)
{
	struct arena *a = arena_new();
	struct ynode *root;
	const struct ynode *n;
	struct buf big = {0};
	int i;

	root = load(a, "a: 1\nb:\n  - 'x'\n  - &v y\nc: *v\n");
	CHECK(root && root->kind == YNODE_MAP && root->n == 3,
	      "a mapping of three pairs is loaded");
	n = ymap_get(root, "b");
	CHECK(n && n->kind == YNODE_SEQ && n->n == 2, "a sequence is loaded");
	CHECK(n && n->items[0]->quoted && !n->items[1]->quoted,
	      "quoted scalars are marked, plain ones are not");
	CHECK(n && n->items[1]->line == 4 && n->items[1]->col == 5,
	      "positions count lines and columns from 1");
	CHECK(n && ymap_get(root, "c") == n->items[1],
	      "an alias is the very node of its anchor");
	CHECK(ymap_get(root, "zz") == NULL && ymap_get(n, "a") == NULL,
	      "a missing key or a non-mapping gives NULL");
	CHECK(yscalar_is(ymap_get(root, "a"), "1"), "scalar text is kept");

	root = load(a, "a: 1\nb: {x: 1, x: 2}\na: 3\n");
	CHECK(root == NULL, "duplicate keys make the load fail");
	CHECK_STR(errors,
		  "t.yaml:2:11: error: duplicate key 'x' (first at line 2)\n"
		  "t.yaml:3:1: error: duplicate key 'a' (first at line 1)\n",
		  "every duplicate key is reported, in file order");

	root = load(a, "a: [1, 2\n");
	CHECK(root == NULL && strstr(errors, "t.yaml:2:1: error: did not find "
					     "expected ',' or ']'"),
	      "a syntax error is reported with its position");

	root = load(a, "a: &x [1, *x]\n");
	CHECK(root == NULL &&
		      strcmp(errors, "t.yaml:1:11: error: undefined alias "
				     "'x'\n") == 0,
	      "an alias inside its own anchor is refused (no cycles)");

	for (i = 0; i < YAML_MAX_DEPTH + 1; i++)
		buf_putc(&big, '[');
	root = load(a, big.data);
	buf_reset(&big);
	CHECK(root == NULL && strstr(errors, "nesting deeper than 200 levels"),
	      "nesting deeper than the limit is refused");

	root = load(a, "");
	CHECK_STR(errors, "t.yaml:1:1: error: the file holds no yaml document\n",
		  "an empty file is an error");

	for (i = 0; i < 500; i++)
		buf_printf(&big, "k%d: %d\n", i, i);
	root = load(a, big.data);
	buf_free(&big);
	CHECK(root && yscalar_is(ymap_get(root, "k377"), "377") &&
		      !ymap_get(root, "k500"),
	      "lookups in a big mapping find the right value");

	arena_free(a);
	return tap_done();
}
