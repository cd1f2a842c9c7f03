/*
 * control.h - the front of the mock: every request comes in here.  A
 * request under /__mock/ goes to the admin API; any other goes to the
 * engine that answers it, and into the journal.
 *
 * The control plane owns what outlives one engine: the journal, the
 * coverage counters, the per-client instances (later) and the loaded
 * scenarios.  The admin modules (admin_*.c) read and change it through
 * the struct below; the HTTP glue only calls control_handle (and the
 * websockets control_engine_of).
 */
#ifndef CONTROL_H
#define CONTROL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "buf.h"
#include "catalog.h"
#include "coverage.h"
#include "engine.h"
#include "instances.h"
#include "journal.h"
#include "reply.h"
#include "spec_tables.h"

struct admin_binding;

#define MOCK_VERSION "0.1.0"
/* Paths under this prefix are the admin API's, never the spec's. */
#define ADMIN_PREFIX "/__mock"

struct control_options {
	struct engine_options engine; /* of every instance */
	size_t journal;               /* entries kept; 0: no journal */
	int max_instances;            /* per-client instances live at once
				       * (0: INSTANCES_DEFAULT_MAX) */
	const char *scenario_dir;     /* --scenario-dir, or NULL */
	/* --scenario files, taken over by control_new (even on failure);
	 * the first is the shared instance's */
	struct scenario **scenarios;
	int nscenarios;
	/* Without scenarios: the shared instance's scenario, or NULL
	 * (borrowed: it must outlive the control) */
	const struct scenario *scenario;
	/* --exit-when-done: SIGUSR1 to the process once the shared
	 * instance's scenario has taken every step, or a request went off
	 * script (control_done says which) */
	int exit_when_done;
};

struct control {
	struct control_options opt;
	struct engine *shared; /* the instance of clients that name none */
	struct instances *instances; /* of clients that name a scenario */
	struct catalog *catalog;
	struct journal *journal;
	struct coverage *coverage;
	struct timespec started; /* CLOCK_MONOTONIC, for the uptime */
	atomic_int done_sent;    /* --exit-when-done: SIGUSR1 sent */
	atomic_int off_script;   /* requests of the shared instance off script */
	struct admin_binding *admin_bindings; /* admin_register's */
	pthread_mutex_t reload_lock;
	struct buf reload_errors; /* of the last reload, "" when it went well */
};

/* NULL on out-of-memory or bad engine options (the reason on stderr). */
struct control *control_new(const struct control_options *opt);
void control_free(struct control *c);

/* Fills out (initialised by the caller) with the answer to req. */
void control_handle(struct control *c, const struct mock_request *req,
		    struct reply *out);

/* The engine that answers req: the instance its X-Mock-Scenario header
 * or mock-scenario cookie names (key gets the instance's key), else the
 * shared one (key ""); the kernel websockets choose theirs with it too.
 * Referenced: give it back with control_release_engine.  NULL with out
 * holding the 4xx when req names a bad scenario or instance. */
struct engine *control_engine_of(struct control *c,
				 const struct mock_request *req,
				 char key[INSTANCE_MAX_KEY + 1], struct reply *out);
void control_release_engine(struct control *c, struct engine *e);

/* 0 when no operation of ops[0..n) is under ADMIN_PREFIX; otherwise -1
 * and err says which, as SOURCE:LINE (source: the spec's file) (the mock
 * must not start: the admin API would hide it). */
int control_spec_conflict(const struct spec_operation *ops, int n,
			  const char *source, struct buf *err);

/* Reloads the scenario file at path: the catalog gets the new version and
 * the shared instance, if it replays that scenario, starts it afresh.  A
 * file that fails the check changes nothing: -1, its errors on stderr
 * and kept for GET /__mock/scenarios.  0 when reloaded. */
int control_reload(struct control *c, const char *path);

/* --exit-when-done, at exit: writes the report to f; returns the exit
 * status: 0 when every step was taken and no request went off script,
 * else 1. */
int control_done_report(struct control *c, FILE *f);

/* 1 when path is the admin prefix or under it. */
int control_is_admin_path(const char *path);

#endif
