/* test_access.c - Jupyter's Host and Origin checks. */
#include <string.h>

#include "access.h"
#include "tap.h"

static struct mock_request with(const char *host, const char *origin)
{
	struct mock_request req;
	memset(&req, 0, sizeof req);
	req.method = "POST";
	req.path = "/api/sessions";
	if (host)
		req.headers[req.nheaders++] = (struct request_header){"Host", host};
	if (origin)
		req.headers[req.nheaders++] = (struct request_header){"Origin", origin};
	return req;
}

static int status(const struct access_options *o, const char *host, const char *origin)
{
	struct mock_request req = with(host, origin);
	struct request_refusal r = {0, NULL, 0};
	if (access_check(o, &req, &r) == 0)
		return r.status == 0 ? 200 : -1;
	return r.close ? -2 : r.status;
}

static void test_loopback(void)
{
	CHECK(access_is_loopback("127.0.0.1") && access_is_loopback("127.255.0.9"),
	      "127.0.0.0/8 is loopback");
	CHECK(access_is_loopback("::1"), "::1 is loopback");
	CHECK(!access_is_loopback("0.0.0.0") && !access_is_loopback("10.0.0.1") &&
		      !access_is_loopback("::") && !access_is_loopback("localhost") &&
		      !access_is_loopback("127.1"),
	      "other addresses, names and short forms are not");
}

static void test_host(void)
{
	struct access_options o = {.check_host = 1};
	CHECK(status(&o, "127.0.0.1:8888", NULL) == 200 && status(&o, "localhost", NULL) == 200 &&
		      status(&o, "[::1]:80", NULL) == 200 && status(&o, "127.9.9.9", NULL) == 200,
	      "loopback addresses and localhost, with or without a port, are served");
	CHECK(status(&o, NULL, NULL) == 200, "no Host is served (Tornado reads it as 127.0.0.1)");
	CHECK(status(&o, "evil.example", NULL) == 403 &&
		      status(&o, "localhost.evil.example:1", NULL) == 403 &&
		      status(&o, "LOCALHOST", NULL) == 403 && status(&o, "::1", NULL) == 403 &&
		      status(&o, "localhost:", NULL) == 403,
	      "other names (case counts, as in Jupyter) and a bare IPv6 are refused with 403");
	access_allow_host(&o, "mock.test");
	CHECK(status(&o, "mock.test:9", NULL) == 200 && status(&o, "evil.example", NULL) == 403,
	      "an allowed name is served, others still refused");
	access_allow_host(&o, "*");
	CHECK(status(&o, "evil.example", NULL) == 200, "'*' allows any Host");
	for (int i = o.nhosts; i < ACCESS_MAX_HOSTS; i++)
		access_allow_host(&o, "x");
	CHECK(access_allow_host(&o, "one.too.many") == -1, "at most 16 names");
	struct access_options off = {0};
	CHECK(status(&off, "evil.example", NULL) == 200, "without the check every Host is served");
}

static void test_origin(void)
{
	struct access_options o = {.check_origin = 1};
	CHECK(status(&o, "127.0.0.1:8888", "http://127.0.0.1:8888") == 200 &&
		      status(&o, "localhost:8888", "HTTP://LOCALHOST:8888/x") == 200,
	      "an Origin naming the Host is served (the Origin lowercased)");
	CHECK(status(&o, "127.0.0.1:8888", NULL) == 200 && status(&o, NULL, "http://x") == 200,
	      "without an Origin or a Host the request is served");
	CHECK(status(&o, "127.0.0.1:8888", "http://evil.example") == 404 &&
		      status(&o, "127.0.0.1:8888", "http://127.0.0.1:9999") == 404 &&
		      status(&o, "127.0.0.1:8888", "null") == 404,
	      "another Origin (or null) is Jupyter's 404");
	struct access_options both = {.check_origin = 1, .check_host = 1};
	CHECK(status(&both, "evil.example", "http://other.example") == 404,
	      "the Origin is checked before the Host, as in Jupyter's APIHandler");
}

int main(void)
{
	test_loopback();
	test_host();
	test_origin();
	return tap_done();
}
