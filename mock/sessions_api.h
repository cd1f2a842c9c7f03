/*
 * sessions_api.h - the five Sessions operations, and the three Kernels
 * operations a sessions client relies on, with the real Jupyter Server's
 * semantics: its processing order, status codes, message texts and side
 * effects (kernel sharing, culling), over the session store.
 *
 * It knows replies but not sockets: the engine hands it a parsed request
 * under its lock and sends what it fills in.
 */
#ifndef SESSIONS_API_H
#define SESSIONS_API_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "reply.h"
#include "session_store.h"
#include "validate.h"

enum sessions_op {
	SESSIONS_NONE = -1,
	SESSIONS_LIST,
	SESSIONS_CREATE,
	SESSIONS_GET,
	SESSIONS_UPDATE,
	SESSIONS_DELETE,
	KERNELS_LIST,
	KERNELS_GET,
	KERNELS_DELETE
};

/* The operation an operationId names, or SESSIONS_NONE. */
enum sessions_op sessions_op_from_id(const char *operation_id);

struct sessions_request {
	enum sessions_op op;
	const char *id; /* the path parameter; NULL for a collection */
	const char *body;       /* not NUL-terminated */
	size_t body_len;
	int64_t now;               /* virtual clock, for kernel starts */
	enum validate_mode validate;
	int body_schema;  /* schema row of the request body, or -1 */
	struct buf *note; /* warn-mode findings are appended here */
};

/* The 501 that op answers when a kernel cannot be had (create: "not
 * available", update: "could not be started"), naming the kernelspec
 * body asks for (kernel.name), or else the default kernelspec, which the
 * real server starts when none is named.  For answers picked by a
 * scenario or a Prefer header.  -1, out untouched, when op has none. */
int sessions_kernel_501(const struct store *st, enum sessions_op op,
			const cJSON *body, struct reply *out);

/* Fills out (already initialised) with the answer to rq. */
void sessions_handle(struct store *st, const struct sessions_request *rq,
		     struct reply *out);

#endif
