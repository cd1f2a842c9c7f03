/*
 * instances.h - per-client mocks: a client naming a scenario (and
 * optionally an instance key) gets its own engine, with its own store,
 * clock, ids and scenario run, created on first use.  At most max live
 * at once: making one more drops the one idle the longest (said on
 * stderr).
 *
 * An engine in use is never freed under a request: acquire counts a
 * reference, release gives it back, and a dropped instance's engine is
 * freed when its last request is done.
 */
#ifndef INSTANCES_H
#define INSTANCES_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "engine.h"
#include "scenario.h"

#define INSTANCE_MAX_KEY 128
#define INSTANCES_DEFAULT_MAX 64

struct instances;

/* Instances made with base (copied; its scenario is ignored), at most
 * max of them.  NULL on out-of-memory. */
struct instances *instances_new(const struct engine_options *base, int max);
void instances_free(struct instances *in);

/* The engine of instance key, made with sc (referenced, the caller keeps
 * its own) when new, with a reference the caller gives back with
 * instances_release.  NULL with err and *status set for the caller's
 * answer: 409, an instance of that key replaying another scenario (unless
 * instances_select chose it); 503, max instances all busy. */
struct engine *instances_acquire(struct instances *in, const char *key,
				 const struct scenario *sc, struct buf *err,
				 int *status);
void instances_release(struct instances *in, struct engine *e);

/* Makes instance key replay sc (referenced; the caller keeps its own)
 * from its start: a new store, clock, ids and run; made when new.  From
 * then on its clients reach it whatever scenario they name.  0, or -1
 * with err set (out of memory, or a new one past max with all busy). */
int instances_select(struct instances *in, const char *key,
		     const struct scenario *sc, struct buf *err);
/* Puts instance key back to its start: 0, or -1 when there is none. */
int instances_reset(struct instances *in, const char *key);
/* Puts every instance back to its start. */
void instances_reset_all(struct instances *in);
/* Forgets instance key: 0, or -1 when there is none. */
int instances_drop(struct instances *in, const char *key);
/* Moves instance key to the state named name: 0; -1 no such instance,
 * -2 no such state. */
int instances_enter_state(struct instances *in, const char *key,
			  const char *name);
/* 1 when instance key exists. */
int instances_has(struct instances *in, const char *key);

/* [{"instance", "scenario", "state", "next", "requests"}...] of the live
 * instances, oldest first (the caller owns it). */
cJSON *instances_json(struct instances *in);
int instances_count(struct instances *in);

/* Reads a client's instance from X-Mock-Scenario ("NAME" or "NAME;
 * instance=KEY") or a mock-scenario cookie ("NAME" or "NAME:KEY"):
 * name and key (KEY, else NAME) are filled and 1 returned; 0 when the
 * request names none; -1 with err set when the value is malformed. */
int instances_of_request(const struct mock_request *req, char name[129],
			 char key[INSTANCE_MAX_KEY + 1], struct buf *err);

#endif
