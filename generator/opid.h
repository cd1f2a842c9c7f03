/*
 * opid.h - operationIds for operations that have none.
 *
 * The id is the first tag in camelCase (else the last path segment that is
 * not a {parameter}) followed by a verb: POST Create, GET Get on a path
 * ending in {param} else List, PATCH Update, PUT Replace, DELETE Delete,
 * HEAD Head, OPTIONS Options, TRACE Trace.  "sessions" + GET /x/{id} gives
 * sessionsGet.  Ids already taken get _1, _2... in spec order.
 */
#ifndef SPECGEN_OPID_H
#define SPECGEN_OPID_H

struct arena;
struct hash;

/* The id for method (upper case) on path with first tag tag (NULL when
 * untagged), in the arena. */
char *opid_derive(struct arena *a, const char *method, const char *path,
		  const char *tag);
/* base, or base_N with the smallest N >= 1 not in used; the result is
 * added to used (owner NULL). */
const char *opid_unique(struct arena *a, struct hash *used, const char *base);

#endif
