/* scenario_load_initial.c - the kernels and sessions a scenario starts
 * with. */
#include "scenario_loader.h"

#include <limits.h>
#include <string.h>

#include "arena.h"
#include "chars.h"
#include "det.h"
#include "json_py.h"
#include "spec_tables.h"
#include "validate.h"

static int execution_state_schema(void)
{
	for (int i = 0; i < spec_schema_count; i++) {
		const struct spec_schema *k = &spec_schemas[i];
		if (!k->name || strcmp(k->name, "Kernel"))
			continue;
		for (int p = k->props; p < k->props + k->nprops; p++)
			if (!strcmp(spec_properties[p].name, "execution_state"))
				return spec_properties[p].schema;
	}
	return -1;
}

/* The session state stores what the spec allows a kernel to be in. */
void load_check_execution_state(struct loader *L, const struct ynode *at,
				  const char *state)
{
	int schema = execution_state_schema();
	if (!state || schema < 0)
		return;
	cJSON *v = cJSON_CreateString(state);
	struct buf why = {0}, allowed = {0};
	if (validate_value(L->validator, schema, v, "", &why) < 0) {
		const struct spec_schema *s = &spec_schemas[schema];
		for (int i = s->enums; i < s->enums + s->nenums; i++) {
			cJSON *m = cJSON_Parse(spec_json_values[i]);
			if (cJSON_IsString(m))
				buf_printf(&allowed, "%s%s", allowed.len ? ", " : "",
					   m->valuestring);
			cJSON_Delete(m);
		}
		load_err(L, at, "%s is not an execution state of the spec (%s)",
		    load_q(L, state), allowed.len ? buf_cstr(&allowed) : buf_cstr(&why));
	}
	buf_free(&why);
	buf_free(&allowed);
	cJSON_Delete(v);
}

/* Ids of initial kernels and sessions are UUIDs, as the server mints. */
static const char *uuid_of(struct loader *L, const struct ynode *n)
{
	const char *id = yread_string(&L->d, n, "'id'");
	if (id && !chars_is_uuid(id, strlen(id))) {
		load_err(L, n, "'id' must be a uuid such as "
			  "5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01, not %s", load_q(L, id));
		return NULL;
	}
	return id;
}


/* ---- initial state ---- */

static void read_kernel(struct loader *L, const struct ynode *n,
			struct scenario_kernel *k)
{
	static const char *const keys[] = {"id", "name", "execution_state",
					   "connections", "last_activity", NULL};
	k->last_activity = -1;
	if (!(yread_map(&L->d, n, "a kernel") != NULL))
		return;
	yread_keys(&L->d, n, keys, "a kernel");
	const struct ynode *v;
	long connections = 0;
	if ((v = ymap_get(n, "id")))
		k->id = uuid_of(L, v);
	k->name = (v = ymap_get(n, "name")) ? yread_string(&L->d, v, "'name'") : NULL;
	if ((v = ymap_get(n, "execution_state")) &&
	    (k->execution_state = yread_string(&L->d, v, "'execution_state'")))
		load_check_execution_state(L, v, k->execution_state);
	if ((v = ymap_get(n, "connections")))
		yread_long(&L->d, v, "'connections'", 0, INT_MAX, &connections);
	k->connections = (int)connections;
	if ((v = ymap_get(n, "last_activity")) &&
	    (v->kind != YNODE_SCALAR || det_parse_iso(v->text, &k->last_activity) < 0))
		load_err(L, v, "'last_activity' must be an ISO-8601 UTC time such as "
			  "2026-01-01T00:00:00Z");
}

static int find_kernel(const struct scenario *sc, const char *id)
{
	for (int i = 0; i < sc->nkernels; i++)
		if (sc->kernels[i].id && !strcmp(sc->kernels[i].id, id))
			return i;
	return -1;
}

static void read_session(struct loader *L, const struct ynode *n,
			 struct scenario_session *s)
{
	static const char *const keys[] = {"id", "path", "name", "type",
					   "kernel", NULL};
	s->kernel = -1;
	if (!(yread_map(&L->d, n, "a session") != NULL))
		return;
	yread_keys(&L->d, n, keys, "a session");
	const struct ynode *v;
	if ((v = ymap_get(n, "id")))
		s->id = uuid_of(L, v);
	static const char *const fields[] = {"path", "type"};
	for (int i = 0; i < 2; i++)
		if (!ymap_get(n, fields[i]))
			load_err(L, n, "a session needs %s", load_q(L, fields[i]));
	if ((v = ymap_get(n, "path")) && yread_string(&L->d, v, "'path'")) {
		struct buf b = {0}; /* always a string, even 2024 or true */
		json_py_write_string(&b, v->text);
		s->path = arena_strdup(L->a, buf_cstr(&b));
		buf_free(&b);
	}
	/* name and type are any scalar, as a create takes them */
	if ((v = ymap_get(n, "type")) && v->kind != YNODE_SCALAR)
		load_err(L, v, "'type' must be a scalar");
	else if (v)
		s->type = load_json_text(L, v);
	s->name = arena_strdup(L->a, "null");
	if ((v = ymap_get(n, "name")) && v->kind != YNODE_SCALAR)
		load_err(L, v, "'name' must be a scalar");
	else if (v)
		s->name = load_json_text(L, v);
	if (!(v = ymap_get(n, "kernel")) || !yread_string(&L->d, v, "'kernel'"))
		return;
	s->kernel = find_kernel(L->sc, v->text);
	if (s->kernel < 0)
		s->kernel_name = v->text; /* a kernelspec: checked with the others */
}

static void check_kernelspec(struct loader *L, const struct ynode *at,
			     const char *name)
{
	const struct scenario *sc = L->sc;
	for (int i = 0; i < sc->nkernelspecs; i++)
		if (!strcmp(sc->kernelspecs[i], name))
			return;
	if (sc->nkernelspecs)
		load_err(L, at, "%s is neither a kernel of 'initial' nor a kernelspec "
			   "of 'kernels'", load_q(L, name));
}

/* One session per id and per path, as in the real server. */
static void check_session_unique(struct loader *L, const struct ynode *n,
				 int row)
{
	const struct scenario_session *s = &L->sc->sessions[row];
	for (int i = 0; i < row; i++) {
		const struct scenario_session *o = &L->sc->sessions[i];
		if (s->id && o->id && !strcmp(s->id, o->id))
			load_err(L, ymap_get(n, "id"), "session id %s is given twice",
			    load_q(L, s->id));
		if (s->path && o->path && !strcmp(s->path, o->path))
			load_err(L, ymap_get(n, "path"), "a second session has the path "
			    "%s (a path has one session)",
			    load_q(L, ymap_get(n, "path")->text));
	}
}

void load_initial(struct loader *L, const struct ynode *n)
{
	static const char *const keys[] = {"kernels", "sessions", NULL};
	struct scenario *sc = L->sc;
	if (!(yread_map(&L->d, n, "'initial'") != NULL))
		return;
	yread_keys(&L->d, n, keys, "'initial'");
	const struct ynode *ks = ymap_get(n, "kernels");
	const struct ynode *ss = ymap_get(n, "sessions");
	if (ks && (yread_seq(&L->d, ks, "'kernels'") != NULL)) {
		sc->kernels = arena_alloc(L->a, (ks->n + 1) * sizeof *sc->kernels);
		for (size_t i = 0; i < ks->n; i++) {
			struct scenario_kernel *k = &sc->kernels[i];
			read_kernel(L, ks->items[i], k);
			if (k->id && find_kernel(sc, k->id) >= 0)
				load_err(L, ks->items[i], "kernel id %s is given twice", load_q(L, k->id));
			if (k->name)
				check_kernelspec(L, ks->items[i], k->name);
			sc->nkernels++;
		}
	}
	if (ss && (yread_seq(&L->d, ss, "'sessions'") != NULL)) {
		sc->sessions = arena_alloc(L->a, (ss->n + 1) * sizeof *sc->sessions);
		for (size_t i = 0; i < ss->n; i++) {
			read_session(L, ss->items[i], &sc->sessions[i]);
			check_session_unique(L, ss->items[i], (int)i);
			if (sc->sessions[i].kernel_name)
				check_kernelspec(L, ymap_get(ss->items[i], "kernel"),
						 sc->sessions[i].kernel_name);
			sc->nsessions++;
		}
	}
}

