/* scenario_seed.c - a scenario's settings and initial state, applied. */
#include "scenario_seed.h"

#include <stdlib.h>

void scenario_adopt_settings(const struct scenario *sc,
			     struct store_options *store, int64_t *clock_start,
			     int64_t *clock_step)
{
	if (sc->has_seed)
		store->seed = sc->seed;
	if (sc->has_clock_start)
		*clock_start = sc->clock_start;
	if (sc->has_clock_step)
		*clock_step = sc->clock_step;
	if (sc->nkernelspecs) {
		store->nkernelspecs = sc->nkernelspecs;
		for (int i = 0; i < sc->nkernelspecs; i++)
			store->kernelspecs[i] = sc->kernelspecs[i];
	}
}

void scenario_seed(const struct scenario *sc, struct store *st,
		   int64_t clock_start)
{
	struct kernel **kernels = calloc((size_t)sc->nkernels + 1, sizeof *kernels);
	if (!kernels)
		abort();
	const char *spec = store_default_kernelspec(st);
	for (int i = 0; i < sc->nkernels; i++) {
		const struct scenario_kernel *k = &sc->kernels[i];
		int64_t when = k->last_activity >= 0 ? k->last_activity
						     : clock_start;
		kernels[i] = store_start_kernel(st, k->name ? k->name : spec,
						when, k->id);
		if (k->execution_state)
			store_set_kernel_state(st, kernels[i], k->execution_state);
		if (k->connections)
			store_set_kernel_connections(st, kernels[i], k->connections);
	}
	for (int i = 0; i < sc->nsessions; i++) {
		const struct scenario_session *s = &sc->sessions[i];
		struct kernel *k = s->kernel >= 0 ? kernels[s->kernel]
			: store_start_kernel(st, s->kernel_name ? s->kernel_name : spec,
					     clock_start, NULL);
		store_add_session(st, s->path, s->name, s->type, k, s->id);
	}
	free(kernels);
}
