/* test_record_write.c - recorded exchanges become a scenario that loads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record_write.h"
#include "scenario.h"
#include "tap.h"
#include "validate.h"

#define REAL_SID "f87e5ea6-dcb1-48f3-9424-2c4cb9d08c54"
#define REAL_KID "3948423a-ede5-424f-9802-bbcba0b73718"
#define CLIENT_ID "00000000-0000-4000-8000-000000000000"
#define SESSION_JSON "{\"id\": \"" REAL_SID "\", \"path\": \"a.ipynb\", \"name\": \"a.ipynb\", " \
	"\"type\": \"notebook\", \"kernel\": {\"id\": \"" REAL_KID "\", \"name\": \"python3\", " \
	"\"last_activity\": \"2026-12-02T14:28:19.016149Z\", \"execution_state\": \"idle\", " \
	"\"connections\": 0}, \"notebook\": {\"path\": \"a.ipynb\", \"name\": \"a.ipynb\"}}"

static struct record_exchange x[8];
static int n;

static void add(const char *method, const char *path, const char *req_body, int status,
		const char *location, const char *body)
{
	struct record_exchange *e = &x[n++];
	memset(e, 0, sizeof *e);
	e->method = strdup(method);
	e->path = strdup(path);
	if (req_body)
		buf_puts(&e->req_body, req_body);
	e->status = status;
	e->location = location ? strdup(location) : NULL;
	if (body)
		buf_puts(&e->body, body);
}

static const struct record_meta meta = {
	.name = "unit", .upstream = "http://127.0.0.1:1", .seed = 1,
	.clock_start = 1767225600LL * 1000000, .clock_step = 1000};

static struct scenario *load(const struct buf *text)
{
	FILE *diag = tmpfile();
	struct scenario *sc = scenario_load_text("rec.yaml", text->data, text->len, diag);
	if (!sc && diag) {
		char line[512];
		rewind(diag);
		while (fgets(line, sizeof line, diag))
			printf("# %s", line);
	}
	if (diag)
		fclose(diag);
	return sc;
}

static void test_lifecycle(void)
{
	n = 0;
	add("POST", "/api/sessions", "{\"path\": \"a.ipynb\"}", 201,
	    "/api/sessions/" REAL_SID, SESSION_JSON);
	add("GET", "/api", NULL, 200, NULL, "{\"version\": \"1.23.3\"}");
	add("GET", "/api/sessions/" REAL_SID, NULL, 200, NULL, SESSION_JSON);
	add("GET", "/api/sessions/" CLIENT_ID, NULL, 404, NULL,
	    "{\"message\": \"Session not found: session_id='" CLIENT_ID "'\", \"reason\": null}");
	add("DELETE", "/api/sessions/" REAL_SID, NULL, 204, NULL, NULL);
	struct buf text = {0};
	record_write_yaml(x, n, &meta, &text);
	const char *t = buf_cstr(&text);
	struct scenario *sc = load(&text);
	CHECK(sc != NULL, "the written scenario loads without an error");
	CHECK(sc && sc->nsteps == 4 && !strcmp(sc->name, "unit"),
	      "one step per request the spec routes");
	CHECK(sc && !strcmp(sc->steps[0].label, "step 1 (sessionsCreate 201)") &&
		      !strcmp(sc->steps[3].label, "step 4 (sessionsDelete 204)"),
	      "steps are named by operation and status");
	CHECK(!strstr(t, REAL_SID) && !strstr(t, REAL_KID),
	      "no id the server minted is left");
	CHECK(strstr(t, "Location: \"/api/sessions/") != NULL,
	      "the Location header is kept, its id mapped");
	CHECK(strstr(t, "session_id='" CLIENT_ID "'") && strstr(t, "GET /api/sessions/" CLIENT_ID),
	      "an id the client chose itself stays");
	CHECK(strstr(t, "\"last_activity\": \"2026-01-01T00:00:00Z\"") && !strstr(t, "2026-12-02"),
	      "the server's time is the virtual clock's at that request");
	CHECK(strstr(t, "  # not replayed (the spec has no such operation), answered 200:\n  # GET /api\n") != NULL,
	      "a request outside the spec is a comment");
	CHECK(strstr(t, "    # POST /api/sessions {\"path\": \"a.ipynb\"}\n") != NULL,
	      "the request is a comment above its step");
	scenario_free(sc);
	buf_free(&text);
	for (int i = 0; i < n; i++)
		record_exchange_free(&x[i]);
}

static void test_odd_answers(void)
{
	n = 0;
	add("GET", "/api/sessions", NULL, 200, NULL, "[{\"id\": 5}]");
	add("GET", "/api/sessions", NULL, 418, NULL, "{\"message\": \"teapot\", \"reason\": null}");
	add("POST", "/api/sessions", "\x01\xff", 500, NULL, "<html>oops</html>");
	add("GET", "/api/sessions/" REAL_SID, NULL, 404, NULL,
	    "{\"message\": \"caf\\u00e9 \\ud83d\\ude00 {{x}}\", \"reason\": null}");
	add("GET", "/api/kernels", NULL, 200, NULL, "[{\"id\": \"k\", \"name\": \"caf\\u00e9 \\ud83d\\ude00\", "
	    "\"last_activity\": \"2026-12-02T14:28:19Z\", \"execution_state\": \"idle\", \"connections\": 0}]");
	struct buf text = {0};
	record_write_yaml(x, n, &meta, &text);
	const char *t = buf_cstr(&text);
	struct scenario *sc = load(&text);
	CHECK(sc != NULL, "odd answers still make a file that loads");
	CHECK(strstr(t, "    # the real body breaks the spec's schema: ") &&
		      strstr(t, "      invalid: true\n"),
	      "a body that breaks the schema is kept with invalid: true and the reason");
	CHECK(strstr(t, "    # status 418 is not declared for sessionsList in the spec: "
			"this step takes any request\n"),
	      "an undeclared status makes a step that takes any request");
	CHECK(strstr(t, "# the body is no JSON, not replayed") && strstr(t, "# POST /api/sessions  ?"),
	      "a body that is no JSON is said so; a request's control and bad bytes are masked");
	CHECK(strstr(t, "holds '{{', which a scenario reads as a template: not replayed"),
	      "a body holding {{ is not written (it would read as a template)");
	CHECK(strstr(t, "\"name\": \"caf\xc3\xa9 \xf0\x9f\x98\x80\""),
	      "characters outside ASCII are written as themselves");
	scenario_free(sc);
	buf_free(&text);
	for (int i = 0; i < n; i++)
		record_exchange_free(&x[i]);
}

static void test_empty(void)
{
	struct buf text = {0};
	record_write_yaml(NULL, 0, &meta, &text);
	struct scenario *sc = load(&text);
	CHECK(sc && sc->nsteps == 0 && strstr(buf_cstr(&text), "steps: []\n"),
	      "nothing recorded is a scenario with no steps that loads");
	scenario_free(sc);
	buf_free(&text);
}

int main(void)
{
	test_lifecycle();
	test_odd_answers();
	test_empty();
	return tap_done();
}
