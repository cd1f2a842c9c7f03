/* test_request_head.c - heads civetweb would read differently from others.
 *
 * Each head is laid out as civetweb 1.15 leaves it after parsing (colons,
 * spaces before them and line ends turned to NUL bytes); the e2e attack
 * tests send the same heads to the real library. */
#include <string.h>

#include <civetweb.h>

#include "request_head.h"
#include "tap.h"

static char buf[8192];
static size_t len;
static struct mg_request_info ri;

static char *put(const char *s, size_t n)
{
	char *at = buf + len;
	memcpy(at, s, n);
	len += n;
	return at;
}

/* "GET / HTTP/1.1" and the NULs civetweb made of the blank space after
 * it: 2 for CRLF, 1 for LF, 3 for "\r\r\n", 4 for "\r\n\r\n". */
static void start(int nuls)
{
	memset(buf, 'Z', sizeof buf); /* what follows a head: stale bytes */
	memset(&ri, 0, sizeof ri);
	len = 0;
	ri.request_method = put("GET\0/\0HTTP/", 11);
	ri.http_version = put("1.1", 3);
	put("\0\0\0\0", (size_t)nuls);
}

/* A header line; between is what civetweb left between name and value
 * ("\0 " for "Name: value", "\0\0 " for "Name : value"). */
static void header(const char *name, const char *between, size_t between_len,
		   const char *value, const char *eol, size_t eol_len)
{
	ri.http_headers[ri.num_headers].name = put(name, strlen(name));
	put(between, between_len);
	ri.http_headers[ri.num_headers].value = put(value, strlen(value));
	put(eol, eol_len);
	ri.num_headers++;
}

static void crlf(const char *name, const char *value)
{
	header(name, "\0 ", 2, value, "\0\0", 2);
}

/* The head's end after the last header: "\r\0" for CRLF. */
static int check(const char *tail, size_t tail_len, int *status)
{
	put(tail, tail_len);
	struct request_refusal r = {0, NULL, 0};
	int rc = request_head_check(&ri, &r);
	*status = rc == 0 ? (r.status ? -1 : 200) : (r.close ? r.status : -2);
	return rc;
}

static int head_with(const char *name1, const char *value1, const char *name2,
		     const char *value2)
{
	int status;
	start(2);
	crlf("Host", "127.0.0.1");
	if (name1)
		crlf(name1, value1);
	if (name2)
		crlf(name2, value2);
	check("\r\0", 2, &status);
	return status;
}

static void test_framing(void)
{
	CHECK(head_with(NULL, NULL, NULL, NULL) == 200, "a plain head is served");
	CHECK(head_with("Content-Length", "12", NULL, NULL) == 200, "a Content-Length is served");
	CHECK(head_with("Transfer-Encoding", "chunked", NULL, NULL) == 200,
	      "Transfer-Encoding: chunked alone is served");
	CHECK(head_with("Content-Length", "12", "Transfer-Encoding", "chunked") == 400 &&
		      head_with("transfer-encoding", "chunked", "content-length", "3") == 400,
	      "Content-Length with Transfer-Encoding is a 400 that closes, in either order");
	CHECK(head_with("Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked") == 400,
	      "Transfer-Encoding twice is a 400");
	CHECK(head_with("Transfer-Encoding", "CHUNKED", NULL, NULL) == 400 &&
		      head_with("Transfer-Encoding", "gzip, chunked", NULL, NULL) == 400 &&
		      head_with("Transfer-Encoding", "identity", NULL, NULL) == 400,
	      "a Transfer-Encoding other than 'chunked' is a 400");
	CHECK(head_with("Content-Length", "3", "Content-Length", "4") == 400,
	      "two different Content-Lengths are a 400");
	CHECK(head_with("Content-Length", "3", "Content-Length", "3") == 200,
	      "the same Content-Length twice is served (Tornado joins them)");
	CHECK(head_with("Content-Length", "+3", NULL, NULL) == 400 &&
		      head_with("Content-Length", "3x", NULL, NULL) == 400 &&
		      head_with("Content-Length", "", NULL, NULL) == 400,
	      "a Content-Length that is not all digits is a 400");
}

static void test_layout(void)
{
	int status;
	start(2);
	header("Host", "\0\0 ", 3, "x", "\0\0", 2);
	check("\r\0", 2, &status);
	CHECK(status == 400, "a space before a header's colon is a 400");
	start(2);
	header("X-Empty", "\0", 1, "", "\0\0", 2);
	check("\r\0", 2, &status);
	CHECK(status == 200, "an empty value right after the colon is served");

	start(2);
	crlf("Host", "x");
	check("\rX-Evil: 1\r\n\r\0", 14, &status);
	CHECK(status == 400, "a line that starts with a bare CR (civetweb stops there) is a 400");
	start(2);
	crlf("Host", "x");
	check(" folded\r\n\r\0", 11, &status);
	CHECK(status == 400, "a folded line is a 400");
	start(3);
	crlf("Host", "x");
	check("\r\0", 2, &status);
	CHECK(status == 400, "a bare CR after the request line is a 400");

	start(1);
	header("Host", "\0 ", 2, "x", "\0", 1);
	header("Accept", "\0 ", 2, "*/*", "\0", 1);
	check("\0", 1, &status);
	CHECK(status == 200, "bare LF line ends throughout are served, as Tornado does");
	start(1);
	header("Host", "\0 ", 2, "x", "\0\0", 2);
	header("Accept", "\0 ", 2, "*/*", "\0", 1);
	check("\0", 1, &status);
	CHECK(status == 400, "mixed line ends are a 400");

	start(2);
	char name[16];
	for (int i = 0; i < 64; i++) {
		snprintf(name, sizeof name, "X-H%d", i);
		ri.http_headers[ri.num_headers].name = put(name, strlen(name) + 1);
		put(" ", 1);
		ri.http_headers[ri.num_headers].value = put("v", 1);
		put("\0\0", 2);
		ri.num_headers++;
	}
	size_t at64 = len;
	check("\r\0", 2, &status);
	CHECK(status == 200, "64 headers are served");
	len = at64;
	check("X-H64: v\r\n\r\0", 12, &status);
	CHECK(status == 431, "a 65th header (which civetweb drops) is a 431");

	start(4);
	check("", 0, &status);
	CHECK(status == 200, "a head without headers is served");
	start(2);
	check(": x\r\n\r\0", 7, &status);
	CHECK(status == 400, "a head whose one line has no name is a 400");
}

int main(void)
{
	test_framing();
	test_layout();
	return tap_done();
}
