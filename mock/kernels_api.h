/*
 * kernels_api.h - the kernel operations a frontend's kernel manager uses:
 * list, get, delete, start, interrupt and restart, kernelspecs and
 * server status, with the real server's answers (and JSON errors where it
 * crashes).  Over the session store, under the engine's lock; no sockets.
 */
#ifndef KERNELS_API_H
#define KERNELS_API_H

#include <stddef.h>
#include <stdint.h>

#include "det.h"
#include "kernel_proto.h"
#include "kernelspecs.h"
#include "optable.h"
#include "reply.h"
#include "session_store.h"

struct engine;

/* Where frames for a kernel's channels websockets go (the HTTP glue
 * registers it); frames are borrowed for the call.  Called under the
 * engine's lock: it must queue them, never wait on a socket.  engine is
 * the kernel's (kernel ids repeat across instances). */
struct kernel_sink {
	void (*send)(void *ctx, struct engine *engine, const char *kernel_id,
		     const struct kframes *f);
	void *ctx;
	struct engine *engine; /* set by engine_set_kernel_sink */
};

/* One request to these operations, as their handlers see it. */
struct kernels_request {
	const char *id;   /* the path parameter, or NULL */
	const struct op_call *call;
	int64_t now;     /* the request's virtual time */
	int64_t started; /* the virtual clock's start */
	struct det_clock *clock; /* dates of the frames a restart sends */
	const struct kernelspec_catalog *specs;
	const struct kernel_sink *sink; /* may be NULL */
};

/* What the handlers reach beyond the request (the engine's, borrowed):
 * the group's data when the engine binds kernels_api. */
struct kernels_context {
	const int64_t *started; /* the virtual clock's start */
	struct det_clock *clock;
	const struct kernelspec_catalog *specs;
	const struct kernel_sink *sink;
};

/* Handlers of the operation table (optable.h) for kernelsList,
 * kernelsGet, kernelsDelete, kernelspecsList, kernelspecsGet, statusGet,
 * kernelsStart, kernelsInterrupt and kernelsRestart; each reads the body where the real server does
 * (OP_VALIDATE_IN_HANDLER).  Bind a copy whose data is a struct
 * kernels_context. */
extern const struct op_group kernels_api;
/* Sends the frames of a restart of k to its websockets (REST restart and
 * a scripted restart). */
void kernels_restart(struct store *st, struct kernel *k,
		     const struct kernels_request *rq);

#endif
