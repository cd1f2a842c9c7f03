/* test_spec_answer.c - answers from spec/sessions.yaml alone: responses,
 * named examples in json.dumps style, and schema samples.  Operations and
 * schemas are looked up by operationId and name, never by index. */
#include <string.h>

#include "spec_answer.h"
#include "spec_tables.h"
#include "tap.h"


static int op_named(const char *id)
{
	for (int i = 0; i < spec_operation_count; i++)
		if (strcmp(spec_operations[i].operation_id, id) == 0)
			return i;
	return -1;
}

static int schema_named(const char *name)
{
	for (int i = 0; i < spec_schema_count; i++)
		if (spec_schemas[i].name && strcmp(spec_schemas[i].name, name) == 0)
			return i;
	return -1;
}

static const char *sample(int schema)
{
	static char out[1024];
	struct buf b = {0};
	spec_sample(schema, &b);
	snprintf(out, sizeof out, "%s", buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void test_find_response(int create, int get, int del)
{
	int r201 = spec_find_response(create, 201);
	CHECK(r201 >= 0 && strcmp(spec_responses[r201].status, "201") == 0,
	      "an exact status finds its response");
	int r501 = spec_find_response(create, 501);
	CHECK(r501 >= 0 && strcmp(spec_responses[r501].status, "501") == 0,
	      "an error status finds its response");
	CHECK(r201 >= spec_operations[create].responses &&
		      r201 < spec_operations[create].responses + spec_operations[create].nresponses,
	      "the response found is one of the operation's own");
	CHECK(spec_find_response(create, 404) == -1,
	      "a status the operation does not declare (and no default) is -1");
	CHECK(spec_find_response(get, 201) == -1, "GET declares no 201");
	int r304 = spec_find_response(get, 304);
	CHECK(r304 >= 0 && strcmp(spec_responses[r304].status, "304") == 0,
	      "a shared $ref response is found by its status");
	int status = 0;
	CHECK(spec_first_success(create, &status) == r201 && status == 201,
	      "the first success of sessionsCreate is its 201");
	CHECK(spec_first_success(del, &status) == spec_find_response(del, 204) && status == 204,
	      "the first success of sessionsDelete is its 204");
}

static void test_examples(int create, int get)
{
	int r201 = spec_find_response(create, 201);
	int first = spec_find_example(r201, NULL);
	CHECK(first >= 0 && strcmp(spec_examples[first].name, "notebook") == 0,
	      "without a name the first example is found");
	int console = spec_find_example(r201, "console");
	CHECK(console >= 0 && strcmp(spec_examples[console].name, "console") == 0,
	      "a named example is found");
	CHECK(spec_find_example(r201, "nope") == -1, "an unknown example name is -1");
	CHECK(spec_find_example(spec_find_response(get, 304), NULL) == -1,
	      "a response without a body has no example");

	struct reply r;
	reply_init(&r);
	CHECK(spec_answer(r201, 201, "console", &r) == 0, "answering a named example succeeds");
	CHECK(r.status == 201, "the answer has the status asked for");
	CHECK_STR(r.content_type, "application/json", "the answer has the media type");
	CHECK_STR(buf_cstr(&r.body),
		  "{\"id\": \"5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e02\", \"path\": \"console-1\", "
		  "\"name\": \"Console 1\", \"type\": \"console\", \"kernel\": "
		  "{\"id\": \"7f3e9b2c-1a4d-4e8f-b6c5-0d2e4f6a8b02\", \"name\": \"python3\", "
		  "\"last_activity\": \"2026-01-01T00:00:00.000002Z\", "
		  "\"execution_state\": \"starting\", \"connections\": 0}}",
		  "the named example is written in json.dumps style, keys in spec order");
	CHECK(strncmp(buf_cstr(&r.headers), "Location: ", 10) == 0,
	      "the required Location header is added");
	CHECK(strcmp(buf_cstr(&r.headers),
			  "Location: /api/sessions/5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01\r\n") == 0,
		   "the required Location header takes the header's example from the spec");
	reply_free(&r);

	reply_init(&r);
	CHECK(spec_answer(r201, 201, "nope", &r) == -1, "answering an unknown example is -1");
	CHECK(r.status == 500 && r.body.len == 0 && r.headers.len == 0 && !r.content_type,
	      "an unknown example leaves the reply untouched");
	reply_free(&r);

	reply_init(&r);
	int r400 = spec_find_response(create, 400);
	CHECK(spec_answer(r400, 400, "missingType", &r) == 0 &&
		      strcmp(buf_cstr(&r.body),
			     "{\"message\": \"Missing field in JSON data: type\", \"reason\": null}") == 0,
	      "an error example keeps null and the real server's bytes");
	reply_free(&r);

	reply_init(&r);
	int list = spec_find_response(op_named("sessionsList"), 200);
	CHECK(spec_answer(list, 200, "empty", &r) == 0 && strcmp(buf_cstr(&r.body), "[]") == 0,
	      "the empty list example is []");
	reply_free(&r);

	reply_init(&r);
	int r404 = spec_find_response(get, 404);
	CHECK(spec_answer(r404, 404, "kernelCulled", &r) == 0 &&
		      strcmp(buf_cstr(&r.body),
			     "{\"message\": \"Session not found: \\\"Kernel "
			     "'7f3e9b2c-1a4d-4e8f-b6c5-0d2e4f6a8b01' appears to have been "
			     "culled or died unexpectedly, invalidating session "
			     "'5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01'. The session has been "
			     "removed.\\\"\", \"reason\": null}") == 0,
	      "an example with quotes inside is escaped as json.dumps does");
	reply_free(&r);
}

static void test_no_body(int get, int del)
{
	struct reply r;
	reply_init(&r);
	CHECK(spec_answer(spec_find_response(del, 204), 204, NULL, &r) == 0 && r.status == 204,
	      "a response without content is answered");
	CHECK(r.body.len == 0 && r.content_type == NULL && !r.send_length,
	      "a response without content has no body, type or length");
	reply_free(&r);
	reply_init(&r);
	CHECK(spec_answer(spec_find_response(get, 304), 304, NULL, &r) == 0 &&
		      r.status == 304 && strncmp(buf_cstr(&r.headers), "Etag: ", 6) == 0,
	      "a 304 (no body) carries the Etag header it declares, optional as it is");
	reply_free(&r);
	reply_init(&r);
	CHECK(spec_answer(spec_find_response(del, 204), 204, "x", &r) == -1,
	      "a named example of a response without content is -1");
	reply_free(&r);
}

static void test_samples(void)
{
	CHECK_STR(sample(-1), "null", "the sample of no schema is null");
	CHECK_STR(sample(schema_named("Kernel")),
		  "{\"id\": \"00000000-0000-4000-8000-000000000000\", \"name\": \"string\", "
		  "\"last_activity\": \"2026-01-01T00:00:00Z\", \"execution_state\": \"starting\", "
		  "\"connections\": 0, \"reason\": \"string\"}",
		  "a Kernel sample follows formats, the first enum member and the minimum");
	CHECK_STR(sample(schema_named("SessionUpdate")),
		  "{\"path\": \"string\", \"name\": \"string\", \"type\": \"string\", "
		  "\"kernel\": {\"id\": \"string\", \"name\": \"string\"}, "
		  "\"notebook\": {\"path\": \"string\"}}",
		  "a SessionUpdate sample nests its referenced schemas");
	CHECK(strcmp(sample(schema_named("SessionCreate")),
			  "{\"path\": \"string\", \"name\": \"string\", \"type\": \"string\", "
			  "\"kernel\": {\"id\": \"string\", \"name\": \"string\"}}") == 0,
		   "a SessionCreate sample (an anyOf) is its first form's object, path and type");
	const char *prefix =
		"{\"id\": \"00000000-0000-4000-8000-000000000000\", \"path\": "
		"\"string\", \"name\": \"string\", \"type\": \"string\", "
		"\"kernel\": {\"id\": ";
	CHECK(strncmp(sample(schema_named("Session")), prefix, strlen(prefix)) == 0,
	      "a Session sample has its keys in spec order");
	CHECK(strstr(sample(schema_named("Session")),
		     ", \"notebook\": {\"path\": \"string\", \"name\": \"string\"}}") != NULL,
	      "a Session sample ends with its inline notebook object");
}

static void test_example_response(void)
{
	int op = op_named("sessionsCreate"), status = 0;
	int resp = spec_find_example_response(op, "kernelNotAvailable", &status);
	CHECK(resp >= 0 && status == 501 && !strcmp(spec_responses[resp].status, "501"),
	      "the response holding an example is found, with its status");
	resp = spec_find_example_response(op, "console", &status);
	CHECK(resp >= 0 && status == 201, "a success's example answers with its code");
	CHECK(spec_find_example_response(op, "nope", &status) == -1,
	      "an example no response holds is -1");
}

int main(void)
{
	test_example_response();
	int create = op_named("sessionsCreate");
	int get = op_named("sessionsGet");
	int del = op_named("sessionsDelete");
	CHECK(create >= 0 && get >= 0 && del >= 0,
	      "the spec has sessionsCreate, sessionsGet and sessionsDelete");
	if (create >= 0 && get >= 0 && del >= 0) {
		test_find_response(create, get, del);
		test_examples(create, get);
		test_no_body(get, del);
		test_samples();
	}
	return tap_done();
}
