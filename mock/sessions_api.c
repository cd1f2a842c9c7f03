/* sessions_api.c - the Sessions operations as the real server does them. */
#include "sessions_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_guard.h"
#include "json_py.h"

enum sessions_op sessions_op_from_id(const char *operation_id)
{
	static const char *const ids[] = {
		"sessionsList", "sessionsCreate", "sessionsGet",
		"sessionsUpdate", "sessionsDelete", "kernelsList",
		"kernelsGet", "kernelsDelete"};
	for (int i = 0; i < (int)(sizeof ids / sizeof ids[0]); i++)
		if (operation_id && strcmp(operation_id, ids[i]) == 0)
			return (enum sessions_op)i;
	return SESSIONS_NONE;
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

static int is_py_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* The body as the real server's get_json_body reads it: NULL with a 400
 * in out when it is empty, not UTF-8, not JSON, or JSON null. */
static cJSON *parse_body(const struct sessions_request *rq, struct reply *out)
{
	const char *p = rq->body, *end = rq->body + rq->body_len;
	if (rq->body_len == 0) {
		reply_error(out, 400, "No JSON data provided");
		return NULL;
	}
	if (!utf8_valid(p, rq->body_len)) {
		reply_error(out, 400, "Request body is not valid UTF-8");
		return NULL;
	}
	const char *refusal = json_guard_refusal(p, rq->body_len);
	if (refusal) {
		reply_error(out, 400, refusal);
		return NULL;
	}
	while (p < end && is_py_space(*p))
		p++;
	while (end > p && is_py_space(end[-1]))
		end--;
	const char *parsed_to = NULL;
	cJSON *json = p < end ? cJSON_ParseWithLengthOpts(p, (size_t)(end - p),
							  &parsed_to, 0)
			      : NULL;
	if (!json || parsed_to != end) {
		cJSON_Delete(json);
		reply_error(out, 400, "Invalid JSON in body of request");
		return NULL;
	}
	if (cJSON_IsNull(json)) {
		cJSON_Delete(json);
		reply_error(out, 400, "No JSON data provided");
		return NULL;
	}
	return json;
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

/* Applies --validate: strict answers 400, warn notes it, off ignores. */
static int check_schema(const struct sessions_request *rq, const cJSON *json,
			struct reply *out)
{
	if (rq->validate == VALIDATE_OFF || rq->body_schema < 0)
		return 0;
	struct buf err = {0};
	int rc = validate_value(rq->body_schema, json, "", &err);
	if (rc < 0 && rq->validate == VALIDATE_STRICT) {
		struct buf msg = {0};
		buf_printf(&msg, "Invalid JSON data: %s", buf_cstr(&err));
		reply_error(out, 400, buf_cstr(&msg));
		out->verdict = VERDICT_REJECTED;
		buf_free(&msg);
	} else if (rc < 0 && rq->note) {
		buf_printf(rq->note, "validation: %s", buf_cstr(&err));
		out->verdict = VERDICT_WARNED;
		rc = 0;
	}
	buf_free(&err);
	return rc;
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

static void list_sessions(struct store *st, struct reply *out)
{
	char sha1[41], etag[44];
	struct rcbuf *list = store_list_shared(st, sha1);
	snprintf(etag, sizeof etag, "\"%s\"", sha1);
	reply_json_shared(out, 200, list, etag);
}

static void get_session(struct store *st, const struct sessions_request *rq,
			struct reply *out)
{
	struct session *s = lookup(st, rq->id, out);
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

static void start_session(struct store *st, const struct sessions_request *rq,
			  const cJSON *body, const cJSON *path,
			  struct reply *out)
{
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
			k = store_start_kernel(st, spec, rq->now, NULL);
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

static void create_session(struct store *st, const struct sessions_request *rq,
			   struct reply *out)
{
	cJSON *body = parse_body(rq, out);
	if (!body || require_object(body, out) < 0)
		goto done;
	const cJSON *path = old_form_path(body);
	if (!path)
		path = member(body, "path");
	if (!path) {
		reply_error(out, 400, "Missing field in JSON data: path");
		goto done;
	}
	if (!old_form_path(body) && !member(body, "type")) {
		reply_error(out, 400, "Missing field in JSON data: type");
		goto done;
	}
	if (check_schema(rq, body, out) < 0)
		goto done;
	start_session(st, rq, body, path, out);
done:
	cJSON_Delete(body);
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

int sessions_kernel_501(const struct store *st, enum sessions_op op,
			const cJSON *body, struct reply *out)
{
	if (op != SESSIONS_CREATE && op != SESSIONS_UPDATE)
		return -1;
	struct kernel_request kr = kernel_request_of(body);
	const char *name = kr.name && *kr.name ? kr.name
					      : store_default_kernelspec(st);
	if (op == SESSIONS_CREATE)
		reply_kernel_unavailable(name, out);
	else
		reply_kernel_not_started(name, out);
	return 0;
}

/* kernel.id (a running kernel) wins over kernel.name (always a new
 * kernel).  Returns -1 with out filled when the kernel cannot be had. */
static int collect_kernel(struct store *st, const struct sessions_request *rq,
			  const cJSON *body, struct session_changes *c,
			  struct reply *out)
{
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
	c->kernel = store_start_kernel(st, kr.name, rq->now, NULL);
	return 0;
}

static void update_session(struct store *st, const struct sessions_request *rq,
			   struct reply *out)
{
	struct session_changes c = {0};
	cJSON *body = parse_body(rq, out);
	if (!body || require_object(body, out) < 0)
		goto done;
	struct session *s = lookup(st, rq->id, out);
	if (!s || check_schema(rq, body, out) < 0)
		goto done;
	collect_fields(body, &c);
	if (collect_kernel(st, rq, body, &c, out) < 0)
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
	cJSON_Delete(body);
}

static void delete_session(struct store *st, const struct sessions_request *rq,
			   struct reply *out)
{
	struct session *s = lookup(st, rq->id, out);
	if (!s)
		return;
	struct kernel *k = s->kernel;
	store_shutdown_kernel(st, k);
	store_delete_session(st, s);
	reply_empty(out, 204);
}

static struct kernel *lookup_kernel(struct store *st, const char *id,
				    struct reply *out)
{
	struct kernel *k = store_find_kernel(st, id);
	if (!k) {
		struct buf msg = {0};
		buf_printf(&msg, "Kernel does not exist: %s", id);
		reply_error(out, 404, buf_cstr(&msg));
		buf_free(&msg);
	}
	return k;
}

static void list_kernels(struct store *st, struct reply *out)
{
	reply_json(out, 200, "", 0);
	store_kernels_json(st, &out->body);
}

static void get_kernel(struct store *st, const struct sessions_request *rq,
		       struct reply *out)
{
	struct kernel *k = lookup_kernel(st, rq->id, out);
	if (!k)
		return;
	reply_json(out, 200, "", 0);
	store_kernel_json(k, &out->body);
}

static void delete_kernel(struct store *st, const struct sessions_request *rq,
			  struct reply *out)
{
	struct kernel *k = lookup_kernel(st, rq->id, out);
	if (!k)
		return;
	store_shutdown_kernel(st, k);
	reply_empty(out, 204);
}

void sessions_handle(struct store *st, const struct sessions_request *rq,
		     struct reply *out)
{
	switch (rq->op) {
	case SESSIONS_LIST: list_sessions(st, out); break;
	case SESSIONS_CREATE: create_session(st, rq, out); break;
	case SESSIONS_GET: get_session(st, rq, out); break;
	case SESSIONS_UPDATE: update_session(st, rq, out); break;
	case SESSIONS_DELETE: delete_session(st, rq, out); break;
	case KERNELS_LIST: list_kernels(st, out); break;
	case KERNELS_GET: get_kernel(st, rq, out); break;
	case KERNELS_DELETE: delete_kernel(st, rq, out); break;
	default: reply_error(out, 500, "Not a Sessions operation"); break;
	}
}
