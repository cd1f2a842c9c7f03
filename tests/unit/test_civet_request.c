/* test_civet_request.c - civetweb's request info read as a mock_request. */
#include <string.h>

#include "civet_request.h"
#include "tap.h"

static void test_fill(void)
{
	struct mg_request_info ri;
	memset(&ri, 0, sizeof ri);
	ri.request_method = "GET";
	ri.local_uri = "/api/kernels/a%2Fb";
	ri.local_uri_raw = "/api/kernels/a/b";
	ri.query_string = "x=1";
	ri.num_headers = 2;
	ri.http_headers[0].name = "Host";
	ri.http_headers[0].value = "127.0.0.1";
	ri.http_headers[1].name = "X-Mock-Scenario";
	ri.http_headers[1].value = "demo; instance=w1";
	struct mock_request req;
	civet_request_fill(&ri, "{}", 2, &req);
	CHECK_STR(req.method, "GET", "the method");
	CHECK_STR(req.path, "/api/kernels/a/b", "the raw path when civetweb has one");
	CHECK_STR(req.query, "x=1", "the query string");
	CHECK(req.body_len == 2 && !memcmp(req.body, "{}", 2), "the body given");
	CHECK(req.nheaders == 2, "every header");
	CHECK_STR(request_header(&req, "x-mock-scenario"), "demo; instance=w1",
		  "headers are found as any request's");
	ri.local_uri_raw = NULL;
	ri.local_uri = NULL;
	civet_request_fill(&ri, NULL, 0, &req);
	CHECK_STR(req.path, "", "no path reads as the empty path");
	CHECK(req.body == NULL && req.body_len == 0, "no body");
}

static void test_header_bound(void)
{
	struct mg_request_info ri;
	memset(&ri, 0, sizeof ri);
	ri.request_method = "GET";
	ri.local_uri = "/";
	ri.num_headers = REQUEST_MAX_HEADERS < 64 ? REQUEST_MAX_HEADERS + 1 : 64;
	for (int i = 0; i < ri.num_headers; i++) {
		ri.http_headers[i].name = "X";
		ri.http_headers[i].value = "v";
	}
	struct mock_request req;
	civet_request_fill(&ri, NULL, 0, &req);
	CHECK(req.nheaders <= REQUEST_MAX_HEADERS, "never more headers than the struct holds");
}

int main(void)
{
	test_fill();
	test_header_bound();
	return tap_done();
}
