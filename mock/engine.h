/*
 * engine.h - decides the answer to one request, along one pipeline:
 *
 *   route (the spec's router, then the other routes of the table)
 *   -> override (Prefer: code=, example=; prefer.h)
 *   -> scenario step (a scripted answer, or actions after the handler's)
 *   -> validation (the body read once; request_check.h)
 *   -> handler (the operation table's; optable.h) -> reply
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

#include "optable.h"
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
	/* A loaded scenario (the engine takes its own reference) whose
	 * seed, clock, kernelspecs and initial state replace the above where
	 * it gives them; NULL for none. */
	const struct scenario *scenario;
	/* Where engine_new says why it failed (a handler the spec does not
	 * match: optable_bind), or NULL. */
	struct buf *error;
};

struct engine;

/* NULL on bad options or a spec the handlers do not match (the reason
 * appended to opt->error).  Free with engine_free. */
struct engine *engine_new(const struct engine_options *opt);
void engine_free(struct engine *e);

/* Puts e back to its start, as engine_new made it, replaying scenario sc
 * (the engine takes its own reference; NULL: none): a new store, clock
 * and ids.  Returns 0, or -1 on out-of-memory with e unchanged. */
int engine_reset(struct engine *e, const struct scenario *sc);
/* The scenario e replays, referenced (give it back with scenario_free:
 * a reset may replace it meanwhile), or NULL. */
const struct scenario *engine_scenario_ref(struct engine *e);
/* Appends the name of the state e's scenario run is in to state, and
 * what it expects next to next: 0, or -1 when e replays no scenario. */
int engine_run_status(struct engine *e, struct buf *state, struct buf *next);
/* 1 when e's scenario run has taken every step, 0 when not, -1 when e
 * replays no scenario. */
int engine_run_done(struct engine *e);
/* Moves e's scenario run to the state named name: 0; -1 when e replays
 * no scenario, -2 when it has no such state (nothing changes). */
int engine_enter_state(struct engine *e, const char *name);

/* Fills out (initialised by the caller) with the answer to req. */
void engine_handle(struct engine *e, const struct mock_request *req,
		   struct reply *out);

/* Adds a route the spec does not have to the engine's table, before it
 * serves: optable_add_route.  OP_ROUTE_ENGINE: its handler runs in the
 * engine's pipeline, under its lock, and gets call->store and call->now;
 * OP_ROUTE_CONTROL: the engine never answers it, the control plane finds
 * it with engine_control_route.  data is handed to the handler as
 * call->data.  0, or -1 for an empty path. */
int engine_add_route(struct engine *e, enum op_route_kind kind,
		     const char *method, const char *path, op_handler handler,
		     void *data);

/* The OP_ROUTE_CONTROL route for method and path (optable_route).  No
 * lock: the table does not change once the engine serves. */
enum optable_match engine_control_route(const struct engine *e,
					const char *method, const char *path,
					op_handler *handler, void **data);

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
/* Where frames a REST request makes for websockets go (copied). */
void engine_set_kernel_sink(struct engine *e, const struct kernel_sink *sink);

#endif
