/* test_instances.c - per-client engines and the scenario catalog. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "instances.h"
#include "tap.h"

static const char SCENARIO[] = "scenario: one\nsteps:\n  - match: {operation: sessionsCreate}\n";

static struct mock_request with_header(const char *name, const char *value)
{
	struct mock_request req = {.method = "GET", .path = "/api/sessions", .nheaders = 1};
	req.headers[0].name = name;
	req.headers[0].value = value;
	return req;
}

static int parse(const char *header, const char *value, char *name, char *key)
{
	struct buf err = {0};
	struct mock_request req = with_header(header, value);
	int rc = instances_of_request(&req, name, key, &err);
	buf_free(&err);
	return rc;
}

static void test_request_keys(void)
{
	char name[129], key[INSTANCE_MAX_KEY + 1];
	CHECK(parse("X-Mock-Scenario", "demo", name, key) == 1 && !strcmp(name, "demo") &&
		      !strcmp(key, "demo"), "a bare name is its own instance key");
	CHECK(parse("X-Mock-Scenario", "demo; instance=w1", name, key) == 1 &&
		      !strcmp(name, "demo") && !strcmp(key, "w1"), "'; instance=KEY' names the key");
	CHECK(parse("Cookie", "a=1; mock-scenario=demo:w2", name, key) == 1 &&
		      !strcmp(name, "demo") && !strcmp(key, "w2"), "the cookie takes NAME:KEY");
	CHECK(parse("Cookie", "a=1", name, key) == 0, "other cookies name no instance");
	CHECK(parse("Accept", "x", name, key) == 0, "no header names no instance");
	CHECK(parse("X-Mock-Scenario", "../x", name, key) == -1 &&
		      parse("X-Mock-Scenario", "demo; inst=1", name, key) == -1 &&
		      parse("X-Mock-Scenario", "", name, key) == -1,
	      "malformed values are refused");
}

static void test_catalog(void)
{
	char dir[] = "/tmp/test_instances.XXXXXX", path[256];
	CHECK(mkdtemp(dir) != NULL, "a scratch directory is made");
	snprintf(path, sizeof path, "%s/one.yaml", dir);
	FILE *f = fopen(path, "w");
	fputs(SCENARIO, f);
	fclose(f);
	struct catalog *c = catalog_new(dir);
	struct buf err = {0};
	const struct scenario *sc = catalog_get(c, "one", &err);
	CHECK(sc && !strcmp(sc->name, "one"), "catalog_get loads DIR/NAME.yaml on first use");
	const struct scenario *again = catalog_get(c, "one", &err);
	CHECK(again == sc, "a second get finds the loaded one");
	scenario_free(again);
	buf_reset(&err);
	CHECK(!catalog_get(c, "../one", &err) && strstr(buf_cstr(&err), "never a path outside"),
	      "a name with a path is refused");
	buf_reset(&err);
	const struct scenario *inline_sc = catalog_load_text(c, "body", "scenario: one\n", 14, &err);
	again = catalog_get(c, "one", &err);
	CHECK(inline_sc && again == inline_sc && catalog_count(c) == 1,
	      "a newer version takes the name; the list keeps one per name");
	scenario_free(again);
	buf_reset(&err);
	CHECK(!catalog_load_text(c, "body", "scenario: [\n", 12, &err) &&
		      !strncmp(buf_cstr(&err), "body:", 5), "a broken text gives the loader's messages");
	CHECK(catalog_name_ok("a-b_c.1") && !catalog_name_ok(".x") && !catalog_name_ok("a/b"),
	      "names are file names of the directory only");

	struct engine_options eo = {
		.store = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1},
		.clock_step = 1000, .stateful = 1,
	};
	struct instances *in = instances_new(&eo, 2);
	int status;
	struct engine *a = instances_acquire(in, "a", sc, &err, &status);
	struct engine *a2 = instances_acquire(in, "a", sc, &err, &status);
	CHECK(a && a == a2, "one key, one engine");
	instances_release(in, a);
	instances_release(in, a2);
	buf_reset(&err);
	struct engine *a3 = instances_acquire(in, "a", inline_sc, &err, &status);
	CHECK(a3 == a, "a newer version of the same scenario reaches the same instance");
	instances_release(in, a3);
	const struct scenario *two = catalog_load_text(c, "body", "scenario: two\n", 14, &err);
	buf_reset(&err);
	CHECK(two && !instances_acquire(in, "a", two, &err, &status) && status == 409 &&
		      strstr(buf_cstr(&err), "replays scenario 'one', not 'two'"),
	      "a key used with another scenario is a 409 that says so");
	struct engine *b = instances_acquire(in, "b", sc, &err, &status);
	struct engine *cc = instances_acquire(in, "c", sc, &err, &status);
	CHECK(b && cc && !instances_has(in, "a") && instances_count(in) == 2,
	      "past max, the oldest idle instance is dropped");
	buf_reset(&err);
	CHECK(!instances_acquire(in, "d", sc, &err, &status) && status == 503,
	      "when all are busy, a new one is a 503");
	CHECK(instances_drop(in, "b") == 0 && !instances_has(in, "b"),
	      "a busy instance can be dropped");
	instances_release(in, b); /* freed here, at its last release */
	instances_release(in, cc);
	CHECK(instances_reset(in, "c") == 0 && instances_reset(in, "zz") == -1,
	      "reset finds instances by key");
	CHECK(instances_enter_state(in, "c", "main") == 0 &&
		      instances_enter_state(in, "c", "nope") == -2,
	      "a state is entered by name");
	cJSON *list = instances_json(in);
	CHECK(cJSON_GetArraySize(list) == 1, "the list shows the live instances");
	cJSON_Delete(list);
	buf_reset(&err);
	CHECK(instances_select(in, "c", two, &err) == 0,
	      "instances_select makes an instance replay another scenario");
	struct engine *c2 = instances_acquire(in, "c", sc, &err, &status);
	const struct scenario *now = c2 ? engine_scenario_ref(c2) : NULL;
	CHECK(c2 == cc && now == two, "its clients reach it whatever scenario they name");
	scenario_free(now);
	instances_release(in, c2);
	CHECK(instances_select(in, "new", two, &err) == 0 && instances_has(in, "new"),
	      "selecting for a key with no instance makes one");
	instances_free(in);
	catalog_free(c);
	CHECK(atomic_load(&sc->refs) == 1 && atomic_load(&inline_sc->refs) == 1,
	      "the catalog and the instances gave their references back");
	scenario_free(sc);
	scenario_free(inline_sc);
	scenario_free(two);
	buf_free(&err);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_request_keys();
	test_catalog();
	return tap_done();
}
