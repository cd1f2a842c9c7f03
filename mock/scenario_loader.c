/* scenario_loader.c - what the loader's files share: positioned errors,
 * quoting, durations, values as JSON, pairs and templates. */
#include "scenario_loader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "det.h"
#include "json_py.h"
#include "json_text.h"
#include "scenario_render.h"

#define MAX_JSON (1L << 20)

void load_err(struct loader *L, const struct ynode *n, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	diag_error(&L->d, n ? n->line : 1, n ? n->col : 1, "%s", text);
}

/* A user value, quoted and made safe to print. */
const char *load_q(struct loader *L, const char *s)
{
	return arena_printf(L->a, "'%s'", diag_q(&L->d, s));
}


int load_duration(struct loader *L, const struct ynode *n,
		  const char *what, int64_t *us)
{
	if (n->kind == YNODE_SCALAR && det_parse_duration(n->text, us) == 0)
		return 0;
	load_err(L, n, "%s must be " DET_DURATION_HINT, what);
	return -1;
}


static void keep_json(struct scenario *sc, cJSON *j)
{
	if (sc->njson == sc->json_cap) {
		sc->json_cap = sc->json_cap ? sc->json_cap * 2 : 16;
		cJSON **grown = realloc(sc->json, (size_t)sc->json_cap * sizeof *grown);
		if (!grown)
			abort();
		sc->json = grown;
	}
	sc->json[sc->njson++] = j;
}

/* The node as a cJSON tree owned by the scenario; NULL on error. */
cJSON *load_json(struct loader *L, const struct ynode *n)
{
	struct buf sb = {0};
	const struct ynode *bad = NULL;
	enum json_status st = json_text(&sb, n, MAX_JSON, &bad);
	cJSON *j = st == JSON_OK ? cJSON_ParseWithLength(sb.data, sb.len) : NULL;
	buf_free(&sb);
	if (st == JSON_UNREPRESENTABLE && bad) {
		load_err(L, bad, "%s has no JSON form", load_q(L, bad->text));
		return NULL;
	}
	if (st == JSON_TOO_LARGE) { /* at the value, not inside an alias */
		load_err(L, n, "value is larger than %ld bytes as JSON", MAX_JSON);
		return NULL;
	}
	if (st != JSON_OK) {
		load_err(L, n, "value nests too deeply");
		return NULL;
	}
	if (!j) {
		load_err(L, n, "value cannot be written as JSON");
		return NULL;
	}
	keep_json(L->sc, j);
	return j;
}

/* The node as JSON text in the real server's style (for the store). */
char *load_json_text(struct loader *L, const struct ynode *n)
{
	cJSON *j = load_json(L, n);
	if (!j)
		return NULL;
	struct buf b = {0};
	json_py_write(&b, j);
	char *text = arena_strdup(L->a, buf_cstr(&b));
	buf_free(&b);
	return text;
}

void load_check_templates(struct loader *L, const struct ynode *at,
			       const char *text)
{
	struct buf bad = {0};
	if (template_check(text, &bad) < 0)
		load_err(L, at, "unknown template %s", load_q(L, buf_cstr(&bad)));
	buf_free(&bad);
}

void load_check_json_templates(struct loader *L, const struct ynode *at,
				 const cJSON *j)
{
	if (cJSON_IsString(j))
		load_check_templates(L, at, j->valuestring);
	for (const cJSON *c = j->child; c; c = c->next)
		load_check_json_templates(L, at, c);
}

int load_pairs(struct loader *L, const struct ynode *n, const char *what,
		    struct scenario_pair **out)
{
	if (!yread_map(&L->d, n, what))
		return 0;
	struct scenario_pair *p = arena_alloc(L->a, (n->n + 1) * sizeof *p);
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *v = ymap_value(n, i);
		p[i].name = ymap_key(n, i)->text;
		p[i].value = v->kind == YNODE_SCALAR ? v->text : "";
		if (v->kind != YNODE_SCALAR)
			load_err(L, v, "the value of %s in %s must be a string",
			    load_q(L, p[i].name), what);
	}
	*out = p;
	return (int)n->n;
}

/* ---- the file ---- */

void load_repeat(struct loader *L, const struct ynode *n, long *repeat)
{
	char *end = NULL;
	errno = 0;
	long v = n->kind == YNODE_SCALAR ? strtol(n->text, &end, 10) : 0;
	if (yscalar_is(n, "forever"))
		*repeat = SCENARIO_FOREVER;
	else if (end && end != n->text && !*end && v >= 1 && errno != ERANGE)
		*repeat = v;
	else
		load_err(L, n, "'repeat' must be an integer of at least 1, or forever");
}
