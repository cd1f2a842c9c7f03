/*
 * sessions_api.h - the five Sessions operations with the real Jupyter
 * Server's semantics: its processing order, status codes, message texts and side
 * effects (kernel sharing, culling), over the session store.
 *
 * They are handlers of the operation table, keyed by the spec's
 * operationIds (sessionsList, sessionsCreate, sessionsGet,
 * sessionsUpdate, sessionsDelete); the engine binds them when it serves the session
 * state.  Each validates where the real server does
 * (OP_VALIDATE_IN_HANDLER): a body's schema after the real server's own
 * 400s (and, for a PATCH, its 404), parameters never (ids are routed by
 * shape; an unknown one is a 404).
 *
 * They know replies but not sockets: the engine calls them under its
 * lock and sends what they fill in.
 */
#ifndef SESSIONS_API_H
#define SESSIONS_API_H

#include <cjson/cJSON.h>

#include "optable.h"
#include "reply.h"
#include "session_store.h"

extern const struct op_group sessions_api;

/* The 501 that an operation answers when a kernel cannot be had
 * (sessionsCreate: "not available", sessionsUpdate: "could not be
 * started"), naming the kernelspec body asks for (kernel.name), or else
 * the default kernelspec, which the real server starts when none is
 * named.  For answers picked by a scenario or a Prefer header.  -1, out
 * untouched, when the operation (spec row op) has none. */
int sessions_kernel_501(const struct store *st, int op, const cJSON *body,
			struct reply *out);

#endif
