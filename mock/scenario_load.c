/* scenario_load.c - reads a scenario file: its settings, then each part
 * through the loader's other files (scenario_loader.h). */
#include "scenario_loader.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "det.h"
#include "json_py.h"
#include "json_text.h"
#include "kernelspecs.h"
#include "router.h"
#include "scenario_render.h"
#include "validate.h"

#define MAX_FILE (8L << 20)

static void read_settings(struct loader *L, const struct ynode *root)
{
	struct scenario *sc = L->sc;
	const struct ynode *v;
	long seed;
	if ((v = ymap_get(root, "scenario")))
		sc->name = yread_string(&L->d, v, "'scenario'");
	if ((v = ymap_get(root, "description")))
		sc->description = yread_string(&L->d, v, "'description'");
	if ((v = ymap_get(root, "seed")) && yread_long(&L->d, v, "'seed'", 0, LONG_MAX, &seed) == 0) {
		sc->has_seed = 1;
		sc->seed = (uint64_t)seed;
	}
	if ((v = ymap_get(root, "clock")) && (yread_map(&L->d, v, "'clock'") != NULL)) {
		static const char *const keys[] = {"start", "step", NULL};
		const struct ynode *start = ymap_get(v, "start");
		const struct ynode *step = ymap_get(v, "step");
		yread_keys(&L->d, v, keys, "'clock'");
		if (start && (start->kind != YNODE_SCALAR ||
			      det_parse_iso(start->text, &sc->clock_start) < 0))
			load_err(L, start, "'start' must be an ISO-8601 UTC time such as "
				      "2026-01-01T00:00:00Z");
		sc->has_clock_start = start != NULL;
		sc->has_clock_step = step && load_duration(L, step, "'step'",
							 &sc->clock_step) == 0;
	}
	if ((v = ymap_get(root, "off_script"))) {
		if (!yscalar_is(v, "error") && !yscalar_is(v, "state"))
			load_err(L, v, "'off_script' is error or state");
		sc->off_script_state = yscalar_is(v, "state");
	}
}

/* A kernelspec given as a mapping: its name, and its fields checked. */
static const char *kernelspec_of_map(struct loader *L, const struct ynode *n,
				     const cJSON **fields)
{
	yread_keys(&L->d, n, kernelspec_keys, "a kernelspec");
	const struct ynode *name = ymap_get(n, "name");
	if (!name) {
		load_err(L, n, "a kernelspec mapping needs a 'name'");
		return NULL;
	}
	cJSON *j = load_json(L, n);
	for (size_t i = 0; j && i < n->n; i++) {
		const struct ynode *key = ymap_key(n, i);
		const char *rule = kernelspec_check_field(
			key->text, cJSON_GetObjectItemCaseSensitive(j, key->text));
		if (rule && strcmp(key->text, "name") != 0)
			load_err(L, ymap_value(n, i), "kernelspec %s %s",
				 load_q(L, key->text), rule);
	}
	*fields = j;
	return yread_string(&L->d, name, "a kernelspec name");
}

static void read_kernelspecs(struct loader *L, const struct ynode *n)
{
	struct scenario *sc = L->sc;
	if (!(yread_seq(&L->d, n, "'kernels'") != NULL))
		return;
	if (n->n == 0 || n->n > 16) {
		load_err(L, n, "'kernels' lists 1 to 16 kernelspec names");
		return;
	}
	sc->kernelspecs = arena_alloc(L->a, (n->n + 1) * sizeof *sc->kernelspecs);
	sc->kernelspec_fields = arena_alloc(L->a, (n->n + 1) *
						  sizeof *sc->kernelspec_fields);
	for (size_t i = 0; i < n->n; i++) {
		const cJSON *fields = NULL;
		const struct ynode *at = n->items[i];
		const char *name = at->kind == YNODE_MAP
					   ? kernelspec_of_map(L, at, &fields)
					   : yread_string(&L->d, at, "a kernelspec name");
		if (!name)
			continue;
		if (!*name) {
			load_err(L, at, "a kernelspec name cannot be empty");
			continue;
		}
		for (int j = 0; j < sc->nkernelspecs; j++)
			if (!strcmp(sc->kernelspecs[j], name)) {
				load_err(L, at, "kernelspec %s is listed twice",
					 load_q(L, name));
				name = NULL;
				break;
			}
		if (name) {
			sc->kernelspec_fields[sc->nkernelspecs] = fields;
			sc->kernelspecs[sc->nkernelspecs++] = name;
		}
	}
}

static void read_root(struct loader *L, const struct ynode *root)
{
	static const char *const keys[] = {
		"scenario", "description", "seed", "clock", "kernels",
		"off_script", "initial", "faults", "steps", "states", "kernel", NULL};
	struct scenario *sc = L->sc;
	if (!(yread_map(&L->d, root, "a scenario") != NULL))
		return;
	yread_keys(&L->d, root, keys, "the scenario");
	if (!ymap_get(root, "scenario"))
		load_err(L, root, "a scenario needs a name: 'scenario: NAME'");
	read_settings(L, root);
	const struct ynode *v;
	if ((v = ymap_get(root, "kernels")))
		read_kernelspecs(L, v);
	if ((v = ymap_get(root, "initial")))
		load_initial(L, v);
	if ((v = ymap_get(root, "faults")) && (yread_seq(&L->d, v, "'faults'") != NULL)) {
		sc->schedules = arena_alloc(L->a, (v->n + 1) * sizeof *sc->schedules);
		for (size_t i = 0; i < v->n; i++)
			load_schedule(L, v->items[i], &sc->schedules[sc->nschedules++]);
	}
	load_script(L, root);
	if ((v = ymap_get(root, "kernel")))
		load_kernel_steps(L, v);
}

const struct scenario *scenario_ref(const struct scenario *sc)
{
	if (sc) /* refs is the one field a holder of a const pointer changes */
		atomic_fetch_add(&((struct scenario *)sc)->refs, 1);
	return sc;
}

void scenario_free(const struct scenario *held)
{
	struct scenario *sc = (struct scenario *)held;
	if (!sc || atomic_fetch_sub(&sc->refs, 1) > 1)
		return;
	free_kernel_steps(sc);
	for (int i = 0; i < sc->njson; i++)
		cJSON_Delete(sc->json[i]);
	free(sc->json);
	arena_free(sc->arena);
}

struct scenario *scenario_load_text(const char *path, const char *text,
				    size_t len, FILE *diag_out)
{
	struct arena *a = arena_new();
	struct scenario *sc = arena_alloc(a, sizeof *sc);
	struct loader L = {.sc = sc, .a = a, .router = router_new(),
			   .validator = validator_new()};
	atomic_init(&sc->refs, 1);
	sc->arena = a;
	sc->path = arena_strdup(a, path);
	diag_init(&L.d, sc->path, diag_out);
	const struct ynode *root = yaml_tree_load(a, &L.d, text, len);
	if (root)
		read_root(&L, root);
	router_free(L.router);
	validator_free(L.validator);
	int errors = L.d.errors;
	diag_flush(&L.d);
	if (errors || !root) {
		scenario_free(sc);
		return NULL;
	}
	return sc;
}

struct scenario *scenario_load(const char *path, FILE *diag_out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(diag_out, "%s:1:1: error: cannot open the file\n", path);
		return NULL;
	}
	struct buf text = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 &&
	       text.len <= (size_t)MAX_FILE)
		buf_append(&text, chunk, n);
	int failed = ferror(f);
	fclose(f);
	struct scenario *sc = NULL;
	if (failed)
		fprintf(diag_out, "%s:1:1: error: cannot read the file\n", path);
	else if (text.len > (size_t)MAX_FILE)
		fprintf(diag_out, "%s:1:1: error: larger than %ld bytes\n", path,
			MAX_FILE);
	else
		sc = scenario_load_text(path, buf_cstr(&text), text.len, diag_out);
	buf_free(&text);
	return sc;
}

