/*
 * kernels_api.h - the kernel operations a frontend's kernel manager uses
 * beyond the sessions: kernelspecs, server status, start, interrupt and
 * restart, with the real server's answers (and JSON errors where it
 * crashes).  Over the session store, under the engine's lock; no sockets.
 */
#ifndef KERNELS_API_H
#define KERNELS_API_H

#include <stddef.h>
#include <stdint.h>

#include "det.h"
#include "kernel_proto.h"
#include "kernelspecs.h"
#include "reply.h"
#include "session_store.h"

/* Where frames for a kernel's channels websockets go (the HTTP glue
 * registers it); frames are borrowed for the call. */
struct kernel_sink {
	void (*send)(void *ctx, const char *kernel_id, const struct kframes *f);
	void *ctx;
};

struct kernels_request {
	const char *operation_id;
	const char *id;   /* the path parameter, or NULL */
	const char *body; /* not NUL-terminated */
	size_t body_len;
	int64_t now;     /* the request's virtual time */
	int64_t started; /* the virtual clock's start */
	struct det_clock *clock; /* dates of the frames a restart sends */
	const struct kernelspec_catalog *specs;
	const struct kernel_sink *sink; /* may be NULL */
};

/* 1 when operation_id is one of these operations. */
int kernels_api_handles(const char *operation_id);
/* Fills out (already initialised) with the answer to rq. */
void kernels_handle(struct store *st, const struct kernels_request *rq,
		    struct reply *out);
/* Sends the frames of a restart of k to its websockets (REST restart and
 * a scripted restart). */
void kernels_restart(struct store *st, struct kernel *k,
		     const struct kernels_request *rq);

#endif
