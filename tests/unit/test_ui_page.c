/* test_ui_page.c - the demo page and the snapshot it polls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "catalog.h"
#include "engine.h"
#include "scenario.h"
#include "session_store.h"
#include "tap.h"
#include "ui_page.h"

#define JAN_1_2026_US (1767225600LL * 1000000)

static int post(struct engine *e, const char *method, const char *path, const char *body)
{
	struct mock_request req = {.method = method, .path = path, .body = body,
				   .body_len = body ? strlen(body) : 0};
	struct reply r;
	reply_init(&r);
	engine_handle(e, &req, &r);
	int status = r.status;
	reply_free(&r);
	return status;
}

static void test_page(void)
{
	struct reply r;
	reply_init(&r);
	struct mock_request req = {.method = "GET", .path = "/__mock/ui"};
	ui_page_get(NULL, &req, &r);
	size_t len;
	const char *body = reply_body(&r, &len);
	CHECK(r.status == 200 && !strcmp(r.content_type, "text/html; charset=utf-8") &&
		      len > 1000 && !strncmp(body, "<!doctype html>", 15),
	      "the page is served as HTML from the binary");
	CHECK(r.csp && strstr(r.csp, "script-src 'unsafe-inline'") &&
		      strstr(r.csp, "connect-src 'self'") && !strstr(r.csp, "http"),
	      "its policy lets its own inline script talk to this origin, and nothing else");
	CHECK(!strstr(body, "http://") && !strstr(body, "https://"),
	      "the page loads nothing from elsewhere (no CDN)");
	reply_free(&r);
}

static void test_state(void)
{
	struct engine_options opt = {
		.store = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1},
		.clock_start = JAN_1_2026_US, .clock_step = 1000,
		.validate = VALIDATE_STRICT, .cors = 1, .stateful = 1};
	struct engine *e = engine_new(&opt);
	post(e, "POST", "/api/sessions", "{\"path\": \"a.ipynb\", \"type\": \"notebook\"}");
	post(e, "POST", "/api/sessions", "{\"path\": \"b.ipynb\", \"type\": \"notebook\"}");
	engine_lock(e);
	struct session *first = store_last_session(engine_store(e))->prev;
	store_shutdown_kernel(engine_store(e), first->kernel);
	engine_unlock(e);

	cJSON *s = ui_state_json(e);
	cJSON *sessions = cJSON_GetObjectItem(s, "sessions");
	cJSON *a = cJSON_GetArrayItem(sessions, 0), *b = cJSON_GetArrayItem(sessions, 1);
	CHECK(cJSON_GetArraySize(sessions) == 2 &&
		      !strcmp(cJSON_GetObjectItem(a, "path")->valuestring, "a.ipynb") &&
		      cJSON_IsTrue(cJSON_GetObjectItem(a, "culled")) &&
		      cJSON_IsFalse(cJSON_GetObjectItem(b, "culled")),
	      "every session is in the snapshot, oldest first, a dead kernel's flagged culled");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(s, "kernels")) == 1,
	      "the live kernels are in it");
	CHECK(!strcmp(cJSON_GetObjectItem(s, "clock")->valuestring, "2026-01-01T00:00:00.002000Z"),
	      "the clock is the virtual one, as it stands");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(s, "scenario")), "no scenario is null");
	cJSON_Delete(s);
	s = ui_state_json(e);
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(s, "sessions")) == 2 &&
		      !strcmp(cJSON_GetObjectItem(s, "clock")->valuestring, "2026-01-01T00:00:00.002000Z"),
	      "taking a snapshot culls nothing and moves no clock");
	cJSON_Delete(s);
	CHECK(post(e, "GET", "/api/sessions/nope-nope-nope-nope-nope", NULL) == 404,
	      "the instance still answers");
	engine_free(e);
}

static void test_scenario(void)
{
	const char text[] = "scenario: s\ndescription: two steps\nsteps:\n"
			    "  - {name: first, match: {operation: sessionsList}}\n"
			    "  - {match: {operation: sessionsList}}\n";
	struct scenario *sc = scenario_load_text("s.yaml", text, sizeof text - 1, stderr);
	struct engine_options opt = {
		.store = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1},
		.clock_start = JAN_1_2026_US, .clock_step = 1000,
		.validate = VALIDATE_STRICT, .cors = 1, .stateful = 1, .scenario = sc};
	struct engine *e = engine_new(&opt);
	post(e, "GET", "/api/sessions", NULL);
	cJSON *s = ui_state_json(e);
	cJSON *scn = cJSON_GetObjectItem(s, "scenario");
	cJSON *state = cJSON_GetArrayItem(cJSON_GetObjectItem(scn, "states"), 0);
	cJSON *steps = cJSON_GetObjectItem(state, "steps");
	CHECK(!strcmp(cJSON_GetObjectItem(scn, "name")->valuestring, "s") &&
		      !strcmp(cJSON_GetObjectItem(scn, "description")->valuestring, "two steps"),
	      "the scenario's name and description are in it");
	CHECK(!strcmp(cJSON_GetObjectItem(state, "name")->valuestring, "main") &&
		      !strcmp(cJSON_GetObjectItem(state, "order")->valuestring, "sequence") &&
		      !strcmp(cJSON_GetArrayItem(steps, 0)->valuestring, "step 1 (first)") &&
		      !strcmp(cJSON_GetArrayItem(steps, 1)->valuestring, "step 2"),
	      "its states and their steps are in it");
	CHECK(strstr(cJSON_GetObjectItem(scn, "expected")->valuestring, "step 2") != NULL,
	      "what it expects next is in it");
	cJSON_Delete(s);
	engine_free(e);
	scenario_free(sc);
}

static void touch(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
}

static void test_names(void)
{
	char dir[] = "/tmp/test_ui_page.XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK(0, "a scratch directory");
		return;
	}
	touch(dir, "b.yaml");
	touch(dir, "a.yaml");
	touch(dir, ".hidden.yaml");
	touch(dir, "notes.txt");
	struct catalog *cat = catalog_new(dir);
	const char text[] = "scenario: z\n";
	catalog_add(cat, scenario_load_text("z.yaml", text, sizeof text - 1, stderr));
	const char again[] = "scenario: a\n";
	catalog_add(cat, scenario_load_text("a.yaml", again, sizeof again - 1, stderr));
	cJSON *names = ui_scenario_names(cat);
	char *got = cJSON_PrintUnformatted(names);
	CHECK_STR(got, "[\"a\",\"b\",\"z\"]",
		  "the names are the loaded ones and the directory's NAME.yaml, sorted, each once");
	cJSON_free(got);
	cJSON_Delete(names);
	catalog_free(cat);
	cat = catalog_new(NULL);
	names = ui_scenario_names(cat);
	CHECK(cJSON_GetArraySize(names) == 0, "no directory and nothing loaded is an empty list");
	cJSON_Delete(names);
	catalog_free(cat);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

int main(void)
{
	test_page();
	test_state();
	test_scenario();
	test_names();
	return tap_done();
}
