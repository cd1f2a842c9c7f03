/* test_request.c - the readers of a request: headers and query values. */
#include <string.h>

#include "request.h"
#include "tap.h"

static void test_header(void)
{
	struct mock_request req = {.nheaders = 2,
				   .headers = {{"Content-Type", "a"}, {"X-Two", "b"}}};
	CHECK_STR(request_header(&req, "content-type"), "a",
		  "request_header compares names case-insensitively");
	CHECK(request_header(&req, "X-Three") == NULL, "a missing header is NULL");
}

static void test_query(void)
{
	struct mock_request req = {.query = "a=1&code=5%2F0+x&flag&a=2&bad=%4&hex=%4a"};
	struct buf v = {0};
	CHECK(request_query(&req, "code", &v) == 0 &&
		      strcmp(buf_cstr(&v), "5/0 x") == 0,
	      "a query value is decoded: %XX is a byte, + a space");
	buf_reset(&v);
	CHECK(request_query(&req, "a", &v) == 0 && strcmp(buf_cstr(&v), "1") == 0,
	      "of a parameter given twice, the first counts");
	buf_reset(&v);
	CHECK(request_query(&req, "flag", &v) == 0 && strcmp(buf_cstr(&v), "") == 0,
	      "a parameter without '=' is present and empty");
	buf_reset(&v);
	CHECK(request_query(&req, "bad", &v) == 0 && strcmp(buf_cstr(&v), "%4") == 0,
	      "a cut %-escape is kept as it is");
	buf_reset(&v);
	CHECK(request_query(&req, "hex", &v) == 0 && strcmp(buf_cstr(&v), "J") == 0,
	      "hex digits of either case decode");
	buf_reset(&v);
	CHECK(request_query(&req, "fla", &v) == -1 && v.len == 0,
	      "a name that is only a prefix of another is absent");
	struct mock_request none = {0};
	CHECK(request_query(&none, "a", &v) == -1, "a request without a query has no value");
	CHECK(query_value("x=%41", "x", &v) == 0 && strcmp(buf_cstr(&v), "A") == 0,
	      "query_value reads a raw query string");
	buf_free(&v);
}

int main(void)
{
	test_header();
	test_query();
	return tap_done();
}
