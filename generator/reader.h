/*
 * reader.h - what the spec readers (openapi_read.c, openapi_body.c,
 * schema_compile.c) share: the tree, the model being filled, and typed
 * access to nodes that reports a positioned error on a mismatch.
 */
#ifndef SPECGEN_READER_H
#define SPECGEN_READER_H

#include <stddef.h>

#include "hash.h"

struct arena;
struct diag;
struct spec_model;
struct ynode;

#define READER_JSON_MAX (1u << 20)         /* one example, enum member... */
#define READER_JSON_TOTAL (64u << 20)      /* all of them together */
#define READER_MAX_REF_HOPS 64

struct reader {
	struct spec_model *m;
	struct diag *d;
	struct arena *a;
	const struct ynode *root;
	int v2;  /* Swagger 2.0 */
	int v31; /* OpenAPI 3.1 */
	struct hash refs;    /* $ref text -> target node */
	struct hash schemas; /* schema node -> row (schema_compile.c) */
	const struct ynode **pending; /* schema rows reserved, not filled */
	int *pending_flags;
	int npending, pending_cap, next_pending;
	struct hash op_ids; /* operationId -> first operation's id node */
	size_t json_used;
	int json_full;
};

/* n, or the end of its chain of $refs.  NULL (after an error) for a
 * dangling, external or circular $ref.  NULL n gives NULL silently. */
const struct ynode *reader_deref(struct reader *r, const struct ynode *n);
/* Reports every $ref under n (NULL: none) that reader_deref would refuse
 * (dangling, external, circular), at its line and column, without
 * reading what the refs name: for parts the mock does not serve
 * (callbacks, webhooks) whose refs are still the spec's. */
void reader_check_refs(struct reader *r, const struct ynode *n);
/* The node at a local JSON pointer ("#/a/b~1c"), or NULL (no error). */
const struct ynode *reader_pointer(const struct ynode *root, const char *ref,
				   size_t len);

/* n as a mapping (NULL n or a null scalar: absent, NULL).  NULL after reporting
 * "'what' must be a mapping" when n is something else. */
const struct ynode *reader_map(struct reader *r, const struct ynode *n,
			       const char *what);
/* n as a sequence, as reader_map(). */
const struct ynode *reader_seq(struct reader *r, const struct ynode *n,
			       const char *what);
/* The text of scalar n (in the arena, NUL-terminated), dflt if n is NULL,
 * NULL after an error if n is not a scalar. */
const char *reader_string(struct reader *r, const struct ynode *n,
			  const char *what, const char *dflt);
/* true/false of n into *out (left alone if n is NULL); -1 on error. */
int reader_bool(struct reader *r, const struct ynode *n, const char *what,
		int *out);
/* Compact JSON text of n (in the arena), or NULL after an error. */
const char *reader_json(struct reader *r, const struct ynode *n);

#endif
