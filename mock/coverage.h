/*
 * coverage.h - which parts of the spec the client used: operations,
 * declared responses (by status) and examples, counted as requests are
 * answered; and which it never touched.
 *
 * Counters are atomics, so counting costs the request path no lock.
 */
#ifndef COVERAGE_H
#define COVERAGE_H

#include <cjson/cJSON.h>

#include "buf.h"

struct coverage;

/* Counters for every operation, response and example of the spec
 * tables, all at zero.  NULL on out-of-memory. */
struct coverage *coverage_new(void);
void coverage_free(struct coverage *c);
/* Counts one answer: op (spec_operations row, -1: unrouted), its status,
 * and example (spec_examples row, -1: none). */
void coverage_count(struct coverage *c, int op, int status, int example);
void coverage_clear(struct coverage *c);

/* A new JSON object (the caller owns it), documented in README.md. */
cJSON *coverage_json(struct coverage *c);
/* A short table for people: one line per operation, then the totals. */
void coverage_text(struct coverage *c, struct buf *out);

#endif
