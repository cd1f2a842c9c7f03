/* sessions_api.c - the Sessions operations as the real server does them. */
#include "sessions_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_py.h"
#include "request_check.h"
#include "router.h"
#include "session_store.h"
#include "spec_tables.h"

#define INVALID_DATA "Invalid JSON data: "

/* The id of the path ("/api/sessions/{session}"), or NULL. */
static const char *path_id(const struct op_call *c)
{
	return c->route->nparams ? c->route->params[0].value : NULL;
}

/* ---- request bodies ---- */

/* The value of key in obj; of a key given twice, the last, as Python's
 * json.loads keeps it.  NULL when obj is not an object or lacks it. */
static const cJSON *member(const cJSON *obj, const char *key)
{
	const cJSON *found = NULL;
	if (cJSON_IsObject(obj))
		for (const cJSON *c = obj->child; c; c = c->next)
			if (c->string && !strcmp(c->string, key))
				found = c;
	return found;
}

static const char *json_kind(const cJSON *v)
{
	return cJSON_IsArray(v) ? "an array" : cJSON_IsString(v) ? "a string"
	       : cJSON_IsNumber(v) ? "a number" : "a boolean";
}

/* The real server crashes (500) on a body that is not an object. */
static int require_object(const cJSON *json, struct reply *out)
{
	if (cJSON_IsObject(json))
		return 0;
	struct buf msg = {0};
	buf_printf(&msg, "JSON data must be an object, not %s", json_kind(json));
	reply_error(out, 400, buf_cstr(&msg));
	buf_free(&msg);
	return -1;
}

/* JSON text of a value the store keeps as text. */
static char *value_text(const cJSON *v)
{
	struct buf b = {0};
	if (v)
		json_py_write(&b, v);
	else
		buf_puts(&b, "null");
	return buf_take(&b, NULL);
}

/* ---- answers ---- */

static void reply_session(const struct session *s, int status,
			  struct reply *out)
{
	reply_json(out, status, "", 0);
	store_session_json(s, &out->body);
}

static void reply_not_found(const char *id, struct reply *out)
{
	struct buf msg = {0};
	buf_puts(&msg, "Session not found: session_id=");
	py_repr_string(&msg, id);
	reply_error(out, 404, buf_cstr(&msg));
	buf_free(&msg);
}

static void reply_culled(const char *id, const char *kernel_id,
			 struct reply *out)
{
	struct buf inner = {0}, msg = {0};
	buf_printf(&inner,
		   "Kernel '%s' appears to have been culled or died "
		   "unexpectedly, invalidating session '%s'. The session has "
		   "been removed.",
		   kernel_id, id);
	buf_puts(&msg, "Session not found: ");
	py_repr_string(&msg, buf_cstr(&inner)); /* str(KeyError(text)) */
	reply_error(out, 404, buf_cstr(&msg));
	buf_free(&inner);
	buf_free(&msg);
}

/* Looks the session up; on failure fills out and returns NULL. */
static struct session *lookup(struct store *st, const char *id,
			      struct reply *out)
{
	struct session *s;
	char kernel_id[37];
	switch (store_find(st, id, &s, kernel_id)) {
	case STORE_FOUND: return s;
	case STORE_CULLED: reply_culled(id, kernel_id, out); return NULL;
	default: reply_not_found(id, out); return NULL;
	}
}

/* ---- the operations ---- */

static void list_sessions(const struct op_call *c, struct reply *out)
{
	struct store *st = c->store;
	char sha1[41], etag[44];
	struct rcbuf *list = store_list_shared(st, sha1);
	snprintf(etag, sizeof etag, "\"%s\"", sha1);
	reply_json_shared(out, 200, list, etag);
}

static void get_session(const struct op_call *c, struct reply *out)
{
	struct store *st = c->store;
	struct session *s = lookup(st, path_id(c), out);
	if (!s)
		return;
	reply_session(s, 200, out);
	const char *digest = store_session_digest(st, s, out->body.data,
						  out->body.len);
	snprintf(out->etag, sizeof out->etag, "\"%s\"", digest);
}

/* The 501 shape: {"message", "short_message"} and no "reason". */
static void reply_kernel_error(struct reply *out, const char *message,
			       const char *short_message)
{
	struct buf body = {0};
	buf_puts(&body, "{\"message\": ");
	json_py_write_string(&body, message);
	buf_puts(&body, ", \"short_message\": ");
	json_py_write_string(&body, short_message);
	buf_putc(&body, '}');
	reply_json(out, 501, body.data, body.len);
	buf_free(&body);
}

static void reply_kernel_unavailable(const char *name, struct reply *out)
{
	struct buf msg = {0}, short_msg = {0};
	buf_printf(&msg,
		   "The '%s' kernel is not available. Please pick another "
		   "suitable kernel instead, or install that kernel.",
		   name);
	buf_printf(&short_msg, "%s not found", name);
	reply_kernel_error(out, buf_cstr(&msg), buf_cstr(&short_msg));
	buf_free(&msg);
	buf_free(&short_msg);
}

/* The kernel request of a body: {} when absent or (unvalidated) not an
 * object; id and name when they are strings, empty ones included. */
struct kernel_request {
	const char *id, *name;
};

static struct kernel_request kernel_request_of(const cJSON *body)
{
	struct kernel_request kr = {NULL, NULL};
	const cJSON *kernel = member(body, "kernel");
	if (!cJSON_IsObject(kernel))
		return kr;
	const cJSON *id = member(kernel, "id");
	const cJSON *name = member(kernel, "name");
	if (cJSON_IsString(id))
		kr.id = id->valuestring;
	if (cJSON_IsString(name))
		kr.name = name->valuestring;
	return kr;
}

static const cJSON *notebook_type(void)
{
	static const cJSON notebook = {.type = cJSON_String,
				       .valuestring = (char *)"notebook"};
	return &notebook;
}

/* The old form {"notebook": {"path": P}} means path P and type notebook. */
static const cJSON *old_form_path(const cJSON *body)
{
	const cJSON *nb = member(body, "notebook");
	return cJSON_IsObject(nb) ? member(nb, "path")
				  : NULL;
}

static void add_location(struct reply *out, const struct session *s)
{
	char location[64];
	snprintf(location, sizeof location, "/api/sessions/%s", s->id);
	reply_header(out, "Location", location);
}

static void start_session(const struct op_call *c, const cJSON *body,
			  const cJSON *path, struct reply *out)
{
	struct store *st = c->store;
	const cJSON *type = member(body, "type");
	struct kernel_request kr = kernel_request_of(body);
	if (kr.id && !*kr.id)
		kr.id = NULL; /* create treats a falsy id or name as none */
	if (kr.name && !*kr.name)
		kr.name = NULL;
	char *path_text = value_text(path);
	char *type_text = old_form_path(body) ? value_text(notebook_type())
					      : value_text(type);
	struct session *s = store_find_by_path(st, path_text);
	if (!s) {
		struct kernel *k = kr.id ? store_find_kernel(st, kr.id) : NULL;
		const char *spec = kr.name ? kr.name : store_default_kernelspec(st);
		if (!k && !store_has_kernelspec(st, spec)) {
			reply_kernel_unavailable(spec, out);
			goto done;
		}
		if (!k)
			k = store_start_kernel(st, spec, c->now, NULL);
		char *name_text = value_text(
			member(body, "name"));
		s = store_add_session(st, path_text, name_text, type_text, k, NULL);
		free(name_text);
	}
	reply_session(s, 201, out);
	add_location(out, s);
done:
	free(path_text);
	free(type_text);
}

static void create_session(const struct op_call *c, struct reply *out)
{
	const cJSON *body = request_check_json(c, out);
	if (!body || require_object(body, out) < 0)
		return;
	const cJSON *path = old_form_path(body);
	if (!path)
		path = member(body, "path");
	if (!path)
		reply_error(out, 400, "Missing field in JSON data: path");
	else if (!old_form_path(body) && !member(body, "type"))
		reply_error(out, 400, "Missing field in JSON data: type");
	else if (request_check_body_rule(c, INVALID_DATA, out) == 0)
		start_session(c, body, path, out);
}

/* What a PATCH asks for, worked out before anything changes, so a
 * refused kernel change leaves the session as it was. */
struct session_changes {
	char *path, *name, *type; /* JSON texts, or NULL to keep */
	struct kernel *kernel;    /* the kernel to move to, or NULL */
};

static void free_changes(struct session_changes *c)
{
	free(c->path);
	free(c->name);
	free(c->type);
}

static void collect_fields(const cJSON *body, struct session_changes *c)
{
	const cJSON *old_path = old_form_path(body);
	const cJSON *path = member(body, "path");
	const cJSON *name = member(body, "name");
	const cJSON *type = member(body, "type");
	if (old_path) {
		path = old_path;
		type = notebook_type();
	}
	c->path = path ? value_text(path) : NULL;
	c->name = name ? value_text(name) : NULL;
	c->type = type ? value_text(type) : NULL;
}

static void reply_kernel_not_started(const char *name, struct reply *out)
{
	struct buf msg = {0}, short_msg = {0};
	buf_printf(&msg, "The '%s' kernel could not be started: 'No such "
			 "kernel named %s'", name, name);
	buf_printf(&short_msg, "Error starting kernel %s", name);
	reply_kernel_error(out, buf_cstr(&msg), buf_cstr(&short_msg));
	buf_free(&msg);
	buf_free(&short_msg);
}

int sessions_kernel_501(const struct store *st, int op, const cJSON *body,
			struct reply *out)
{
	const char *id = spec_operations[op].operation_id;
	int create = strcmp(id, "sessionsCreate") == 0;
	if (!create && strcmp(id, "sessionsUpdate") != 0)
		return -1;
	struct kernel_request kr = kernel_request_of(body);
	const char *name = kr.name && *kr.name ? kr.name
					      : store_default_kernelspec(st);
	if (create)
		reply_kernel_unavailable(name, out);
	else
		reply_kernel_not_started(name, out);
	return 0;
}

/* kernel.id (a running kernel) wins over kernel.name (always a new
 * kernel).  Returns -1 with out filled when the kernel cannot be had. */
static int collect_kernel(const struct op_call *call, const cJSON *body,
			  struct session_changes *c, struct reply *out)
{
	struct store *st = call->store;
	struct kernel_request kr = kernel_request_of(body);
	if (kr.id) {
		c->kernel = store_find_kernel(st, kr.id);
		if (c->kernel)
			return 0;
		struct buf msg = {0};
		buf_printf(&msg, "No such kernel: %s", kr.id);
		reply_error(out, 400, buf_cstr(&msg));
		buf_free(&msg);
		return -1;
	}
	if (!kr.name)
		return 0;
	if (!store_has_kernelspec(st, kr.name)) {
		reply_kernel_not_started(kr.name, out);
		return -1;
	}
	c->kernel = store_start_kernel(st, kr.name, call->now, NULL);
	return 0;
}

static void update_session(const struct op_call *call, struct reply *out)
{
	struct store *st = call->store;
	struct session_changes c = {0};
	const cJSON *body = request_check_json(call, out);
	if (!body || require_object(body, out) < 0)
		return;
	struct session *s = lookup(st, path_id(call), out);
	if (!s || request_check_body_rule(call, INVALID_DATA, out) < 0)
		return;
	collect_fields(body, &c);
	if (collect_kernel(call, body, &c, out) < 0)
		goto done;
	store_update_session(st, s, c.path, c.name, c.type);
	struct kernel *before = s->kernel;
	if (c.kernel && c.kernel != before) {
		store_move_session(st, s, c.kernel);
		/* The old kernel goes even if other sessions still use it. */
		store_shutdown_kernel(st, before);
	}
	reply_session(s, 200, out);
done:
	free_changes(&c);
}

static void delete_session(const struct op_call *c, struct reply *out)
{
	struct store *st = c->store;
	struct session *s = lookup(st, path_id(c), out);
	if (!s)
		return;
	struct kernel *k = s->kernel;
	store_shutdown_kernel(st, k);
	store_delete_session(st, s);
	reply_empty(out, 204);
}

#define IN_HANDLER OP_VALIDATE_IN_HANDLER

static const struct op_entry entries[] = {
	{"sessionsList", "GET", "/api/sessions",
	 list_sessions, IN_HANDLER},
	{"sessionsCreate", "POST", "/api/sessions",
	 create_session, IN_HANDLER},
	{"sessionsGet", "GET", "/api/sessions/{session}",
	 get_session, IN_HANDLER},
	{"sessionsUpdate", "PATCH", "/api/sessions/{session}",
	 update_session, IN_HANDLER},
	{"sessionsDelete", "DELETE", "/api/sessions/{session}",
	 delete_session, IN_HANDLER},
};

const struct op_group sessions_api = OP_GROUP("sessions_api", entries);
