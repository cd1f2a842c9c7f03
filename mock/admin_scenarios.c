/* admin_scenarios.c - scenarios and instances through the admin API. */
#include "admin_scenarios.h"

#include <stdlib.h>
#include <string.h>

#include "admin_json.h"

static cJSON *scenario_json(const struct scenario *sc)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", sc->name);
	if (sc->description)
		cJSON_AddStringToObject(o, "description", sc->description);
	else
		cJSON_AddNullToObject(o, "description");
	cJSON_AddStringToObject(o, "path", sc->path);
	cJSON *states = cJSON_AddArrayToObject(o, "states");
	for (int i = 0; i < sc->nstates; i++)
		cJSON_AddItemToArray(states, cJSON_CreateString(sc->states[i].name));
	cJSON_AddNumberToObject(o, "steps", sc->nsteps);
	return o;
}

/* {"instance": "", ...} of the shared instance. */
static cJSON *shared_json(struct control *c)
{
	cJSON *o = cJSON_CreateObject();
	const struct scenario *sc = engine_scenario_ref(c->shared);
	struct buf state = {0}, next = {0};
	engine_run_status(c->shared, &state, &next);
	cJSON_AddStringToObject(o, "instance", "");
	if (sc)
		cJSON_AddStringToObject(o, "scenario", sc->name);
	else
		cJSON_AddNullToObject(o, "scenario");
	cJSON_AddStringToObject(o, "state", buf_cstr(&state));
	cJSON_AddStringToObject(o, "next", buf_cstr(&next));
	buf_free(&state);
	buf_free(&next);
	scenario_free(sc);
	return o;
}

/* Every instance, the shared one first. */
static cJSON *all_instances_json(struct control *c)
{
	cJSON *list = instances_json(c->instances);
	cJSON_InsertItemInArray(list, 0, shared_json(c));
	return list;
}

void admin_get_scenarios(struct control *c, const struct mock_request *req,
			 struct reply *out)
{
	(void)req;
	cJSON *o = cJSON_CreateObject();
	const char *dir = catalog_dir(c->catalog);
	if (dir)
		cJSON_AddStringToObject(o, "scenario_dir", dir);
	else
		cJSON_AddNullToObject(o, "scenario_dir");
	cJSON *list = cJSON_AddArrayToObject(o, "scenarios");
	int n = catalog_count(c->catalog);
	for (int i = 0; i < n; i++) {
		const struct scenario *sc = catalog_at(c->catalog, i);
		cJSON_AddItemToArray(list, scenario_json(sc));
		scenario_free(sc);
	}
	cJSON_AddItemToObject(o, "instances", all_instances_json(c));
	cJSON *errors = cJSON_AddArrayToObject(o, "reload_errors");
	pthread_mutex_lock(&c->reload_lock);
	const char *text = buf_cstr(&c->reload_errors);
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		json_add_text(errors, "", p, len);
		p += len + (p[len] == '\n');
	}
	pthread_mutex_unlock(&c->reload_lock);
	admin_reply_json(out, 200, o);
}

/* 400 {"message", "reason", "errors": [lines]} with the loader's lines. */
static void reply_load_errors(struct reply *out, const char *what,
			      const struct buf *errors)
{
	cJSON *o = cJSON_CreateObject();
	struct buf msg = {0};
	buf_printf(&msg, "The scenario %s was not loaded: it has errors", what);
	cJSON_AddStringToObject(o, "message", buf_cstr(&msg));
	cJSON_AddNullToObject(o, "reason");
	cJSON *list = cJSON_AddArrayToObject(o, "errors");
	const char *text = errors->data ? errors->data : "";
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		json_add_text(list, "", p, n);
		p += n + (p[n] == '\n');
	}
	admin_reply_json(out, 400, o);
	buf_free(&msg);
}

void admin_post_scenarios(struct control *c, const struct mock_request *req,
			  struct reply *out)
{
	struct buf name = {0}, err = {0};
	const struct scenario *sc;
	int by_name = request_query(req, "name", &name) == 0;
	if (by_name && req->body_len) {
		reply_error(out, 400, "Give a scenario in the body or ?name= to "
				      "load one from --scenario-dir, not both");
		goto done;
	}
	if (!by_name && !req->body_len) {
		reply_error(out, 400, "No scenario: send one (YAML or JSON) in the "
				      "body, or ?name= to load one from --scenario-dir");
		goto done;
	}
	sc = by_name ? catalog_load_name(c->catalog, buf_cstr(&name), &err)
		     : catalog_load_text(c->catalog, "body", req->body,
					 req->body_len, &err);
	if (sc) {
		admin_reply_json(out, 201, scenario_json(sc));
		scenario_free(sc);
	} else if (by_name && !strchr(buf_cstr(&err), ':')) {
		reply_error(out, strncmp(err.data, "Unknown", 7) ? 400 : 404,
			    buf_cstr(&err));
	} else {
		reply_load_errors(out, by_name ? "file" : "in the body", &err);
	}
done:
	buf_free(&name);
	buf_free(&err);
}

/* Reads {"scenario": NAME|null} or {"state": NAME}, with an optional
 * "instance"; the member named key must be there (null only for
 * scenario).  NULL with out holding the 400. */
static cJSON *read_request(const struct mock_request *req, const char *key,
			   const char **value, const char **instance,
			   struct reply *out)
{
	struct buf err = {0};
	cJSON *o = admin_parse_object(req->body, req->body_len, &err);
	const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	const cJSON *i = o ? cJSON_GetObjectItemCaseSensitive(o, "instance") : NULL;
	if (o && (!v || (!cJSON_IsString(v) && !(cJSON_IsNull(v) && !strcmp(key, "scenario")))))
		buf_printf(&err, "Bad request: '%s' must be a %s", key,
			   strcmp(key, "scenario") ? "string" : "string or null");
	else if (o && i && !cJSON_IsString(i))
		buf_puts(&err, "Bad request: 'instance' must be a string");
	for (const cJSON *m = o ? o->child : NULL; m && !err.len; m = m->next)
		if (strcmp(m->string, key) && strcmp(m->string, "instance"))
			buf_printf(&err, "Bad request: unknown key '%.64s' (%s, instance)",
				   m->string, key);
	if (err.len) {
		reply_error(out, 400, buf_cstr(&err));
		cJSON_Delete(o);
		buf_free(&err);
		return NULL;
	}
	*value = cJSON_IsString(v) ? v->valuestring : NULL;
	*instance = i && i->valuestring[0] ? i->valuestring : NULL;
	buf_free(&err);
	return o;
}

/* 200 with the INSTANCE of key ("": the shared one); 404 when another
 * client's request dropped it meanwhile (--max-instances). */
static void reply_instance(struct control *c, const char *key, struct reply *out)
{
	cJSON *list = all_instances_json(c), *item, *found = NULL;
	cJSON_ArrayForEach(item, list)
		if (!strcmp(cJSON_GetObjectItem(item, "instance")->valuestring, key))
			found = cJSON_DetachItemViaPointer(list, item);
	cJSON_Delete(list);
	if (found)
		admin_reply_json(out, 200, found);
	else
		reply_error(out, 404, "The instance was dropped meanwhile "
				      "(--max-instances): nothing to show");
}

/* The instance a select or state request names: the body's "instance",
 * else ?instance=, into key ("" for the shared one).  0, or -1 with out
 * holding the 400. */
static int instance_of(const struct mock_request *req, const char *in_body,
		       struct buf *key, struct reply *out)
{
	if (in_body)
		buf_puts(key, in_body);
	else if (request_query(req, "instance", key) < 0)
		buf_reset(key);
	if (key->len && (!catalog_name_ok(buf_cstr(key)) || key->len > INSTANCE_MAX_KEY)) {
		reply_error(out, 400, "Bad 'instance': an instance key is letters, "
				      "digits, '_', '-' and '.', not starting with '.'");
		return -1;
	}
	return 0;
}

/* select for a client's instance: it replays sc from its start. */
static void select_for_instance(struct control *c, const char *key,
				const struct scenario *sc, struct reply *out)
{
	struct buf err = {0};
	if (!sc) {
		reply_error(out, 400, "A client's instance replays a scenario: name "
				      "one, or drop the instance (DELETE "
				      "/__mock/instances?instance=KEY)");
	} else if (instances_select(c->instances, key, sc, &err) < 0) {
		reply_error(out, 503, buf_cstr(&err));
	} else {
		journal_clear(c->journal, key);
		reply_instance(c, key, out);
	}
	buf_free(&err);
}

void admin_select_scenario(struct control *c, const struct mock_request *req,
			   struct reply *out)
{
	const char *name, *in_body;
	cJSON *o = read_request(req, "scenario", &name, &in_body, out);
	if (!o)
		return;
	struct buf err = {0}, key = {0};
	const struct scenario *sc = NULL;
	if (instance_of(req, in_body, &key, out) < 0) {
		/* 400 sent */
	} else if (name && !(sc = catalog_get(c->catalog, name, &err))) {
		reply_error(out, strchr(buf_cstr(&err), '\n') ? 400 : 404, buf_cstr(&err));
	} else if (key.len) {
		select_for_instance(c, buf_cstr(&key), sc, out);
	} else if (engine_reset(c->shared, sc) < 0) {
		reply_error(out, 503, "Out of memory: nothing was changed");
	} else {
		journal_clear(c->journal, "");
		admin_reply_json(out, 200, shared_json(c));
	}
	scenario_free(sc);
	buf_free(&err);
	buf_free(&key);
	cJSON_Delete(o);
}

void admin_set_state(struct control *c, const struct mock_request *req,
		     struct reply *out)
{
	const char *name, *instance;
	cJSON *o = read_request(req, "state", &name, &instance, out);
	if (!o)
		return;
	int rc;
	if (instance) {
		rc = instances_enter_state(c->instances, instance, name);
	} else {
		rc = engine_enter_state(c->shared, name);
		rc = rc == -1 ? -3 : rc;
	}
	struct buf msg = {0};
	if (rc == -1)
		buf_printf(&msg, "Unknown instance '%s'", instance);
	else if (rc == -3)
		buf_puts(&msg, "The shared instance replays no scenario");
	else if (rc == -2)
		buf_printf(&msg, "The scenario has no state '%s'", name);
	if (rc < 0) {
		reply_error(out, rc == -1 ? 404 : 400, buf_cstr(&msg));
	} else {
		reply_instance(c, instance ? instance : "", out);
	}
	buf_free(&msg);
	cJSON_Delete(o);
}

void admin_get_instances(struct control *c, const struct mock_request *req,
			 struct reply *out)
{
	(void)req;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "instances", all_instances_json(c));
	admin_reply_json(out, 200, o);
}

/* ?instance=KEY into key: 1; 0 when absent; -1 (400 sent) when bad. */
static int instance_param(const struct mock_request *req, struct buf *key,
			  struct reply *out)
{
	if (request_query(req, "instance", key) < 0)
		return 0;
	if (key->len == 0 || key->len > INSTANCE_MAX_KEY) {
		reply_error(out, 400, "Bad 'instance': expected an instance key");
		return -1;
	}
	return 1;
}

static void reply_unknown_instance(struct reply *out, const char *key)
{
	struct buf msg = {0};
	buf_printf(&msg, "Unknown instance '%s' (GET /__mock/instances lists them)", key);
	reply_error(out, 404, buf_cstr(&msg));
	buf_free(&msg);
}

void admin_delete_instance(struct control *c, const struct mock_request *req,
			   struct reply *out)
{
	struct buf key = {0};
	int rc = instance_param(req, &key, out);
	if (rc == 0)
		reply_error(out, 400, "Say which: ?instance=KEY (the shared instance "
				      "cannot be dropped)");
	else if (rc > 0 && instances_drop(c->instances, buf_cstr(&key)) < 0)
		reply_unknown_instance(out, buf_cstr(&key));
	else if (rc > 0) {
		journal_clear(c->journal, buf_cstr(&key));
		reply_empty(out, 204);
	}
	buf_free(&key);
}

void admin_reset(struct control *c, const struct mock_request *req,
		 struct reply *out)
{
	struct buf key = {0};
	int rc = instance_param(req, &key, out);
	cJSON *o = NULL;
	if (rc > 0 && instances_reset(c->instances, buf_cstr(&key)) < 0) {
		reply_unknown_instance(out, buf_cstr(&key));
	} else if (rc > 0) {
		journal_clear(c->journal, buf_cstr(&key));
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "reset", buf_cstr(&key));
	} else if (rc == 0) {
		const struct scenario *sc = engine_scenario_ref(c->shared);
		int failed = engine_reset(c->shared, sc) < 0;
		scenario_free(sc);
		if (failed) {
			reply_error(out, 503, "Out of memory: the instance was not reset");
		} else {
			instances_reset_all(c->instances);
			journal_clear(c->journal, NULL);
			coverage_clear(c->coverage);
			o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "reset", "all");
		}
	}
	if (o)
		admin_reply_json(out, 200, o);
	buf_free(&key);
}
