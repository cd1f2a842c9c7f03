/*
 * engine.h - decides the answer to one request: routes it, validates it,
 * and has the session state or the spec answer it.
 *
 * One engine is one independent mock: its own store, clock and ids.  All
 * of a request's work happens under the engine's lock, so concurrent
 * clients see the changes in the order the engine took them and no
 * request sees a half-made change.  It knows nothing of sockets.
 */
#ifndef ENGINE_H
#define ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "reply.h"
#include "request.h"
#include "scenario.h"
#include "session_store.h"
#include "validate.h"

struct engine_options {
	struct store_options store;
	int64_t clock_start; /* virtual microseconds since the epoch */
	int64_t clock_step;  /* added per request */
	enum validate_mode validate;
	int cors;     /* answer preflights, reflect Origin */
	int stateful; /* the session store answers the Sessions operations */
	/* A loaded scenario (borrowed; it must outlive the engine) whose
	 * seed, clock, kernelspecs and initial state replace the above where
	 * it gives them; NULL for none. */
	const struct scenario *scenario;
};

struct engine;

/* NULL on bad options.  Free with engine_free. */
struct engine *engine_new(const struct engine_options *opt);
void engine_free(struct engine *e);

/* Puts e back to its start, as engine_new made it, replaying scenario sc
 * (borrowed, it must outlive the engine; NULL: none): a new store, clock
 * and ids.  Returns 0, or -1 on out-of-memory with e unchanged. */
int engine_reset(struct engine *e, const struct scenario *sc);
/* The scenario e replays, or NULL. */
const struct scenario *engine_scenario(struct engine *e);

/* Fills out (initialised by the caller) with the answer to req. */
void engine_handle(struct engine *e, const struct mock_request *req,
		   struct reply *out);

/* ---- for the kernel channels websocket (kernel_channels.c) ----
 * Between engine_lock and engine_unlock the caller may use the store,
 * the clock and the scenario run as a request would. */
struct kernelspec_catalog;
struct kernel_sink;
struct det_clock;
void engine_lock(struct engine *e);
void engine_unlock(struct engine *e);
struct store *engine_store(struct engine *e);
struct det_clock *engine_clock(struct engine *e);
const struct kernelspec_catalog *engine_kernelspecs(const struct engine *e);
struct scenario_run *engine_scenario_run(struct engine *e); /* or NULL */
const struct kernel_sink *engine_kernel_sink(const struct engine *e);
/* Where frames a REST request makes for websockets go (copied). */
void engine_set_kernel_sink(struct engine *e, const struct kernel_sink *sink);

#endif
