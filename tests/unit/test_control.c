/* test_control.c - the front of the mock without sockets: admin paths go
 * to the admin API, the rest to the engine and into the journal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "control.h"
#include "tap.h"

#define JAN_1_2026_US (1767225600LL * 1000000)

static struct reply r;

static struct control *new_control(size_t journal)
{
	struct control_options opt = {
		.engine = {
			.store = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1},
			.clock_start = JAN_1_2026_US,
			.clock_step = 1000,
			.validate = VALIDATE_STRICT,
			.cors = 1,
			.stateful = 1,
		},
		.journal = journal,
		.max_instances = 4,
	};
	return control_new(&opt);
}

static int send_req(struct control *c, const char *method, const char *path,
		    const char *query, const char *body)
{
	struct mock_request req = {.method = method, .path = path, .query = query};
	if (body) {
		req.body = body;
		req.body_len = strlen(body);
	}
	req.headers[0].name = "Host";
	req.headers[0].value = "test";
	req.nheaders = 1;
	reply_free(&r);
	reply_init(&r);
	control_handle(c, &req, &r);
	return r.status;
}

static cJSON *body_json(void)
{
	size_t len;
	const char *text = reply_body(&r, &len);
	return cJSON_ParseWithLength(text ? text : "", len);
}

static void test_admin_paths(void)
{
	CHECK(control_is_admin_path("/__mock") && control_is_admin_path("/__mock/journal"),
	      "the prefix and paths under it are admin paths");
	CHECK(!control_is_admin_path("/__mockery") && !control_is_admin_path("/api/__mock/x"),
	      "a path merely starting with the letters is not");
	struct spec_operation ops[2] = {
		{.method = "GET", .path = "/api/sessions", .line = 3},
		{.method = "GET", .path = "/__mock/things", .operation_id = "things", .line = 9},
	};
	struct buf err = {0};
	CHECK(control_spec_conflict(ops, 1, "s.yaml", &err) == 0 && err.len == 0,
	      "a spec without the prefix does not conflict");
	CHECK(control_spec_conflict(ops, 2, "s.yaml", &err) == -1,
	      "a spec path under /__mock/ conflicts");
	CHECK_STR(buf_cstr(&err), "s.yaml:9: error: GET /__mock/things (operation 'things') "
		  "is under /__mock/, which the mock's admin API owns: rename the path "
		  "to serve this spec", "the conflict names the file, line, operation and why");
	buf_free(&err);
}

static void test_journal_of_requests(void)
{
	struct control *c = new_control(10);
	send_req(c, "POST", "/api/sessions", NULL, "{\"path\": \"a.ipynb\", \"type\": \"notebook\"}");
	CHECK(r.status == 201, "a Sessions request goes to the engine");
	send_req(c, "GET", "/nowhere", NULL, NULL);
	send_req(c, "GET", "/__mock/health", NULL, NULL);
	CHECK(r.status == 200, "an admin request goes to the admin API");
	CHECK(journal_count(c->journal) == 2, "API requests are journaled, admin requests are not");
	send_req(c, "GET", "/__mock/journal", "operation=sessionsCreate", NULL);
	cJSON *j = body_json();
	cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "entries"), 0);
	CHECK(cJSON_GetObjectItem(j, "count")->valueint == 1, "the journal filters by operation");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(e, "operation")), "sessionsCreate",
		  "an entry names the operation that answered");
	CHECK(cJSON_GetObjectItem(e, "status")->valueint == 201 &&
		      cJSON_GetObjectItem(e, "body_size")->valueint > 100,
	      "an entry holds the status and the body size");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(e, "time")), "2026-01-01T00:00:00Z",
		  "an entry holds the virtual time");
	cJSON_Delete(j);
	send_req(c, "GET", "/__mock/unmatched", NULL, NULL);
	j = body_json();
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "entries"), 0);
	CHECK(cJSON_GetObjectItem(j, "count")->valueint == 1 &&
		      !strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "path")), "/nowhere"),
	      "a request no operation matched is unmatched");
	cJSON_Delete(j);
	send_req(c, "POST", "/__mock/reset", NULL, NULL);
	CHECK(journal_count(c->journal) == 0, "reset empties the journal");
	send_req(c, "POST", "/api/sessions", NULL, "{\"path\": \"a.ipynb\", \"type\": \"notebook\"}");
	j = body_json();
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "id")),
		  "92f89756-082a-4514-a42e-1c7bc266a3a7",
		  "after a reset the ids start again (the README's first id of seed 1)");
	cJSON_Delete(j);
	control_free(c);
}

static void test_no_journal(void)
{
	struct control *c = new_control(0);
	send_req(c, "GET", "/api/sessions", NULL, NULL);
	CHECK(r.status == 200 && journal_count(c->journal) == 0, "--journal 0 keeps nothing");
	send_req(c, "GET", "/__mock/nothing", NULL, NULL);
	CHECK(r.status == 404, "an unknown admin path is 404");
	send_req(c, "PUT", "/__mock/journal", NULL, NULL);
	CHECK(r.status == 405, "a wrong method on an admin path is 405");
	control_free(c);
	reply_free(&r);
}

static void test_reload_and_report(void)
{
	char path[] = "/tmp/test_control.XXXXXX";
	int fd = mkstemp(path);
	const char good[] = "scenario: one\nsteps:\n  - match: {operation: sessionsList}\n";
	CHECK(fd >= 0 && write(fd, good, sizeof good - 1) == (ssize_t)(sizeof good - 1),
	      "a scratch scenario is written");
	close(fd);
	struct buf err = {0};
	struct control_options opt = {
		.engine = {.store = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1},
			   .clock_step = 1000, .validate = VALIDATE_STRICT, .stateful = 1},
		.journal = 8,
	};
	struct control *c = control_new(&opt);
	FILE *report = tmpfile();
	CHECK(control_done_report(c, report) == 1, "without a scenario there is nothing to finish");
	const struct scenario *one = control_reload(c, path) == 0
					     ? catalog_get(c->catalog, "one", &err) : NULL;
	CHECK(one, "control_reload loads a good file into the catalog");
	FILE *f = fopen(path, "w");
	fputs("scenario: one\nsteps: [", f);
	fclose(f);
	CHECK(control_reload(c, path) == -1 && c->reload_errors.len > 0,
	      "a broken file is refused and its errors kept");
	const struct scenario *kept = catalog_get(c->catalog, "one", &err);
	CHECK(kept == one && kept->nsteps == 1, "the previous version stays");
	engine_reset(c->shared, kept);
	scenario_free(kept);
	scenario_free(one);
	CHECK(control_done_report(c, report) == 1, "a scenario with a step left is not done");
	send_req(c, "GET", "/api/sessions", NULL, NULL);
	CHECK(control_done_report(c, report) == 0, "once every step is taken it is done");
	fclose(report);
	control_free(c);
	buf_free(&err);
	unlink(path);
}

int main(void)
{
	test_reload_and_report();
	test_admin_paths();
	test_journal_of_requests();
	test_no_journal();
	return tap_done();
}
