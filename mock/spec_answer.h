/*
 * spec_answer.h - answers an operation from the spec alone: a declared
 * response, its named example, or a sample built from its schema.
 *
 * This is what a stateless mock does (and what Prism's Prefer header
 * asks for); the session state answers the Sessions operations instead
 * unless a scenario or an override says otherwise.
 */
#ifndef SPEC_ANSWER_H
#define SPEC_ANSWER_H

#include "buf.h"
#include "reply.h"

/* The response row of op for status: the exact code, then "2XX"-style
 * ranges, then "default"; -1 when the operation declares none. */
int spec_find_response(int op, int status);
/* The response row of op's first success (2xx, else default, else the
 * first declared); -1 when none.  *status gets its code. */
int spec_first_success(int op, int *status);
/* The example row named name (NULL: the first) of a response's first
 * media type; -1 when there is none by that name. */
int spec_find_example(int response, const char *name);

/* The response row of op holding the example named name, successes
 * (2xx) first, then the others, each in spec order; -1 when none has it.
 * *status gets the response's code ("4XX": 400; "default": 200). */
int spec_find_example_response(int op, const char *name, int *status);

/* Fills out with response row resp answered as status: the example
 * named example (NULL: the first, else a schema sample) and the
 * response's required headers.  Returns 0, or -1 if no example has
 * that name (out untouched). */
int spec_answer(int resp, int status, const char *example, struct reply *out);

/* Adds the response's required headers that out does not have yet,
 * with their example or sample values. */
void spec_add_required_headers(int resp, struct reply *out);

struct op_call;

/* The handler of every operation no other handler binds (optable.h):
 * its first success, from its example or a schema sample; 204 when it
 * declares no response. */
void spec_answer_operation(const struct op_call *call, struct reply *out);

/* Appends a deterministic sample value of schema row (-1: null), as
 * JSON text in the real server's style. */
void spec_sample(int schema, struct buf *out);

#endif
