/* fault.c - fault kinds, their names, and reading one from a scenario. */
#include "fault.h"

#include <string.h>

#include "det.h"
#include "diag.h"
#include "yaml_tree.h"
#include "ynode_read.h"

static const char *const names[] = {
	[FAULT_NONE] = "none",         [FAULT_DELAY] = "delay",
	[FAULT_RESET] = "reset",       [FAULT_EMPTY] = "empty",
	[FAULT_TRUNCATE] = "truncate", [FAULT_GARBAGE] = "garbage",
	[FAULT_DRIP] = "drip"};
_Static_assert(sizeof names / sizeof names[0] == FAULT_KIND_COUNT,
	       "every fault kind has a name");

const char *fault_name(enum fault_kind kind)
{
	return (unsigned)kind < FAULT_KIND_COUNT ? names[kind] : names[FAULT_NONE];
}

enum fault_kind fault_kind_of(const char *name)
{
	for (int k = FAULT_NONE + 1; k < FAULT_KIND_COUNT; k++)
		if (!strcmp(name, names[k]))
			return (enum fault_kind)k;
	return FAULT_NONE;
}

#define SYNTAX "reset, empty, garbage, {delay: D}, {truncate: N}, " \
	       "{garbage: N}, {drip: N}"

/* The kind key names, checked against the value it has (or not). */
static enum fault_kind kind_with_value(struct diag *d, const struct ynode *key,
				       const struct ynode *value)
{
	static const char *const example[] = {
		[FAULT_DELAY] = "300ms", [FAULT_TRUNCATE] = "40", [FAULT_DRIP] = "1000"};
	enum fault_kind kind = fault_kind_of(key->text);
	int needs_value = kind == FAULT_DELAY || kind == FAULT_TRUNCATE ||
			  kind == FAULT_DRIP;
	const char *name = diag_q(d, key->text);
	if (kind == FAULT_NONE)
		diag_error(d, key->line, key->col, "unknown fault '%s' (" SYNTAX ")",
			   name);
	else if (needs_value && !value)
		diag_error(d, key->line, key->col,
			   "the fault '%s' needs a value, as in {%s: %s}", name,
			   key->text, example[kind]);
	else if (value && (kind == FAULT_RESET || kind == FAULT_EMPTY))
		diag_error(d, value->line, value->col,
			   "the fault '%s' takes no value", name);
	else
		return kind;
	return FAULT_NONE;
}

int fault_read(struct diag *d, const struct ynode *n, struct fault *f)
{
	const struct ynode *key = n, *value = NULL;
	int errors = d->errors;
	f->kind = FAULT_NONE;
	if (n->kind == YNODE_MAP && n->n == 1) {
		key = ymap_key(n, 0);
		value = ymap_value(n, 0);
	} else if (n->kind != YNODE_SCALAR) {
		diag_error(d, n->line, n->col, "a fault is one of " SYNTAX);
		return -1;
	}
	f->kind = kind_with_value(d, key, value);
	if (f->kind == FAULT_NONE)
		return -1;
	if (f->kind == FAULT_DELAY && (value->kind != YNODE_SCALAR ||
				       det_parse_duration(value->text, &f->delay_us) < 0))
		diag_error(d, value->line, value->col,
			   "'delay' must be " DET_DURATION_HINT);
	else if (f->kind != FAULT_DELAY && value)
		yread_long(d, value, "the fault's byte count",
			   f->kind == FAULT_TRUNCATE ? 0 : 1, FAULT_MAX_BYTES,
			   &f->bytes);
	if (f->kind == FAULT_GARBAGE && !value)
		f->bytes = 64;
	f->seed = (uint64_t)n->line * 2654435761u; /* which garbage: fixed per file line */
	return d->errors == errors ? 0 : -1;
}
