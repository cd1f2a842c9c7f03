/* ui_page.c - the demo page and the snapshot of the instance it shows. */
#include "ui_page.h"

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

void ui_state_get(struct control *c, const struct mock_request *req,
		  struct reply *out)
{
	(void)req;
	admin_reply_json(out, 200, ui_state_json(c->shared));
}
