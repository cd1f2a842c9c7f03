/* ui_page.c - the demo page and the snapshot of the instance it shows. */
#include "ui_page.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_json.h"
#include "det.h"
#include "scenario.h"
#include "session_store.h"

/* build/ui_page_html.c, from mock/ui/index.html (mock/ui/embed.sh). */
extern const unsigned char ui_page_html[];
extern const unsigned long ui_page_html_len;

void ui_page_get(struct control *c, const struct mock_request *req,
		 struct reply *out)
{
	(void)c;
	(void)req;
	out->status = 200;
	out->content_type = "text/html; charset=utf-8";
	out->send_length = 1;
	buf_append(&out->body, ui_page_html, ui_page_html_len);
	reply_header(out, "Cache-Control", "no-cache");
	/* Its own inline script and style, requests to this origin only. */
	out->csp = "default-src 'none'; script-src 'unsafe-inline'; "
		   "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; "
		   "frame-ancestors 'self'";
}

/* Parses JSON text a store function wrote (the caller owns the result;
 * an empty array if it does not parse, which would be a store bug). */
static cJSON *parsed(const struct buf *text)
{
	cJSON *v = text->len ? cJSON_ParseWithLength(text->data, text->len) : NULL;
	return v ? v : cJSON_CreateArray();
}

/* Every session, oldest first, without the culling a real list does. */
static cJSON *sessions_json(struct store *st)
{
	struct session *s = store_last_session(st);
	while (s && s->prev)
		s = s->prev;
	cJSON *list = cJSON_CreateArray();
	for (; s; s = s->next) {
		struct buf text = {0};
		store_session_json(s, &text);
		cJSON *item = parsed(&text);
		buf_free(&text);
		cJSON_AddBoolToObject(item, "culled", !s->kernel->alive);
		cJSON_AddItemToArray(list, item);
	}
	return list;
}

static cJSON *scenario_json(const struct scenario *sc, const struct scenario_run *run)
{
	if (!sc)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", sc->name);
	if (sc->description)
		cJSON_AddStringToObject(o, "description", sc->description);
	else
		cJSON_AddNullToObject(o, "description");
	cJSON *states = cJSON_AddArrayToObject(o, "states");
	for (int i = 0; i < sc->nstates; i++) {
		const struct scenario_state *state = &sc->states[i];
		cJSON *so = cJSON_CreateObject();
		cJSON_AddStringToObject(so, "name", state->name);
		cJSON_AddStringToObject(so, "order", state->any_order ? "any" : "sequence");
		cJSON *steps = cJSON_AddArrayToObject(so, "steps");
		for (int k = 0; k < state->nsteps; k++)
			cJSON_AddItemToArray(steps, cJSON_CreateString(
				sc->steps[state->first_step + k].label));
		cJSON_AddItemToArray(states, so);
	}
	struct buf expected = {0};
	if (run)
		scenario_describe_expected(run, NULL, &expected);
	cJSON_AddStringToObject(o, "expected", buf_cstr(&expected));
	buf_free(&expected);
	return o;
}

cJSON *ui_state_json(struct engine *e)
{
	cJSON *o = cJSON_CreateObject();
	engine_lock(e);
	struct store *st = engine_store(e);
	cJSON_AddItemToObject(o, "sessions", sessions_json(st));
	struct buf text = {0};
	store_kernels_json(st, &text);
	cJSON_AddItemToObject(o, "kernels", parsed(&text));
	buf_free(&text);
	char now[32];
	det_format_iso(engine_clock(e)->now_us, now);
	cJSON_AddStringToObject(o, "clock", now);
	/* engine_scenario would take the lock again: the run knows it. */
	const struct scenario_run *run = engine_scenario_run(e);
	cJSON_AddItemToObject(o, "scenario",
			      scenario_json(run ? scenario_of(run) : NULL, run));
	engine_unlock(e);
	return o;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds a copy of name to the list unless it is there. */
static void add_name(char ***names, int *n, int *cap, const char *name, size_t len)
{
	for (int i = 0; i < *n; i++)
		if (strlen((*names)[i]) == len && !strncmp((*names)[i], name, len))
			return;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*names = realloc(*names, (size_t)*cap * sizeof **names);
		if (!*names)
			abort();
	}
	char *copy = strndup(name, len);
	if (!copy)
		abort();
	(*names)[(*n)++] = copy;
}

cJSON *ui_scenario_names(struct catalog *cat)
{
	char **names = NULL;
	int n = 0, cap = 0;
	for (int i = 0; i < catalog_count(cat); i++) {
		const struct scenario *sc = catalog_at(cat, i);
		add_name(&names, &n, &cap, sc->name, strlen(sc->name));
		scenario_free(sc);
	}
	DIR *dir = catalog_dir(cat) ? opendir(catalog_dir(cat)) : NULL;
	for (struct dirent *d; dir && (d = readdir(dir));) {
		size_t len = strlen(d->d_name);
		if (len > 5 && !strcmp(d->d_name + len - 5, ".yaml")) {
			char stem[256];
			snprintf(stem, sizeof stem, "%.*s", (int)(len - 5), d->d_name);
			if (catalog_name_ok(stem))
				add_name(&names, &n, &cap, stem, strlen(stem));
		}
	}
	if (dir)
		closedir(dir);
	if (n)
		qsort(names, (size_t)n, sizeof *names, by_name);
	cJSON *list = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		cJSON_AddItemToArray(list, cJSON_CreateString(names[i]));
		free(names[i]);
	}
	free(names);
	return list;
}

void ui_state_get(struct control *c, const struct mock_request *req,
		  struct reply *out)
{
	(void)req;
	cJSON *o = ui_state_json(c->shared);
	cJSON_AddItemToObject(o, "scenario_names", ui_scenario_names(c->catalog));
	admin_reply_json(out, 200, o);
}
