/* scenario_render.c - scripted answers and actions, templates filled in. */
#include "scenario_render.h"

#include <stdlib.h>
#include <string.h>

#include "json_py.h"
#include "optable.h"
#include "request.h"
#include "router.h"
#include "session_store.h"
#include "sessions_api.h"
#include "spec_answer.h"
#include "spec_tables.h"

/* ---- template names ---- */

static const char *const roots[] = {
	"request.method", "request.path", "request.params.", "request.query.",
	"request.header.", "request.body", "state.session", "state.last_session",
	"clock.now", "uuid", NULL};

/* Roots that take a [KEY] (a session or kernel id, or a session path;
 * no ']' in it) before the optional .A.B walk. */
static const char *const keyed[] = {"state.sessions[", "state.kernels[", NULL};

/* The length of name's "state.sessions[KEY]" part, or 0. */
static size_t keyed_root(const char *name, size_t len)
{
	for (int i = 0; keyed[i]; i++) {
		size_t n = strlen(keyed[i]);
		if (len <= n || strncmp(name, keyed[i], n) != 0)
			continue;
		const char *close = memchr(name + n, ']', len - n);
		if (!close || close == name + n)
			return 0;
		size_t end = (size_t)(close - name) + 1;
		return end == len || name[end] == '.' ? end : 0;
	}
	return 0;
}

/* 1 when name (len bytes) is a known template. */
static int known(const char *name, size_t len)
{
	if (keyed_root(name, len))
		return 1;
	for (int i = 0; roots[i]; i++) {
		size_t n = strlen(roots[i]);
		int prefix = roots[i][n - 1] == '.';
		if (len < n || strncmp(name, roots[i], n) != 0)
			continue;
		if (len == n ? !prefix : (prefix || name[n] == '.'))
			return 1;
	}
	return 0;
}

int template_check(const char *text, struct buf *bad)
{
	for (const char *p = text; (p = strstr(p, "{{")) != NULL;) {
		const char *end = strstr(p + 2, "}}");
		if (!end || !known(p + 2, (size_t)(end - p - 2))) {
			buf_append(bad, p, end ? (size_t)(end + 2 - p) : strlen(p));
			return -1;
		}
		p = end + 2;
	}
	return 0;
}

/* ---- values ---- */

/* Walks ".a.b.0" from v; NULL when a step is missing. */
static const cJSON *walk(const cJSON *v, const char *path, size_t len)
{
	const char *p = path, *end = path + len;
	while (v && p < end) {
		if (*p == '.')
			p++;
		size_t n = strcspn(p, ".");
		if (p + n > end)
			n = (size_t)(end - p);
		char key[128];
		if (n >= sizeof key)
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, atoi(key))
				     : cJSON_GetObjectItemCaseSensitive(v, key);
		p += n;
	}
	return v;
}

static cJSON *session_value(const struct session *s, const char *path,
			    size_t len)
{
	if (!s)
		return NULL;
	struct buf text = {0};
	store_session_json(s, &text);
	cJSON *model = cJSON_ParseWithLength(text.data, text.len);
	buf_free(&text);
	const cJSON *v = walk(model, path, len);
	cJSON *copy = v ? cJSON_Duplicate(v, 1) : NULL;
	cJSON_Delete(model);
	return copy;
}

/* A session named by id, else by path (the oldest of that path, as the
 * real server finds it), as it stands: looking does not cull it. */
static struct session *session_named(struct store *st, const char *key)
{
	struct session *s = store_peek(st, key), *oldest = NULL;
	if (s)
		return s;
	struct buf path = {0}; /* paths are kept as JSON text */
	json_py_write_string(&path, key);
	for (s = store_last_session(st); s; s = s->prev)
		if (!strcmp(s->path, buf_cstr(&path)))
			oldest = s;
	buf_free(&path);
	return oldest;
}

/* The value of "state.sessions[KEY].A" or "state.kernels[KEY].A" (name
 * is keyed_root's root long): a kernel by id, else a session's kernel. */
static cJSON *keyed_value(struct store *st, const char *name, size_t root,
			  size_t len)
{
	const char *open = memchr(name, '[', root);
	char key[256];
	snprintf(key, sizeof key, "%.*s", (int)(root - 2 - (size_t)(open - name)),
		 open + 1);
	struct session *s = session_named(st, key);
	if (!strncmp(name, "state.sessions[", 15))
		return session_value(s, name + root, len - root);
	struct kernel *k = store_find_kernel(st, key);
	if (!k && s)
		k = s->kernel;
	if (!k)
		return NULL;
	struct buf text = {0};
	store_kernel_json(k, &text);
	cJSON *model = cJSON_ParseWithLength(text.data, text.len);
	buf_free(&text);
	const cJSON *v = walk(model, name + root, len - root);
	cJSON *copy = v ? cJSON_Duplicate(v, 1) : NULL;
	cJSON_Delete(model);
	return copy;
}

static cJSON *text_value(const char *text)
{
	return text ? cJSON_CreateString(text) : NULL;
}

/* The value a template names, new (caller frees), or NULL if none. */
static cJSON *resolve(const struct op_call *c, const char *name,
		      size_t len)
{
#define IS(s) (len >= sizeof(s) - 1 && !strncmp(name, s, sizeof(s) - 1))
#define REST(s) (name + sizeof(s) - 1), (len - (sizeof(s) - 1))
	char key[256], id[37];
	struct buf b = {0};
	cJSON *v = NULL;
	snprintf(key, sizeof key, "%.*s", (int)len, name);
	if (IS("request.method"))
		v = text_value(c->req->method);
	else if (IS("request.path"))
		v = text_value(c->req->path);
	else if (IS("request.params."))
		v = text_value(route_param(c->route, key + 15));
	else if (IS("request.query.") && request_query(c->req, key + 14, &b) == 0)
		v = text_value(buf_cstr(&b));
	else if (IS("request.header."))
		v = text_value(request_header(c->req, key + 15));
	else if (IS("request.body") && walk(c->body, REST("request.body")))
		v = cJSON_Duplicate(walk(c->body, REST("request.body")), 1);
	else if (keyed_root(name, len))
		v = keyed_value(c->store, name, keyed_root(name, len), len);
	else if (IS("state.session") && c->route->nparams)
		v = session_value(store_peek(c->store, c->route->params[0].value),
				  REST("state.session"));
	else if (IS("state.last_session"))
		v = session_value(store_last_session(c->store),
				  REST("state.last_session"));
	else if (IS("clock.now")) {
		det_format_iso(c->now, key);
		v = text_value(key);
	} else if (IS("uuid")) {
		store_new_uuid(c->store, id);
		v = text_value(id);
	}
	buf_free(&b);
	return v;
#undef IS
#undef REST
}

/* Appends text with every template replaced by its value. */
static void interpolate(const struct op_call *c, const char *text,
			struct buf *out)
{
	const char *p = text, *open;
	while ((open = strstr(p, "{{")) != NULL) {
		const char *close = strstr(open + 2, "}}");
		if (!close)
			break;
		buf_append(out, p, (size_t)(open - p));
		cJSON *v = resolve(c, open + 2, (size_t)(close - open - 2));
		if (cJSON_IsString(v))
			buf_puts(out, v->valuestring);
		else if (v)
			json_py_write(out, v);
		cJSON_Delete(v);
		p = close + 2;
	}
	buf_puts(out, p);
}

/* A copy of j with its templates filled in (caller frees). */
static cJSON *fill(const struct op_call *c, const cJSON *j)
{
	if (cJSON_IsString(j) && strstr(j->valuestring, "{{")) {
		const char *s = j->valuestring;
		size_t n = strlen(s);
		const char *close = strstr(s + 2, "}}");
		if (!strncmp(s, "{{", 2) && close == s + n - 2) {
			cJSON *v = resolve(c, s + 2, n - 4);
			return v ? v : cJSON_CreateNull();
		}
		struct buf b = {0};
		interpolate(c, s, &b);
		cJSON *v = cJSON_CreateString(buf_cstr(&b));
		buf_free(&b);
		return v;
	}
	if (!cJSON_IsArray(j) && !cJSON_IsObject(j))
		return cJSON_Duplicate(j, 0);
	cJSON *copy = cJSON_IsArray(j) ? cJSON_CreateArray() : cJSON_CreateObject();
	for (const cJSON *child = j->child; child; child = child->next) {
		cJSON *v = fill(c, child);
		int added = cJSON_IsArray(j)
				    ? cJSON_AddItemToArray(copy, v)
				    : cJSON_AddItemToObject(copy, child->string, v);
		if (!added)
			cJSON_Delete(v);
	}
	return copy;
}

/* ---- the scripted answer ---- */

void scenario_render_reply(const struct scenario_step *st,
			   const struct op_call *call, struct reply *out)
{
	const struct scenario_response *r = &st->respond;
	for (int i = 0; i < r->nheaders; i++) {
		struct buf value = {0};
		interpolate(call, r->headers[i].value, &value);
		/* a value from the request must not end the header early */
		for (size_t c = 0; c < value.len; c++)
			if ((unsigned char)value.data[c] < 0x20 || value.data[c] == 0x7f)
				value.data[c] = ' ';
		reply_header(out, r->headers[i].name, buf_cstr(&value));
		buf_free(&value);
	}
	if (r->body) {
		cJSON *body = fill(call, r->body);
		struct buf text = {0};
		json_py_write(&text, body);
		reply_json(out, r->status, text.data, text.len);
		buf_free(&text);
		cJSON_Delete(body);
		if (r->response >= 0)
			spec_add_required_headers(r->response, out);
	} else if (r->response >= 0 && r->status == 501 &&
		   sessions_kernel_501(call->store, call->op, call->body, out) == 0) {
		/* the kernel 501 names the kernel the request asked for */
	} else if (r->response >= 0) {
		const char *example =
			r->example >= 0 ? spec_examples[r->example].name : NULL;
		spec_answer(r->response, r->status, example, out);
	} else {
		reply_error(out, r->status, reply_reason(r->status));
	}
}

/* ---- actions ---- */

void scenario_apply_actions(const struct scenario_step *st,
			    const struct op_call *call, struct buf *note)
{
	for (int i = 0; i < st->nactions; i++) {
		const struct scenario_action *a = &st->actions[i];
		struct buf id = {0};
		interpolate(call, a->kernel, &id);
		struct kernel *k = store_find_kernel(call->store, buf_cstr(&id));
		if (!k)
			buf_printf(note, "%sno kernel '%s' to act on", note->len ? "; " : "",
				   buf_cstr(&id));
		else if (a->kind == ACTION_KILL_KERNEL)
			store_shutdown_kernel(call->store, k);
		else
			store_set_kernel_state(call->store, k, a->execution_state);
		buf_free(&id);
	}
}
