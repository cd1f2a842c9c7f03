/* test_sessions_api.c - the Sessions operations with the real server's
 * semantics, driven through sessions_handle without HTTP.  Expected texts
 * are those of jupyter-sessions-facts.md sections 4-9. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kernels_api.h"
#include "request_check.h"
#include "router.h"
#include "session_store.h"
#include "sessions_api.h"
#include "spec_tables.h"
#include "tap.h"


#define JAN_1_2026_US (1767225600LL * 1000000)
#define UNKNOWN_ID "5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e09"

static struct reply r;
static struct validator *val;

/* Calls the handler bound to operation_id (looked up by name, as the
 * engine binds it) with the body checked in mode; the path's id, if any,
 * is the route's one parameter. */
static int call_mode(struct store *st, const char *operation_id, const char *id,
		     const char *body, enum validate_mode mode)
{
	reply_free(&r);
	reply_init(&r);
	int op = -1;
	for (int i = 0; i < spec_operation_count; i++)
		if (!strcmp(spec_operations[i].operation_id, operation_id))
			op = i;
	const struct op_entry *entry = NULL;
	for (int i = 0; i < sessions_api.nentries; i++)
		if (!strcmp(sessions_api.entries[i].operation_id, operation_id))
			entry = &sessions_api.entries[i];
	for (int i = 0; i < kernels_api.nentries; i++) /* kernels get, delete */
		if (!strcmp(kernels_api.entries[i].operation_id, operation_id))
			entry = &kernels_api.entries[i];
	if (op < 0 || !entry)
		return -1;
	struct mock_request req = {.method = entry->method, .path = "/",
				   .body = body, .body_len = body ? strlen(body) : 0};
	struct route_match m = {.op = op, .nparams = id != NULL};
	if (id)
		snprintf(m.params[0].value, sizeof m.params[0].value, "%s", id);
	struct request_check check;
	request_check_begin(&check, val, mode, op, &req);
	struct op_call call = {op, &req, &m, check.body, st, JAN_1_2026_US, &check, NULL};
	entry->handler(&call, &r);
	request_check_end(&check);
	return r.status;
}

static int call(struct store *st, const char *operation_id, const char *id,
		const char *body)
{
	return call_mode(st, operation_id, id, body, VALIDATE_OFF);
}

static const char *body(void)
{
	size_t len;
	const char *text = reply_body(&r, &len);
	return text ? text : "";
}

static const char *headers(void)
{
	return buf_cstr(&r.headers);
}

/* A string member of the reply body ("kernel.id" looks one level down),
 * copied into out. */
static const char *field(const char *path, char out[64])
{
	cJSON *json = cJSON_Parse(body());
	const cJSON *v = json;
	char key[64];
	snprintf(key, sizeof key, "%s", path);
	for (char *save, *k = strtok_r(key, ".", &save); k && v;
	     k = strtok_r(NULL, ".", &save))
		v = cJSON_GetObjectItemCaseSensitive(v, k);
	snprintf(out, 64, "%s", cJSON_IsString(v) ? v->valuestring : "(none)");
	cJSON_Delete(json);
	return out;
}

static struct store *new_store(void)
{
	struct store_options opt = {.seed = 1,
				    .kernelspecs = {"python3", "ir"},
				    .nkernelspecs = 2};
	return store_new(&opt);
}

static int schema_named(const char *name)
{
	for (int i = 0; i < spec_schema_count; i++)
		if (spec_schemas[i].name && strcmp(spec_schemas[i].name, name) == 0)
			return i;
	return -1;
}

#define ERR(msg) "{\"message\": \"" msg "\", \"reason\": null}"

static void test_create_body_errors(void)
{
	struct store *st = new_store();
	CHECK(call(st, "sessionsCreate", NULL, NULL) == 400 &&
		      strcmp(body(), ERR("No JSON data provided")) == 0,
	      "an empty body is 400 No JSON data provided");
	CHECK_STR(r.content_type, "application/json", "an error is application/json");
	CHECK(r.send_length, "an error has a Content-Length");
	CHECK(call(st, "sessionsCreate", NULL, "null") == 400 &&
		      strcmp(body(), ERR("No JSON data provided")) == 0,
	      "a JSON null body is 400 No JSON data provided");
	CHECK(call(st, "sessionsCreate", NULL, " \n null \t") == 400 &&
		      strcmp(body(), ERR("No JSON data provided")) == 0,
	      "a null body with spaces around is 400 No JSON data provided");
	CHECK(call(st, "sessionsCreate", NULL, "   ") == 400 &&
		      strcmp(body(), ERR("Invalid JSON in body of request")) == 0,
	      "a body of spaces is 400 Invalid JSON in body of request");
	CHECK(call(st, "sessionsCreate", NULL, "{\"path\": ") == 400 &&
		      strcmp(body(), ERR("Invalid JSON in body of request")) == 0,
	      "broken JSON is 400 Invalid JSON in body of request");
	CHECK(call(st, "sessionsCreate", NULL, "{} {}") == 400 &&
		      strcmp(body(), ERR("Invalid JSON in body of request")) == 0,
	      "JSON with trailing text is 400 Invalid JSON in body of request");
	CHECK(call(st, "sessionsCreate", NULL, "{\"path\": \"\xff\"}") == 400 &&
		      strcmp(body(), ERR("Request body is not valid UTF-8")) == 0,
	      "a body that is not UTF-8 is 400 (the real server crashes)");
	CHECK(call(st, "sessionsCreate", NULL, "[]") == 400 &&
		      strcmp(body(), ERR("JSON data must be an object, not an array")) == 0,
	      "a body that is not an object is 400 (the real server crashes)");
	CHECK(call(st, "sessionsCreate", NULL, "{}") == 400 &&
		      strcmp(body(), ERR("Missing field in JSON data: path")) == 0,
	      "{} is 400 Missing field in JSON data: path");
	CHECK(call(st, "sessionsCreate", NULL, "{\"type\": \"file\"}") == 400 &&
		      strcmp(body(), ERR("Missing field in JSON data: path")) == 0,
	      "a body without path is 400 Missing field: path (before type)");
	CHECK(call(st, "sessionsCreate", NULL, "{\"path\": \"a\"}") == 400 &&
		      strcmp(body(), ERR("Missing field in JSON data: type")) == 0,
	      "a body with path and no type is 400 Missing field: type");
	CHECK(store_session_count(st) == 0, "refused creates make no session");
	struct buf kernels = {0};
	store_kernels_json(st, &kernels);
	CHECK_STR(buf_cstr(&kernels), "[]", "refused creates start no kernel");
	buf_free(&kernels);
	store_free(st);
}

static void test_create(void)
{
	struct store *st = new_store();
	const char *nb = "{\"path\": \"a.ipynb\", \"name\": \"a.ipynb\", "
			 "\"type\": \"notebook\", \"kernel\": {\"name\": \"python3\"}}";
	CHECK(call(st, "sessionsCreate", NULL, nb) == 201,
	      "a new session is 201");
	char sid[64], kid[64];
	field("id", sid);
	field("kernel.id", kid);
	struct buf want = {0};
	buf_printf(&want,
		   "{\"id\": \"%s\", \"path\": \"a.ipynb\", \"name\": \"a.ipynb\", "
		   "\"type\": \"notebook\", \"kernel\": {\"id\": \"%s\", "
		   "\"name\": \"python3\", \"last_activity\": \"2026-01-01T00:00:00Z\", "
		   "\"execution_state\": \"starting\", \"connections\": 0}, "
		   "\"notebook\": {\"path\": \"a.ipynb\", \"name\": \"a.ipynb\"}}",
		   sid, kid);
	CHECK_STR(body(), buf_cstr(&want), "the 201 body is the session model's bytes");
	char *first = strdup(body());
	struct buf loc = {0};
	buf_printf(&loc, "Location: /api/sessions/%s\r\n", sid);
	CHECK_STR(headers(), buf_cstr(&loc), "the 201 has Location /api/sessions/<id>");
	CHECK(strlen(sid) == 36 && strlen(kid) == 36 && strcmp(sid, kid) != 0,
	      "the session and kernel ids are distinct uuids");

	CHECK(call(st, "sessionsCreate", NULL, nb) == 201 && strcmp(body(), first) == 0,
	      "the same path again is 201 with the same session");
	CHECK_STR(headers(), buf_cstr(&loc), "the same path again has the same Location");
	CHECK(call(st, "sessionsCreate", NULL,
		   "{\"path\": \"a.ipynb\", \"name\": \"x\", \"type\": \"console\", "
		   "\"kernel\": {\"name\": \"nosuchkernel\"}}") == 201 &&
		      strcmp(body(), first) == 0,
	      "the same path with other fields and an unknown kernel is the existing session");
	CHECK(store_session_count(st) == 1, "the same path makes no second session");

	char body_text[256];
	snprintf(body_text, sizeof body_text,
		 "{\"path\": \"c\", \"type\": \"console\", \"kernel\": {\"id\": \"%s\"}}", kid);
	char kid2[64];
	CHECK(call(st, "sessionsCreate", NULL, body_text) == 201 &&
		      strcmp(field("kernel.id", kid2), kid) == 0,
	      "kernel.id of a running kernel attaches the new session to it");
	CHECK(strstr(body(), "\"notebook\"") == NULL,
	      "a console session has no notebook mirror");
	CHECK(call(st, "sessionsCreate", NULL,
		   "{\"path\": \"d\", \"type\": \"file\", \"kernel\": {\"id\": \"" UNKNOWN_ID "\"}}") == 201 &&
		      strcmp(field("kernel.id", kid2), UNKNOWN_ID) != 0 &&
		      strcmp(kid2, kid) != 0,
	      "an unknown kernel.id starts a new kernel with a new id (1.23.3)");
	CHECK(call(st, "sessionsCreate", NULL, "{\"path\": \"e\", \"type\": \"file\"}") == 201 &&
		      strstr(body(), "\"name\": null, \"type\": \"file\"") &&
		      strstr(body(), "\"name\": \"python3\", \"last_activity\""),
	      "no name gives name null, no kernel the default kernelspec");
	CHECK(call(st, "sessionsCreate", NULL,
		   "{\"path\": \"f\", \"type\": \"file\", \"kernel\": {\"name\": \"ir\"}}") == 201 &&
		      strstr(body(), "\"name\": \"ir\", \"last_activity\""),
	      "kernel.name starts a kernel of that kernelspec");
	CHECK(call(st, "sessionsCreate", NULL,
		   "{\"notebook\": {\"path\": \"old.ipynb\"}, \"kernel\": {\"name\": \"python3\"}}") == 201 &&
		      strstr(body(), "\"path\": \"old.ipynb\", \"name\": null, \"type\": \"notebook\"") &&
		      strstr(body(), "\"notebook\": {\"path\": \"old.ipynb\", \"name\": null}}"),
	      "the old form takes notebook.path and type notebook");
	CHECK(call(st, "sessionsCreate", NULL,
		   "{\"path\": \"caf\xc3\xa9\", \"name\": 5, \"type\": null}") == 201 &&
		      strstr(body(), "\"path\": \"caf\\u00e9\", \"name\": 5, \"type\": null"),
	      "values are echoed as given, non-ASCII escaped");
	size_t before = store_session_count(st);
	CHECK(call(st, "sessionsCreate", NULL,
		   "{\"path\": \"g\", \"type\": \"file\", \"kernel\": {\"name\": \"nosuchkernel\"}}") == 501,
	      "an unknown kernel name is 501");
	CHECK_STR(body(),
		  "{\"message\": \"The 'nosuchkernel' kernel is not available. Please pick "
		  "another suitable kernel instead, or install that kernel.\", "
		  "\"short_message\": \"nosuchkernel not found\"}",
		  "the 501 has message and short_message and no reason");
	CHECK(store_session_count(st) == before, "a 501 makes no session");
	CHECK(call(st, "sessionsCreate", NULL,
		   "{\"path\": \"dup\", \"path\": \"last\", \"type\": \"file\"}") == 201,
	      "a body with a repeated key is accepted");
	CHECK(strstr(body(), "\"path\": \"last\"") != NULL,
		   "a repeated key takes its last value, as Python's json does");
	buf_free(&want);
	buf_free(&loc);
	free(first);
	store_free(st);
}

static void test_get_and_delete(void)
{
	struct store *st = new_store();
	call(st, "sessionsCreate", NULL, "{\"path\": \"a\", \"type\": \"file\"}");
	char sid[64];
	field("id", sid);
	char *created = strdup(body());
	CHECK(call(st, "sessionsGet", sid, NULL) == 200 && strcmp(body(), created) == 0,
	      "GET gives 200 and the same bytes as the create");
	CHECK(call(st, "sessionsList", NULL, NULL) == 200, "the list is 200");
	struct buf want = {0};
	buf_printf(&want, "[%s]", created);
	CHECK_STR(body(), buf_cstr(&want), "the list holds exactly the session");
	CHECK(call(st, "sessionsGet", UNKNOWN_ID, NULL) == 404 &&
		      strcmp(body(), ERR("Session not found: session_id='" UNKNOWN_ID "'")) == 0,
	      "an unknown id is 404 Session not found: session_id='<id>'");
	CHECK(call(st, "sessionsGet", "it's", NULL) == 404 &&
		      strcmp(body(), ERR("Session not found: session_id=\\\"it's\\\"")) == 0,
	      "the id in the 404 message is Python's repr");
	CHECK(call(st, "sessionsDelete", sid, NULL) == 204, "DELETE is 204");
	CHECK(r.body.len == 0 && r.content_type == NULL && !r.send_length,
	      "a 204 has no body, Content-Type or Content-Length");
	struct buf kernels = {0};
	store_kernels_json(st, &kernels);
	CHECK_STR(buf_cstr(&kernels), "[]", "DELETE shuts the session's kernel down");
	buf_free(&kernels);
	struct buf msg = {0};
	buf_printf(&msg, ERR("Session not found: session_id='%s'"), sid);
	CHECK(call(st, "sessionsDelete", sid, NULL) == 404 &&
		      strcmp(body(), buf_cstr(&msg)) == 0,
	      "a second DELETE is 404 with the id");
	CHECK(call(st, "sessionsGet", sid, NULL) == 404, "GET after DELETE is 404");
	CHECK(call(st, "sessionsList", NULL, NULL) == 200 && strcmp(body(), "[]") == 0,
	      "the list is [] after DELETE");
	buf_free(&msg);
	buf_free(&want);
	free(created);
	store_free(st);
}

static void test_culled(void)
{
	struct store *st = new_store();
	call(st, "sessionsCreate", NULL, "{\"path\": \"a\", \"type\": \"file\"}");
	char a[64], b[64], kid[64], text[256];
	field("id", a);
	field("kernel.id", kid);
	snprintf(text, sizeof text,
		 "{\"path\": \"b\", \"type\": \"file\", \"kernel\": {\"id\": \"%s\"}}", kid);
	call(st, "sessionsCreate", NULL, text);
	field("id", b);
	call(st, "sessionsCreate", NULL, text);
	char c[64];
	snprintf(text, sizeof text, "{\"path\": \"c\", \"type\": \"file\", \"kernel\": {\"id\": \"%s\"}}", kid);
	call(st, "sessionsCreate", NULL, text);
	field("id", c);
	CHECK(call(st, "sessionsDelete", a, NULL) == 204,
	      "deleting one session of a shared kernel is 204");
	CHECK(call(st, "sessionsGet", b, NULL) == 404, "another session on that kernel is 404");
	struct buf want = {0};
	buf_printf(&want,
		   "{\"message\": \"Session not found: \\\"Kernel '%s' appears to have "
		   "been culled or died unexpectedly, invalidating session '%s'. The "
		   "session has been removed.\\\"\", \"reason\": null}",
		   kid, b);
	CHECK_STR(body(), buf_cstr(&want), "the culled 404 has the real server's message");
	CHECK(call(st, "sessionsGet", b, NULL) == 404 && strstr(body(), "session_id='"),
	      "a culled session is then a plain 404");
	CHECK(call(st, "sessionsList", NULL, NULL) == 200 && strcmp(body(), "[]") == 0,
	      "the list drops sessions whose kernel is gone");
	CHECK(call(st, "sessionsDelete", c, NULL) == 404 && strstr(body(), "session_id='"),
	      "DELETE of a session the list culled is a plain 404");

	call(st, "sessionsCreate", NULL, "{\"path\": \"k\", \"type\": \"file\"}");
	char s[64];
	field("id", s);
	field("kernel.id", kid);
	CHECK(call(st, "kernelsGet", kid, NULL) == 200 && strstr(body(), kid),
	      "a running kernel can be got");
	CHECK(call(st, "kernelsDelete", kid, NULL) == 204, "deleting a kernel is 204");
	CHECK(call(st, "sessionsGet", s, NULL) == 404 && strstr(body(), "appears to have been culled"),
	      "a session whose kernel was deleted gets the culled message");
	CHECK(call(st, "kernelsGet", kid, NULL) == 404, "a deleted kernel is 404");
	buf_reset(&want);
	buf_printf(&want, ERR("Kernel does not exist: %s"), kid);
	CHECK_STR(body(), buf_cstr(&want), "the kernel 404 says Kernel does not exist: <id>");
	CHECK(call(st, "kernelsList", NULL, NULL) == 200 && strcmp(body(), "[]") == 0,
	      "the kernel list is [] when none run");
	buf_free(&want);
	store_free(st);
}

static void test_patch(void)
{
	struct store *st = new_store();
	call(st, "sessionsCreate", NULL,
	     "{\"path\": \"a.ipynb\", \"name\": \"a\", \"type\": \"notebook\"}");
	char sid[64], kid[64];
	field("id", sid);
	field("kernel.id", kid);
	char *created = strdup(body());

	CHECK(call(st, "sessionsUpdate", UNKNOWN_ID, NULL) == 400 &&
		      strcmp(body(), ERR("No JSON data provided")) == 0,
	      "PATCH of an unknown id with an empty body is 400, not 404");
	CHECK(call(st, "sessionsUpdate", UNKNOWN_ID, "nope") == 400 &&
		      strcmp(body(), ERR("Invalid JSON in body of request")) == 0,
	      "PATCH of an unknown id with broken JSON is 400");
	CHECK(call(st, "sessionsUpdate", UNKNOWN_ID, "{}") == 404 &&
		      strcmp(body(), ERR("Session not found: session_id='" UNKNOWN_ID "'")) == 0,
	      "PATCH of an unknown id with a body is 404");
	CHECK(call(st, "sessionsUpdate", sid, "{}") == 200 && strcmp(body(), created) == 0,
	      "PATCH {} is 200 with the unchanged session");
	CHECK(r.headers.len == 0, "a PATCH 200 has no Location");

	CHECK(call(st, "sessionsUpdate", sid,
		   "{\"kernel\": {\"id\": \"" UNKNOWN_ID "\"}}") == 400 &&
		      strcmp(body(), ERR("No such kernel: " UNKNOWN_ID)) == 0,
	      "PATCH with an unknown kernel id is 400 No such kernel: <id>");
	CHECK(call(st, "sessionsGet", sid, NULL) == 200 && strcmp(body(), created) == 0,
	      "a refused PATCH leaves the session as it was");

	CHECK(call(st, "sessionsUpdate", sid,
		   "{\"id\": \"ignored\", \"path\": \"b.ipynb\", \"name\": \"b\"}") == 200 &&
		      strstr(body(), "\"path\": \"b.ipynb\", \"name\": \"b\", \"type\": \"notebook\"") &&
		      strstr(body(), "\"notebook\": {\"path\": \"b.ipynb\", \"name\": \"b\"}"),
	      "PATCH replaces path and name and the notebook mirror follows");
	char got[64];
	CHECK_STR(field("id", got), sid, "PATCH ignores an id in the body");
	CHECK(call(st, "sessionsUpdate", sid, "{\"type\": \"console\"}") == 200 &&
		      strstr(body(), "\"type\": \"console\"") && !strstr(body(), "\"notebook\""),
	      "PATCH type away from notebook drops the mirror");
	CHECK(call(st, "sessionsUpdate", sid, "{\"notebook\": {\"path\": \"n.ipynb\"}}") == 200 &&
		      strstr(body(), "\"path\": \"n.ipynb\", \"name\": \"b\", \"type\": \"notebook\""),
	      "PATCH in the old form sets path and type notebook");

	CHECK(call(st, "sessionsUpdate", sid, "{\"kernel\": {\"name\": \"python3\"}}") == 200,
	      "PATCH kernel.name is 200");
	char kid2[64];
	field("kernel.id", kid2);
	CHECK(strcmp(kid2, kid) != 0 && strlen(kid2) == 36,
	      "PATCH kernel.name starts a new kernel, even of the same name");
	CHECK(store_find_kernel(st, kid) == NULL, "PATCH kernel.name shuts the old kernel down");
	CHECK(store_find_kernel(st, kid2) != NULL, "the new kernel runs");
	CHECK_STR(field("id", got), sid, "the session keeps its id across a kernel change");

	call(st, "sessionsCreate", NULL, "{\"path\": \"other\", \"type\": \"file\"}");
	char other_sid[64], other_kid[64], text[128];
	field("id", other_sid);
	field("kernel.id", other_kid);
	snprintf(text, sizeof text,
		 "{\"kernel\": {\"id\": \"%s\", \"name\": \"nosuchkernel\"}}", other_kid);
	CHECK(call(st, "sessionsUpdate", sid, text) == 200 &&
		      strcmp(field("kernel.id", got), other_kid) == 0,
	      "PATCH kernel.id moves the session to that kernel (id wins over name)");
	CHECK(store_find_kernel(st, kid2) == NULL,
	      "PATCH kernel.id shuts the previous kernel down");
	CHECK(call(st, "sessionsGet", other_sid, NULL) == 200,
	      "the kernel's own session still works");

	CHECK(call(st, "sessionsUpdate", sid, "{\"kernel\": {\"name\": \"nosuchkernel\"}}") == 501,
	      "PATCH to an unknown kernel name is 501 (newer upstream)");
	CHECK_STR(body(),
		  "{\"message\": \"The 'nosuchkernel' kernel could not be started: "
		  "'No such kernel named nosuchkernel'\", "
		  "\"short_message\": \"Error starting kernel nosuchkernel\"}",
		  "the PATCH 501 has upstream's message and short_message");
	CHECK(call(st, "sessionsGet", sid, NULL) == 200 &&
		      strcmp(field("kernel.id", got), other_kid) == 0,
	      "a PATCH 501 leaves the session's kernel as it was");

	CHECK(call(st, "sessionsUpdate", sid, "{\"kernel\": {}}") == 200 &&
		      strcmp(field("kernel.id", got), other_kid) == 0,
	      "PATCH kernel {} changes no kernel");
	CHECK(call(st, "sessionsUpdate", sid, "{\"kernel\": {\"id\": \"\"}}") == 400 &&
			   strcmp(body(), ERR("No such kernel: ")) == 0,
		   "PATCH with kernel id \"\" is 400 No such kernel: (the id is not None)");
	free(created);
	store_free(st);
}

static void test_validation(void)
{
	struct store *st = new_store();
	int create = schema_named("SessionCreate");
	int update = schema_named("SessionUpdate");
	CHECK(create >= 0 && update >= 0, "the spec has SessionCreate and SessionUpdate rows");
	const char *bad = "{\"path\": \"a\", \"type\": \"file\", \"kernel\": {\"name\": 5}}";
	CHECK(call_mode(st, "sessionsCreate", NULL, bad, VALIDATE_STRICT) == 400 &&
		      strcmp(body(), ERR("Invalid JSON data: kernel.name: expected string or null, got number")) == 0,
	      "strict validation refuses a bad kernel.name with its field path");
	CHECK(store_session_count(st) == 0, "a refused body makes no session");
	CHECK(call_mode(st, "sessionsCreate", NULL, "{\"type\": \"file\"}", VALIDATE_STRICT) == 400 &&
		      strcmp(body(), ERR("Missing field in JSON data: path")) == 0,
	      "the real server's missing-field message comes before schema validation");
	CHECK(call_mode(st, "sessionsCreate", NULL, bad, VALIDATE_WARN) == 201,
	      "warn mode lets a bad body through");
	CHECK_STR(buf_cstr(&r.note), "validation: kernel.name: expected string or null, got number",
		  "warn mode notes the broken rule");
	char sid[64];
	field("id", sid);
	CHECK(call_mode(st, "sessionsUpdate", sid, "{\"name\": [1]}", VALIDATE_STRICT) == 400 &&
		      strncmp(body(), "{\"message\": \"Invalid JSON data: name: ", 38) == 0,
	      "strict validation refuses an array name on PATCH");
	CHECK(call_mode(st, "sessionsUpdate", UNKNOWN_ID, "{\"name\": [1]}", VALIDATE_STRICT) == 404,
	      "PATCH looks the session up before validating the body");
	CHECK(call_mode(st, "sessionsUpdate", sid, "{\"name\": [1]}", VALIDATE_OFF) == 200,
	      "validation off lets any body through");
	store_free(st);
}

static void test_ops(void)
{
	struct optable *t = optable_new();
	struct buf err = {0};
	CHECK(t && optable_bind(t, &sessions_api, &err) == 0 && err.len == 0,
	      "every handler finds its operation, with its method, in the spec");
	int bound = 0;
	for (int i = 0; i < spec_operation_count; i++) {
		void *data;
		bound += optable_entry(t, i, &data)->operation_id != NULL;
	}
	CHECK(bound == sessions_api.nentries, "each handler is bound to one spec row");
	buf_free(&err);
	optable_free(t);
}

int main(void)
{
	val = validator_new();
	reply_init(&r);
	test_create_body_errors();
	test_create();
	test_get_and_delete();
	test_culled();
	test_patch();
	test_validation();
	test_ops();
	reply_free(&r);
	validator_free(val);
	return tap_done();
}
