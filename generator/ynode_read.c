/* ynode_read.c - a node of the kind asked for, or a positioned error. */
#include "ynode_read.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "yaml_tree.h"

static const struct ynode *of_kind(struct diag *d, const struct ynode *n,
				   enum ynode_kind kind, const char *what,
				   const char *kind_name)
{
	if (n->kind == kind)
		return n;
	diag_error(d, n->line, n->col, "%s must be %s", what, kind_name);
	return NULL;
}

const struct ynode *yread_map(struct diag *d, const struct ynode *n,
			      const char *what)
{
	return of_kind(d, n, YNODE_MAP, what, "a mapping");
}

const struct ynode *yread_seq(struct diag *d, const struct ynode *n,
			      const char *what)
{
	return of_kind(d, n, YNODE_SEQ, what, "a list");
}

const char *yread_string(struct diag *d, const struct ynode *n,
			 const char *what)
{
	return of_kind(d, n, YNODE_SCALAR, what, "a string") ? n->text : NULL;
}

int yread_long(struct diag *d, const struct ynode *n, const char *what,
	       long min, long max, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = n->kind == YNODE_SCALAR ? strtol(n->text, &end, 10) : 0;
	int integer = n->kind == YNODE_SCALAR && end != n->text && !*end;
	if (integer && errno != ERANGE && v >= min && v <= max) {
		*out = v;
		return 0;
	}
	if (max == LONG_MAX && errno != ERANGE)
		diag_error(d, n->line, n->col,
			   "%s must be an integer of at least %ld", what, min);
	else
		diag_error(d, n->line, n->col,
			   "%s must be an integer from %ld to %ld", what, min, max);
	return -1;
}

void yread_keys(struct diag *d, const struct ynode *map,
		const char *const *allowed, const char *where)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *key = ymap_key(map, i);
		int known = 0;
		for (int k = 0; allowed[k] && !known; k++)
			known = strcmp(key->text, allowed[k]) == 0;
		if (!known)
			diag_error(d, key->line, key->col, "unknown key '%s' in %s",
				   diag_q(d, key->text), where);
	}
}
