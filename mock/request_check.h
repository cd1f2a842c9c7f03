/*
 * request_check.h - the validation stage: the body read once, under the
 * real server's rules, its verdict handed on, and the one policy of
 * --validate (strict: a 400 naming the rule; warn: a note in the log
 * line; off: nothing).
 *
 * The engine begins a check per routed request before any answer is
 * chosen (scenario steps match on the JSON body).  For an operation
 * validated first (OP_VALIDATE_FIRST) the engine enforces it with
 * request_check_enforce; a handler that validates where the real server
 * does (OP_VALIDATE_IN_HANDLER) calls request_check_json and
 * request_check_body_rule itself.
 */
#ifndef REQUEST_CHECK_H
#define REQUEST_CHECK_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "reply.h"
#include "request.h"
#include "validate.h"

struct op_call;
struct route_match;

struct request_check {
	const struct validator *validator;
	enum validate_mode mode;
	int op; /* spec_operations row */
	/* The body as JSON (owned): NULL when it is empty or unreadable. */
	cJSON *body;
	/* Why a non-empty body is unreadable (a 400's message: not UTF-8,
	 * nested too deep, \u0000, not one JSON value), or NULL. */
	const char *refusal;
	/* The first rule of the operation's body schema the body breaks;
	 * empty when it keeps them or is not checked (mode off). */
	struct buf body_rule;
};

/* Reads req's body (its whitespace trimmed, as Python's json.loads) and
 * checks it against op's body schema with validator (borrowed for the
 * check's life).  Free with request_check_end. */
void request_check_begin(struct request_check *c,
			 const struct validator *validator,
			 enum validate_mode mode, int op,
			 const struct mock_request *req);
void request_check_end(struct request_check *c);

/* Enforces everything for an OP_VALIDATE_FIRST operation: parameters
 * (path, query, header) against their schemas, then the body (required,
 * readable, keeping its schema).  -1 after a strict 400 in out, else 0
 * (warn: findings noted in out->note). */
int request_check_enforce(const struct request_check *c,
			  const struct mock_request *req,
			  const struct route_match *m, struct reply *out);

/* The JSON body as the real server's get_json_body reads it, whatever
 * the mode: NULL after a 400 in out when it is empty, JSON null, or
 * unreadable. */
const cJSON *request_check_json(const struct op_call *call, struct reply *out);

/* Enforces the body's schema rule, the message prefixed ("Invalid JSON
 * data: ").  -1 after a strict 400 in out, else 0. */
int request_check_body_rule(const struct op_call *call, const char *prefix,
			    struct reply *out);

#endif
