/*
 * scenario_seed.h - what a scenario puts into a new engine: its settings
 * (seed, clock, kernelspecs) over the command line's, and its initial
 * kernels and sessions into the store.
 */
#ifndef SCENARIO_SEED_H
#define SCENARIO_SEED_H

#include <stdint.h>

#include "scenario.h"
#include "session_store.h"

/* The scenario's seed and kernelspecs replace those of store, and its
 * clock *clock_start and *clock_step, where it gives them. */
void scenario_adopt_settings(const struct scenario *sc,
			     struct store_options *store, int64_t *clock_start,
			     int64_t *clock_step);

/* Starts the scenario's initial kernels and sessions in st (a kernel
 * without last_activity was last active at clock_start). */
void scenario_seed(const struct scenario *sc, struct store *st,
		   int64_t clock_start);

#endif
