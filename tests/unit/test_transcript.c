/* test_transcript.c - the canonical transcript and the HAR export. */
#include <string.h>

#include "admin_json.h"
#include "har.h"
#include "transcript.h"
#include "tap.h"

int main(void)
{
	struct journal *j = journal_new(4);
	struct request_header h[3] = {{"Host", "127.0.0.1:4321"},
				      {"Prefer", "code=404"},
				      {"User-Agent", "x"}};
	struct journal_record r = {
		.method = "GET", .path = "/api/sessions/a", .query = "x=1",
		.req_headers = h, .nreq_headers = 3, .op = -1, .status = 404,
		.content_type = "application/json",
		.resp_headers = "Location: /elsewhere\r\n",
		.resp_body = "{\"a\": 1}\n{\"b\": 2}", .resp_body_len = 17,
		.time_us = 1767225600LL * 1000000, .scenario = "s", .step = "step 1",
	};
	journal_add(j, &r);
	struct buf t = {0};
	transcript_write(j, NULL, &t);
	CHECK_STR(buf_cstr(&t),
		  "### 1 2026-01-01T00:00:00Z (no operation) [s: step 1]\n"
		  "> GET /api/sessions/a?x=1\n"
		  "> Prefer: code=404\n"
		  "< 404 Not Found\n"
		  "< Content-Type: application/json\n"
		  "< Location: /elsewhere\n"
		  "<\n"
		  "< {\"a\": 1}\n"
		  "< {\"b\": 2}\n"
		  "\n",
		  "the transcript keeps answer-changing headers only, and prefixes body lines");
	buf_free(&t);
	struct journal_filter f = {.status = 200, .limit = -1};
	transcript_write(j, &f, &t);
	CHECK(t.len == 0, "the transcript honours the filter");
	buf_free(&t);

	cJSON *har = har_json(j, NULL);
	cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(har, "log"), "entries"), 0);
	cJSON *req = cJSON_GetObjectItem(e, "request"), *resp = cJSON_GetObjectItem(e, "response");
	CHECK_STR(cJSON_GetObjectItem(req, "url")->valuestring, "http://127.0.0.1:4321/api/sessions/a?x=1",
		  "a HAR request's URL is built from the Host header");
	CHECK_STR(cJSON_GetObjectItem(resp, "redirectURL")->valuestring, "/elsewhere",
		  "a HAR response's redirectURL is its Location");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(req, "queryString")) == 1 &&
		      cJSON_GetObjectItem(resp, "status")->valueint == 404,
	      "a HAR entry has the query string and the status");
	cJSON_Delete(har);

	cJSON *o = cJSON_CreateObject();
	json_add_text(o, "k", "a\xff\0b", 4);
	CHECK_STR(cJSON_GetObjectItem(o, "k")->valuestring, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b",
		  "bytes that are not UTF-8, and NUL, become U+FFFD");
	cJSON_Delete(o);
	struct buf err = {0};
	o = admin_parse_object(" {\"a\": 1} \n", 11, &err);
	CHECK(o != NULL, "an object with whitespace around it is read");
	cJSON_Delete(o);
	CHECK(!admin_parse_object("{} {}", 5, &err) &&
		      !strcmp(buf_cstr(&err), "Invalid JSON in body of request"),
	      "bytes after the object are refused");
	buf_free(&err);
	journal_free(j);
	return tap_done();
}
