/*
 * record_write.h - turns the exchanges `mock record` saw into a scenario
 * file that, replayed, answers the same requests with the same statuses
 * and bodies.
 *
 * One step per request the spec routes, named by operation and status,
 * with the request as a comment above it; a scripted answer (status,
 * Location, body).  Ids the real server minted become seeded UUIDs and its
 * times the virtual clock's readings, the same mapping everywhere in the
 * file (paths, headers, bodies); ids a client chose itself stay.  A body
 * that breaks the spec's schema is kept, marked `invalid: true` with the
 * broken rule in a comment; a request the spec does not route is a
 * comment only.
 */
#ifndef RECORD_WRITE_H
#define RECORD_WRITE_H

#include <stdint.h>

#include "buf.h"

/* One request and the real server's answer (record_exchange_free frees
 * its strings and buffers). */
struct record_exchange {
	char *method;
	char *path;  /* raw, as sent */
	char *query; /* raw, or NULL */
	struct buf req_body;
	int status;
	char *location; /* the Location header, or NULL */
	struct buf body;
};

struct record_meta {
	const char *name;     /* the scenario's name */
	const char *upstream; /* "http://127.0.0.1:18888", for the comments */
	uint64_t seed;        /* of the ids that replace the server's */
	int64_t clock_start;  /* virtual microseconds */
	int64_t clock_step;
};

/* Appends the scenario file's text for n exchanges, in order, to out. */
void record_write_yaml(const struct record_exchange *x, int n,
		       const struct record_meta *meta, struct buf *out);

void record_exchange_free(struct record_exchange *x);

#endif
