/*
 * optable.h - the operation table: which handler answers which request.
 *
 * The spine of dispatch, as Redis's command table is of Redis.  Two kinds
 * of rows:
 *
 *  - spec operations: a group of handlers keyed by operationId (struct
 *    op_group, e.g. sessions_api.c's) is bound to the spec's rows once,
 *    by optable_bind at startup; per request the router's row number
 *    picks the handler, no string is compared.  A row no group binds is
 *    answered from the spec (spec_answer_operation).
 *  - other routes: paths the spec does not have (GET /api, the admin
 *    API under /__mock/ and its demo page, ...), added with
 *    optable_add_route.  The spec's paths win over them.  A route's kind
 *    says who answers it: the engine (OP_ROUTE_ENGINE), or the control
 *    plane before any engine is chosen (OP_ROUTE_CONTROL).
 *
 * A handler runs under the engine's lock, on a civetweb worker thread:
 * it fills the reply and must not block.  What it is handed (struct
 * op_call) is borrowed for the call.
 */
#ifndef OPTABLE_H
#define OPTABLE_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "reply.h"
#include "request.h"

struct route_match;
struct store;
struct request_check;

/* One request as a handler (and a scenario step) sees it. */
struct op_call {
	int op; /* spec_operations row; -1 for a route the spec lacks */
	const struct mock_request *req;
	const struct route_match *route; /* path parameters; NULL off the spec */
	const cJSON *body; /* the JSON body; NULL when empty or unreadable */
	struct store *store;
	int64_t now; /* the engine's virtual clock for this request */
	const struct request_check *check; /* the body's verdict; NULL off the spec */
	void *data; /* what the handler was registered with */
};

typedef void (*op_handler)(const struct op_call *call, struct reply *out);

/* Who applies the request's validation (parameters and body against the
 * spec, --validate strict|warn|off). */
enum op_validation {
	/* The engine, before the handler runs: strict answers the first
	 * broken rule as a 400 and the handler never sees the request. */
	OP_VALIDATE_FIRST,
	/* The handler, where the real server would (after its own 400s and
	 * 404s), with request_check_json and request_check_body_rule;
	 * parameters are not checked. */
	OP_VALIDATE_IN_HANDLER
};

/* A handler for the operation with this operationId, which the spec must
 * declare with this method and path. */
struct op_entry {
	const char *operation_id;
	const char *method; /* upper case */
	const char *path;   /* template; parameter names do not matter */
	op_handler handler;
	enum op_validation validation;
};

/* Handlers that belong together (one module's), bound in one call. */
struct op_group {
	const char *name; /* for messages: "sessions_api" */
	const struct op_entry *entries;
	int nentries;
	void *data; /* handed to each handler as call->data */
};

/* A group of a static array of entries: OP_GROUP("name", entries). */
#define OP_GROUP(group_name, entry_array)                                      \
	{                                                                      \
		.name = (group_name), .entries = (entry_array),                \
		.nentries = (int)(sizeof(entry_array) / sizeof((entry_array)[0])) \
	}

/* Who answers a route the spec does not have; each looks up its own. */
enum op_route_kind {
	/* The engine, under its lock, as a step of its pipeline (call->store
	 * and call->now are the engine's), but past no override, scenario
	 * step or validation. */
	OP_ROUTE_ENGINE,
	/* The control plane (control.c), before an engine is chosen: no
	 * engine lock, scenario, journal entry or coverage count; the
	 * handler gets only call->req and call->data (op -1, the rest
	 * NULL or 0).  The admin API and its demo page. */
	OP_ROUTE_CONTROL
};

struct optable;

/* A table where every spec row is answered from the spec and no other
 * route exists.  NULL on out-of-memory.  Free with optable_free. */
struct optable *optable_new(void);
void optable_free(struct optable *t);

/* Binds each entry of g to the spec row of its operationId, which must
 * have the entry's method and path.  An entry whose operation the spec
 * does not have is left unbound (another API: its operations are
 * answered from the spec), unless the spec has the entry's method and
 * path under another operationId it writes (a rename or a typo).  Any
 * mismatch: -1, nothing bound, and one line per mismatch appended to err
 * naming the group, both operations and the spec, e.g.
 *   sessions_api: handler for 'sessionsGet' (GET /api/sessions/{session}):
 *   spec/sessions.yaml:175 names that operation 'sessionGet'
 * Otherwise 0. */
int optable_bind(struct optable *t, const struct op_group *g, struct buf *err);

/* Adds a route of this kind the spec does not have: method (upper case;
 * NULL: every method) and path, exact ("/api") or a prefix ending in '*'
 * ("/__mock/" followed by a star).  Routes are tried in the order
 * added.  The spec knows nothing of them: no override, scenario step or
 * validation applies; the handler gets call->op -1 and no route match.
 * 0, or -1 when the path is empty.  The strings are borrowed and must
 * outlive t.  Routes are added before t serves: lookups take no lock. */
int optable_add_route(struct optable *t, enum op_route_kind kind,
		      const char *method, const char *path, op_handler handler,
		      void *data);

/* The entry answering spec row op (never NULL), and its group's data. */
const struct op_entry *optable_entry(const struct optable *t, int op,
				     void **data);

enum optable_match { OPTABLE_FOUND, OPTABLE_NO_PATH, OPTABLE_NO_METHOD };

/* The route of this kind (not the spec's) for method and path; routes
 * of the other kind are not seen.  FOUND fills *handler and *data. */
enum optable_match optable_route(const struct optable *t,
				 enum op_route_kind kind, const char *method,
				 const char *path, op_handler *handler,
				 void **data);

#endif
