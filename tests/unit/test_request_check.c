/* test_request_check.c - the body read once under the real server's rules,
 * its verdict, and the one strict/warn/off policy. */
#include <string.h>

#include "optable.h"
#include "request_check.h"
#include "router.h"
#include "spec_tables.h"
#include "tap.h"

#define ERR(msg) "{\"message\": \"" msg "\", \"reason\": null}"

static int op_named(const char *id)
{
	for (int i = 0; i < spec_operation_count; i++)
		if (strcmp(spec_operations[i].operation_id, id) == 0)
			return i;
	return -1;
}

static struct reply r;
static struct validator *val;
static struct request_check check;

/* Checks body as the body of a POST /api/sessions in mode. */
static void begin(const char *body, enum validate_mode mode)
{
	struct mock_request req = {.method = "POST", .path = "/api/sessions",
				   .body = body, .body_len = body ? strlen(body) : 0};
	reply_free(&r);
	reply_init(&r);
	request_check_end(&check);
	request_check_begin(&check, val, mode, op_named("sessionsCreate"), &req);
}

static const char *body_text(void)
{
	size_t len;
	const char *t = reply_body(&r, &len);
	return t ? t : "";
}

static void test_read(void)
{
	begin(" {\"path\": \"a\", \"type\": \"file\"}\n", VALIDATE_STRICT);
	CHECK(cJSON_IsObject(check.body) && !check.refusal && check.body_rule.len == 0,
	      "a body with whitespace around it is read, and keeps its schema");
	begin("{} {}", VALIDATE_STRICT);
	CHECK(!check.body && check.refusal &&
		      !strcmp(check.refusal, "Invalid JSON in body of request"),
	      "trailing bytes make the body unreadable");
	begin("{\"path\": \"\xff\"}", VALIDATE_STRICT);
	CHECK(check.refusal && !strcmp(check.refusal, "Request body is not valid UTF-8"),
	      "bytes that are not UTF-8 are refused");
	begin(NULL, VALIDATE_STRICT);
	CHECK(!check.body && !check.refusal, "an empty body is neither read nor refused");
	begin("{\"path\": 5, \"type\": \"file\"}", VALIDATE_STRICT);
	CHECK_STR(buf_cstr(&check.body_rule), "path: expected string, got number",
		  "the first rule of the body schema broken is the verdict");
	begin("{\"path\": 5, \"type\": \"file\"}", VALIDATE_OFF);
	CHECK(check.body && check.body_rule.len == 0, "validation off checks no rule");
}

static void test_policy(void)
{
	struct mock_request req = {.method = "POST", .path = "/api/sessions"};
	struct route_match m = {.op = op_named("sessionsCreate")};
	struct op_call call = {.op = m.op, .req = &req, .route = &m, .check = &check};
	begin("{\"path\": 5, \"type\": \"file\"}", VALIDATE_STRICT);
	CHECK(request_check_body_rule(&call, "Invalid JSON data: ", &r) == -1 &&
		      r.status == 400 &&
		      !strcmp(body_text(), ERR("Invalid JSON data: path: expected string, got number")),
	      "strict: a 400 with the prefix and the rule");
	begin("{\"path\": 5, \"type\": \"file\"}", VALIDATE_WARN);
	CHECK(request_check_body_rule(&call, "Invalid JSON data: ", &r) == 0 &&
		      !strcmp(buf_cstr(&r.note), "validation: path: expected string, got number"),
	      "warn: the rule is noted, the request goes on");
	begin("{\"path\": 5}", VALIDATE_WARN);
	req.body = "x";
	req.body_len = 1;
	CHECK(request_check_enforce(&check, &req, &m, &r) == 0 && r.note.len,
	      "enforcing in warn mode notes and goes on");
	begin("[1", VALIDATE_STRICT);
	CHECK(request_check_enforce(&check, &req, &m, &r) == -1 &&
		      !strcmp(body_text(), ERR("Invalid JSON in body of request")),
	      "enforcing in strict mode answers an unreadable body's 400");
	req.body_len = 0;
	begin(NULL, VALIDATE_STRICT);
	CHECK(request_check_enforce(&check, &req, &m, &r) == -1 &&
		      !strcmp(body_text(), ERR("No JSON data provided")),
	      "a required body that is missing is a 400");
	begin(NULL, VALIDATE_OFF);
	CHECK(request_check_enforce(&check, &req, &m, &r) == 0 && r.status != 400,
	      "validation off enforces nothing");
	begin("null", VALIDATE_OFF);
	CHECK(request_check_json(&call, &r) == NULL &&
		      !strcmp(body_text(), ERR("No JSON data provided")),
	      "JSON null is no data to a handler that reads the body, whatever the mode");
	begin("{}", VALIDATE_OFF);
	CHECK(request_check_json(&call, &r) == check.body && check.body,
	      "a readable body is handed to the handler");
}

int main(void)
{
	val = validator_new();
	reply_init(&r);
	test_read();
	test_policy();
	request_check_end(&check);
	reply_free(&r);
	validator_free(val);
	return tap_done();
}
