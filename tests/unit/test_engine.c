/* test_engine.c - engine_handle end to end, without sockets: routing,
 * the session state, spec overrides, CORS and Etags. */
#include <stdarg.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "engine.h"
#include "tap.h"

#define JAN_1_2026_US (1767225600LL * 1000000)
#define EMPTY_ETAG "\"97d170e1550eee4afc0af065b78cda302a97674c\""
#define ERR(msg) "{\"message\": \"" msg "\", \"reason\": null}"

static struct reply r;

static struct engine *new_engine(int stateful, int cors)
{
	struct engine_options opt = {
		.store = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1},
		.clock_start = JAN_1_2026_US,
		.clock_step = 1000,
		.validate = VALIDATE_STRICT,
		.cors = cors,
		.stateful = stateful,
	};
	return engine_new(&opt);
}

/* Sends method path [body], then header name/value pairs up to a NULL. */
static int send_req(struct engine *e, const char *method, const char *path,
		    const char *body, ...)
{
	struct mock_request req = {.method = method, .path = path};
	char path_only[256];
	const char *q = strchr(path, '?');
	if (q) {
		snprintf(path_only, sizeof path_only, "%.*s", (int)(q - path), path);
		req.path = path_only;
		req.query = q + 1;
	}
	if (body) {
		req.body = body;
		req.body_len = strlen(body);
	}
	va_list ap;
	va_start(ap, body);
	for (const char *name; (name = va_arg(ap, const char *)) != NULL &&
			       req.nheaders < REQUEST_MAX_HEADERS;) {
		req.headers[req.nheaders].name = name;
		req.headers[req.nheaders].value = va_arg(ap, const char *);
		req.nheaders++;
	}
	va_end(ap);
	reply_free(&r);
	reply_init(&r);
	engine_handle(e, &req, &r);
	return r.status;
}

static const char *body(void)
{
	size_t len;
	const char *text = reply_body(&r, &len);
	return text ? text : "";
}

static int has_header(const char *line)
{
	return strstr(buf_cstr(&r.headers), line) != NULL;
}

static void test_unrouted(void)
{
	struct engine *e = new_engine(1, 1);
	CHECK(e != NULL, "an engine is made from options");
	CHECK(send_req(e, "GET", "/nope", NULL, NULL) == 404 &&
		      strcmp(body(), ERR("Not Found")) == 0,
	      "an unknown path is 404 Not Found in the error shape");
	CHECK(send_req(e, "PUT", "/api/sessions", NULL, NULL) == 405 &&
		      strcmp(body(), ERR("Method Not Allowed")) == 0,
	      "an undeclared method is 405 Method Not Allowed");
	CHECK(!has_header("Allow:"), "a 405 has no Allow header, as the real server");
	CHECK(send_req(e, "POST", "/api/sessions/5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01", "{}", NULL) == 405,
	      "POST on a session is 405");
	CHECK(send_req(e, "HEAD", "/api/sessions", NULL, NULL) == 405 && r.omit_body &&
		      r.send_length && r.body.len == 49,
	      "HEAD is 405 with the length of a body it does not send");
	CHECK(send_req(e, "GET", "/api", NULL, NULL) == 200 &&
		      strcmp(body(), "{\"version\": \"1.23.3\"}") == 0,
	      "GET /api gives the spec's version");
	CHECK(send_req(e, "GET", "/api/sessions/", NULL, NULL) == 302 &&
		      has_header("Location: /api/sessions\r\n"),
	      "GET with a trailing slash redirects to the path without it");
	CHECK(send_req(e, "GET", "/api/sessions/?a=1", NULL, NULL) == 302 &&
		      has_header("Location: /api/sessions?a=1\r\n"),
	      "the redirect keeps the query string");
	CHECK(send_req(e, "POST", "/api/sessions/", "{}", NULL) == 403,
	      "POST with a trailing slash is 403");
	engine_free(e);
}

static void test_list_and_etag(void)
{
	struct engine *e = new_engine(1, 1);
	CHECK(send_req(e, "GET", "/api/sessions", NULL, NULL) == 200 &&
		      strcmp(body(), "[]") == 0,
	      "the session list starts empty");
	CHECK_STR(r.content_type, "application/json", "the list is application/json");
	CHECK(has_header("Etag: " EMPTY_ETAG "\r\n"), "GET 200 has the SHA-1 Etag of the body");
	CHECK(r.date == JAN_1_2026_US, "the first request is dated at the clock start");
	CHECK(send_req(e, "GET", "/api/sessions?1767225600000", NULL,
		       "If-None-Match", EMPTY_ETAG, NULL) == 304,
	      "a matching If-None-Match is 304 (the query string is ignored)");
	CHECK(r.date == JAN_1_2026_US + 1000, "each request advances the virtual clock by its step");
	CHECK(r.body.len == 0 && r.content_type == NULL && !r.send_length &&
		      has_header("Etag: " EMPTY_ETAG "\r\n"),
	      "the 304 has the Etag and no body, type or length");
	CHECK(send_req(e, "GET", "/api/sessions", NULL, "if-none-match", "\"stale\"", NULL) == 200 &&
		      strcmp(body(), "[]") == 0,
	      "a stale If-None-Match is a 200 (header names are case-insensitive)");
	CHECK(send_req(e, "GET", "/api/kernels", NULL, NULL) == 200 && strcmp(body(), "[]") == 0,
	      "the kernel list starts empty");
	engine_free(e);
}

static void test_create_get_delete(void)
{
	struct engine *e = new_engine(1, 1);
	CHECK(send_req(e, "POST", "/api/sessions",
		       "{\"path\": \"a.ipynb\", \"type\": \"notebook\", \"name\": \"a.ipynb\"}",
		       NULL) == 201,
	      "POST /api/sessions creates a session");
	cJSON *json = cJSON_Parse(body());
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(json, "id");
	char sid[64] = "";
	if (cJSON_IsString(id))
		snprintf(sid, sizeof sid, "%s", id->valuestring);
	cJSON_Delete(json);
	CHECK(strlen(sid) == 36, "the created session has a uuid");
	CHECK(strstr(body(), "\"last_activity\": \"2026-01-01T00:00:00Z\"") != NULL,
	      "the first request's kernel starts at the clock start");
	char line[128], path[128];
	snprintf(line, sizeof line, "Location: /api/sessions/%s\r\n", sid);
	CHECK(has_header(line), "the 201 has its Location");
	CHECK(!has_header("Etag:"), "a POST has no Etag");
	struct buf created = {0};
	buf_puts(&created, body());

	snprintf(path, sizeof path, "/api/sessions/%s", sid);
	CHECK(send_req(e, "GET", path, NULL, NULL) == 200 &&
		      strcmp(body(), buf_cstr(&created)) == 0,
	      "GET of the new session gives the bytes the POST gave");
	CHECK(has_header("Etag: \""), "GET of a session has an Etag");
	CHECK(send_req(e, "GET", "/api/sessions", NULL, NULL) == 200 && body()[0] == '[' &&
		      strncmp(body() + 1, buf_cstr(&created), created.len) == 0,
	      "the list holds the new session's bytes");
	CHECK(send_req(e, "PATCH", path, "{\"name\": \"b\"}", NULL) == 200 &&
		      strstr(body(), "\"name\": \"b\"") && !has_header("Etag:"),
	      "PATCH renames the session, without an Etag");
	CHECK(send_req(e, "DELETE", path, NULL, NULL) == 204 && r.body.len == 0,
	      "DELETE is 204 with no body");
	snprintf(line, sizeof line, ERR("Session not found: session_id='%s'"), sid);
	CHECK(send_req(e, "GET", path, NULL, NULL) == 404 && strcmp(body(), line) == 0,
	      "GET after DELETE is 404 with the real server's message");
	CHECK(send_req(e, "POST", "/api/sessions",
		       "{\"path\": \"a\", \"type\": \"t\", \"kernel\": {\"name\": 5}}", NULL) == 400 &&
		      strcmp(body(), ERR("Invalid JSON data: kernel.name: expected string or null, got number")) == 0,
	      "strict validation refuses a bad body with the field path");
	CHECK(send_req(e, "POST", "/api/sessions", "", NULL) == 400 &&
		      strcmp(body(), ERR("No JSON data provided")) == 0,
	      "an empty POST body is 400 No JSON data provided");
	buf_free(&created);
	engine_free(e);
}

static void test_prefer(void)
{
	struct engine *e = new_engine(1, 1);
	CHECK(send_req(e, "POST", "/api/sessions",
		       "{\"path\": \"a\", \"type\": \"file\"}", "Prefer", "code=501", NULL) == 501,
	      "Prefer: code=501 answers the spec's 501");
	CHECK_STR(body(),
		  "{\"message\": \"The 'python3' kernel is not available. Please pick "
		  "another suitable kernel instead, or install that kernel.\", "
		  "\"short_message\": \"python3 not found\"}",
		  "the override's 501 names the default kernelspec when the body names none");
	CHECK(send_req(e, "POST", "/api/sessions",
		       "{\"path\": \"a\", \"type\": \"file\", \"kernel\": {\"name\": \"ir\"}}",
		       "Prefer", "example=kernelNotAvailable", NULL) == 501 &&
		      strstr(body(), "\"short_message\": \"ir not found\""),
	      "the override's 501 names the kernel the body asks for");
	CHECK(send_req(e, "GET", "/api/sessions", NULL, NULL) == 200 && strcmp(body(), "[]") == 0,
	      "an overridden POST creates no session");
	CHECK(send_req(e, "POST", "/api/sessions?__code=501", "{}", NULL) == 501,
	      "the __code query parameter overrides too");
	CHECK(send_req(e, "POST", "/api/sessions", "{}", "Prefer", "example=console", NULL) == 201 &&
		      strstr(body(), "\"path\": \"console-1\""),
	      "Prefer: example=console answers that example with its status");
	CHECK(send_req(e, "POST", "/api/sessions", "{}", "Prefer", "code=404", NULL) == 400 &&
		      strcmp(body(), ERR("Prefer: code=404 is not a response of 'sessionsCreate'")) == 0,
	      "an undeclared Prefer code is 400 naming the operation");
	CHECK(send_req(e, "POST", "/api/sessions", "{}", "Prefer", "example=nope", NULL) == 400 &&
		      strcmp(body(), ERR("Prefer: example=nope is not an example of 'sessionsCreate'")) == 0,
	      "an unknown Prefer example is 400 naming the operation");
	engine_free(e);
}

static void test_cors(void)
{
	struct engine *e = new_engine(1, 1);
	send_req(e, "GET", "/api/sessions", NULL, "Origin", "http://localhost:3000", NULL);
	CHECK(has_header("Access-Control-Allow-Origin: http://localhost:3000\r\n"),
	      "a request with Origin gets it reflected");
	CHECK(has_header("Access-Control-Expose-Headers: Location, Etag\r\n") &&
		      has_header("Vary: Origin\r\n"),
	      "CORS exposes Location and Etag and varies on Origin");
	send_req(e, "GET", "/api/sessions", NULL, NULL);
	CHECK(!has_header("Access-Control-Allow-Origin"),
	      "a request without Origin gets no CORS header, as the real server");
	send_req(e, "GET", "/nope", NULL, "Origin", "http://x", NULL);
	CHECK(r.status == 404 && has_header("Access-Control-Allow-Origin: http://x\r\n"),
	      "errors carry the CORS header too");
	CHECK(send_req(e, "OPTIONS", "/api/sessions", NULL, "Origin", "http://x", NULL) == 200 &&
		      has_header("Access-Control-Allow-Methods: GET, PUT, POST, PATCH, DELETE, OPTIONS\r\n") &&
		      r.body.len == 0,
	      "OPTIONS is the real server's preflight answer");
	CHECK(send_req(e, "OPTIONS", "/nope", NULL, NULL) == 404, "OPTIONS of an unknown path is 404");
	engine_free(e);
	e = new_engine(1, 0);
	send_req(e, "GET", "/api/sessions", NULL, "Origin", "http://x", NULL);
	CHECK(!has_header("Access-Control-Allow-Origin"), "with CORS off Origin is not reflected");
	engine_free(e);
}

static void test_stateless(void)
{
	struct engine *e = new_engine(0, 1);
	CHECK(send_req(e, "GET", "/api/sessions", NULL, NULL) == 200 && strcmp(body(), "[]") == 0,
	      "a stateless list answers the first example");
	CHECK(send_req(e, "POST", "/api/sessions", "{\"path\": \"a\", \"type\": \"notebook\"}", NULL) == 201 &&
		      strstr(body(), "\"id\": \"5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01\""),
	      "a stateless create answers the first 201 example");
	CHECK(send_req(e, "GET", "/api/sessions", NULL, NULL) == 200 && strcmp(body(), "[]") == 0,
	      "a stateless create changes nothing");
	CHECK(send_req(e, "GET", "/api/sessions/a-b-c-d-e", NULL, NULL) == 400 &&
		      strcmp(body(), ERR("session: 'a-b-c-d-e' is not a uuid")) == 0,
	      "a stateless GET checks the path parameter's format");
	CHECK(send_req(e, "GET", "/api/sessions/abc", NULL, NULL) == 404,
	      "an id of another shape than Jupyter routes is no route: 404");
	CHECK(send_req(e, "POST", "/api/sessions", "{\"name\": \"x\"}", NULL) == 400 &&
		      strncmp(body(), "{\"message\": \"body: ", 19) == 0,
	      "a stateless POST validates the body");
	CHECK(send_req(e, "DELETE", "/api/sessions/5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01", NULL, NULL) == 204,
	      "a stateless DELETE answers 204");
	engine_free(e);
}

static void hello(const struct op_call *call, struct reply *out)
{
	const char *text = call->data;
	reply_json(out, 200, text, strlen(text));
}

static void test_added_route(void)
{
	struct engine *e = new_engine(1, 0);
	static char hi[] = "{\"hi\": 1}", empty[] = "{}";
	CHECK(engine_add_route(e, OP_ROUTE_ENGINE, "GET", "/__mock/hello", hello, hi) == 0 &&
		      engine_add_route(e, OP_ROUTE_ENGINE, "GET", "/api/sessions", hello,
				       empty) == 0 &&
		      engine_add_route(e, OP_ROUTE_CONTROL, "GET", "/__mock/admin", hello,
				       hi) == 0,
	      "routes are added to an engine");
	CHECK(send_req(e, "GET", "/__mock/hello", NULL, NULL) == 200 &&
		      strcmp(body(), "{\"hi\": 1}") == 0,
	      "an added route is answered by its handler, with its data");
	CHECK(send_req(e, "POST", "/__mock/hello", NULL, NULL) == 405,
	      "another method on an added route is 405");
	CHECK(send_req(e, "GET", "/api/sessions", NULL, NULL) == 200 &&
		      strcmp(body(), "[]") == 0,
	      "the spec's paths win over added routes");
	CHECK(send_req(e, "GET", "/api", NULL, NULL) == 200 &&
		      strncmp(body(), "{\"version\": ", 12) == 0,
	      "GET /api is a route of the table too");
	CHECK(send_req(e, "GET", "/__mock/admin", NULL, NULL) == 404,
	      "the engine does not answer a control-plane route");
	op_handler h = NULL;
	void *data = NULL;
	CHECK(engine_control_route(e, "GET", "/__mock/admin", &h, &data) == OPTABLE_FOUND &&
		      h == hello && data == hi &&
		      engine_control_route(e, "GET", "/__mock/hello", &h, &data) ==
			      OPTABLE_NO_PATH,
	      "engine_control_route finds the control plane's routes only");
	engine_free(e);
}

int main(void)
{
	reply_init(&r);
	test_unrouted();
	test_list_and_etag();
	test_create_get_delete();
	test_prefer();
	test_cors();
	test_stateless();
	test_added_route();
	reply_free(&r);
	return tap_done();
}
