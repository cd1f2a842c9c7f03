/* test_verify.c - verify patterns, read and counted over a journal. */
#include <string.h>

#include "verify.h"
#include "tap.h"

static void add(struct journal *j, const char *method, const char *path,
		int op, int status, const char *body)
{
	struct journal_record r = {.method = method, .path = path, .op = op,
				   .status = status, .req_body = body,
				   .req_body_len = body ? strlen(body) : 0};
	journal_add(j, &r);
}

static int parse(const char *text, struct verify_pattern *p, struct buf *err)
{
	buf_reset(err);
	verify_pattern_free(p);
	return verify_pattern_parse(text, strlen(text), p, err);
}

static void test_parse(void)
{
	struct verify_pattern p = {0};
	struct buf err = {0};
	CHECK(parse("{}", &p, &err) == 0 && p.min == 1 && p.max == -1 && p.op == -1,
	      "an empty pattern matches anything, at least once");
	CHECK(parse("{\"count\": 2}", &p, &err) == 0 && p.min == 2 && p.max == 2,
	      "a count is an exact number");
	CHECK(parse("{\"count\": {\"max\": 3}}", &p, &err) == 0 && p.min == 0 && p.max == 3,
	      "a range may give one bound");
	CHECK(parse("{\"operation\": \"sessionsGet\"}", &p, &err) == 0 && p.op >= 0,
	      "an operationId is looked up in the spec");
	CHECK(parse("{\"body\": {\"a\": 1}, \"instance\": \"k\"}", &p, &err) == 0 &&
		      p.body && p.has_instance && !strcmp(p.instance, "k"),
	      "a body pattern and an instance are kept");
	CHECK(parse("{\"count\": 1.5}", &p, &err) < 0, "a fractional count is refused");
	CHECK_STR(buf_cstr(&err), "Invalid pattern: 'count' must be a whole number or "
		  "{\"min\": N, \"max\": N} with min <= max", "the count's error says the form");
	CHECK(parse("{\"a\": 1", &p, &err) < 0 &&
		      !strcmp(buf_cstr(&err), "Invalid JSON in body of request"),
	      "broken JSON is refused");
	buf_reset(&err);
	verify_pattern_free(&p);
	static const char surrogate[] = "{\"o\xed\xaa\xaa\": 1}";
	CHECK(verify_pattern_parse(surrogate, sizeof surrogate - 1, &p, &err) < 0 &&
		      !strcmp(buf_cstr(&err), "Request body is not valid UTF-8"),
	      "a body that is not UTF-8 is refused before its keys are quoted "
	      "(found by fuzzing: an encoded surrogate became \\udaaa in the error)");
	CHECK(parse("{\"path\": 1}", &p, &err) < 0 &&
		      strstr(buf_cstr(&err), "'path' must be a string"),
	      "a non-string path is refused");
	verify_pattern_free(&p);
	buf_free(&err);
}

static void test_run(void)
{
	struct journal *j = journal_new(16);
	add(j, "POST", "/api/sessions", 1, 201, "{\"path\": \"a\", \"kernel\": {\"name\": \"py\"}}");
	add(j, "GET", "/api/sessions/x-y", 2, 200, NULL);
	add(j, "POST", "/api/sessions", 1, 201, "{\"path\": \"b\"}");
	struct verify_pattern p = {0};
	struct buf err = {0};
	int held;
	parse("{\"method\": \"POST\", \"body\": {\"kernel\": {\"name\": \"py\"}}, \"count\": 1}", &p, &err);
	cJSON *r = verify_run(j, &p, &held);
	CHECK(held && cJSON_GetObjectItem(r, "count")->valueint == 1,
	      "a nested body subset matches");
	cJSON_Delete(r);
	parse("{\"path\": \"/api/sessions/{id}\"}", &p, &err);
	r = verify_run(j, &p, &held);
	CHECK(held && cJSON_GetObjectItem(r, "count")->valueint == 1,
	      "a {name} segment matches one segment, not the collection");
	cJSON_Delete(r);
	parse("{\"method\": \"POST\", \"body\": {\"path\": \"c\"}, \"count\": 1}", &p, &err);
	r = verify_run(j, &p, &held);
	cJSON *near = cJSON_GetObjectItem(r, "near_misses");
	CHECK(!held && cJSON_GetArraySize(near) == 3, "a failed count lists the near misses");
	CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(near, 0), "seq")->valueint == 1 &&
		      cJSON_GetObjectItem(cJSON_GetArrayItem(near, 2), "seq")->valueint == 2,
	      "the near misses come closest first (one criterion missed before two)");
	cJSON_Delete(r);
	struct journal_entry e = {.method = "GET", .path = "/a", .instance = "",
				  .req_body = "", .op = 3, .status = 404};
	parse("{\"method\": \"POST\", \"status\": 404, \"operation\": \"sessionsList\"}", &p, &err);
	CHECK(verify_misses(&p, &e) == (VERIFY_METHOD | VERIFY_OPERATION),
	      "verify_misses names each criterion failed");
	verify_pattern_free(&p);
	buf_free(&err);
	journal_free(j);
}

int main(void)
{
	test_parse();
	test_run();
	return tap_done();
}
