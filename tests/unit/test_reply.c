/* test_reply.c - one HTTP response and its bytes. */
#include <stdint.h>
#include <string.h>

#include "reply.h"
#include "tap.h"

#define JAN_1_2026_US (1767225600LL * 1000000)
#define SECURITY                                                              \
	"Date: Thu, 01 Jan 2026 00:00:00 GMT\r\n"                             \
	"X-Content-Type-Options: nosniff\r\n"                                 \
	"Content-Security-Policy: frame-ancestors 'self'; report-uri "        \
	"/api/security/csp-report; default-src 'none'\r\n"

/* The bytes of r as a mock of Jupyter Server's spec sends them. */
static const char *serialize(const struct reply *r)
{
	static char out[2048];
	struct buf b = {0};
	struct reply jupyter = *r; /* a shallow copy, only read */
	jupyter.server_headers = "X-Content-Type-Options: nosniff\r\n"
				 "Content-Security-Policy: frame-ancestors 'self'; report-uri "
				 "/api/security/csp-report; default-src 'none'\r\n";
	reply_serialize(&jupyter, &b, SIZE_MAX);
	snprintf(out, sizeof out, "%s", buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void test_error(void)
{
	struct reply r;
	reply_init(&r);
	CHECK(r.status == 500 && r.body.len == 0 && r.headers.len == 0,
	      "a new reply is an empty 500");
	reply_error(&r, 404, "Session not found: session_id='x'");
	CHECK(r.status == 404, "reply_error sets the status");
	CHECK_STR(buf_cstr(&r.body),
		  "{\"message\": \"Session not found: session_id='x'\", \"reason\": null}",
		  "reply_error writes {\"message\": ..., \"reason\": null}");
	CHECK_STR(r.content_type, "application/json", "an error is application/json");
	reply_error(&r, 400, "say \"\xc3\xbc\"\n");
	CHECK_STR(buf_cstr(&r.body),
		  "{\"message\": \"say \\\"\\u00fc\\\"\\n\", \"reason\": null}",
		  "the message is escaped as json.dumps does");
	reply_free(&r);
}

static void test_other_spec_headers(void)
{
	struct reply r;
	reply_init(&r);
	r.date = JAN_1_2026_US;
	reply_json(&r, 200, "[]", 2);
	struct buf b = {0};
	reply_serialize(&r, &b, SIZE_MAX);
	CHECK_STR(buf_cstr(&b),
		  "HTTP/1.1 200 OK\r\n"
		  "Server: jupyter-sessions-mock\r\n"
		  "Content-Type: application/json\r\n"
		  "Date: Thu, 01 Jan 2026 00:00:00 GMT\r\n"
		  "Content-Length: 2\r\n"
		  "\r\n"
		  "[]",
		  "a spec without x-server-headers (a mock of another spec) gets no Jupyter CSP or nosniff");
	buf_free(&b);
	reply_free(&r);
}

static void test_serialize(void)
{
	struct reply r;
	reply_init(&r);
	r.date = JAN_1_2026_US;
	reply_json(&r, 201, "{\"a\": 1}", 8);
	reply_header(&r, "Location", "/api/sessions/x");
	reply_header(&r, "Etag", "\"e\"");
	CHECK_STR(serialize(&r),
		  "HTTP/1.1 201 Created\r\n"
		  "Server: jupyter-sessions-mock\r\n"
		  "Content-Type: application/json\r\n" SECURITY
		  "Location: /api/sessions/x\r\n"
		  "Etag: \"e\"\r\n"
		  "Content-Length: 8\r\n"
		  "\r\n"
		  "{\"a\": 1}",
		  "headers come in the real server's order, extra ones before Content-Length");
	r.omit_body = 1;
	CHECK(strstr(serialize(&r), "Content-Length: 8\r\n\r\n") != NULL &&
		      strstr(serialize(&r), "{\"a\"") == NULL,
	      "HEAD keeps Content-Length and drops the body");
	r.omit_body = 0;
	r.close = 1;
	CHECK(strstr(serialize(&r), "Content-Length: 8\r\nConnection: close\r\n\r\n") != NULL,
	      "close adds Connection: close after Content-Length");
	reply_free(&r);

	reply_init(&r);
	r.date = JAN_1_2026_US;
	reply_empty(&r, 204);
	CHECK_STR(serialize(&r),
		  "HTTP/1.1 204 No Content\r\n"
		  "Server: jupyter-sessions-mock\r\n" SECURITY "\r\n",
		  "a 204 has no Content-Type, no Content-Length and no body");
	reply_json(&r, 200, "[]", 2);
	reply_empty(&r, 304);
	CHECK_STR(serialize(&r),
		  "HTTP/1.1 304 Not Modified\r\n"
		  "Server: jupyter-sessions-mock\r\n" SECURITY "\r\n",
		  "a 304 has no Content-Type, no Content-Length and no body");
	reply_json(&r, 200, "", 0);
	CHECK(strstr(serialize(&r), "Content-Length: 0\r\n\r\n") != NULL,
	      "an empty JSON body still has Content-Length: 0");
	reply_free(&r);
}

static void test_reasons(void)
{
	CHECK_STR(reply_reason(200), "OK", "200 is OK");
	CHECK_STR(reply_reason(201), "Created", "201 is Created");
	CHECK_STR(reply_reason(405), "Method Not Allowed", "405 is Method Not Allowed");
	CHECK_STR(reply_reason(501), "Not Implemented", "501 is Not Implemented");
	CHECK_STR(reply_reason(418), "Unknown", "an unlisted status is Unknown");
}

static void test_etag_matches(void)
{
	const char *etag = "\"abc\"";
	CHECK(etag_matches("\"abc\"", etag), "an exact If-None-Match matches");
	CHECK(etag_matches("\"x\", \"abc\"", etag), "a list containing the etag matches");
	CHECK(etag_matches("\"x\",\"abc\",\"y\"", etag), "a list without spaces matches");
	CHECK(etag_matches("W/\"abc\"", etag), "the weak form W/\"...\" matches");
	CHECK(etag_matches("*", etag), "* matches any etag");
	CHECK(etag_matches("  *", etag), "* after spaces matches");
	CHECK(!etag_matches("\"abd\"", etag), "another etag does not match");
	CHECK(!etag_matches("abc", etag), "an unquoted value does not match");
	CHECK(!etag_matches("\"abcd\"", etag), "a longer etag does not match");
	CHECK(!etag_matches("\"ab", etag), "an unterminated quote does not match");
	CHECK(!etag_matches("", etag), "an empty header does not match");
	CHECK(!etag_matches("\"x\", *", etag),
	      "a * after an etag does not match (tornado looks at the first only)");
}

static void test_add_etag(void)
{
	struct reply r;
	reply_init(&r);
	reply_json(&r, 200, "[]", 2);
	reply_add_etag(&r, NULL);
	CHECK(r.status == 200, "without If-None-Match the reply stays 200");
	CHECK_STR(buf_cstr(&r.headers), "Etag: \"97d170e1550eee4afc0af065b78cda302a97674c\"\r\n",
		  "the Etag is the quoted SHA-1 of the body");
	reply_free(&r);

	reply_init(&r);
	reply_json(&r, 200, "[]", 2);
	reply_add_etag(&r, "\"0000\"");
	CHECK(r.status == 200 && r.body.len == 2, "a stale If-None-Match keeps the 200");
	reply_free(&r);

	reply_init(&r);
	r.date = JAN_1_2026_US;
	reply_json(&r, 200, "[]", 2);
	reply_add_etag(&r, "W/\"97d170e1550eee4afc0af065b78cda302a97674c\"");
	CHECK(r.status == 304, "a matching If-None-Match turns the 200 into a 304");
	CHECK(r.body.len == 0 && r.content_type == NULL && !r.send_length,
	      "the 304 has no body, Content-Type or Content-Length");
	CHECK_STR(serialize(&r),
		  "HTTP/1.1 304 Not Modified\r\n"
		  "Server: jupyter-sessions-mock\r\n" SECURITY
		  "Etag: \"97d170e1550eee4afc0af065b78cda302a97674c\"\r\n\r\n",
		  "the 304 keeps the Etag header");
	reply_free(&r);
}

static struct rcbuf *shared_text(const char *text)
{
	struct buf b = {0};
	buf_puts(&b, text);
	return rcbuf_take(&b);
}

static void test_shared_body(void)
{
	struct reply r;
	struct buf wire = {0};
	size_t len = 0;
	reply_init(&r);
	reply_json_shared(&r, 200, shared_text("[1, 2]"), "\"known\"");
	reply_serialize(&r, &wire, 4);
	CHECK(strstr(buf_cstr(&wire), "Content-Length: 6\r\n\r\n") != NULL &&
		      !strstr(buf_cstr(&wire), "[1, 2]"),
	      "a shared body longer than max_inline is left out of the headers");
	CHECK(reply_tail(&r, 4, &len) != NULL && len == 6 &&
		      !memcmp(reply_tail(&r, 4, &len), "[1, 2]", 6),
	      "reply_tail gives the shared body that was left out");
	buf_reset(&wire);
	reply_serialize(&r, &wire, SIZE_MAX);
	CHECK(strstr(buf_cstr(&wire), "\r\n\r\n[1, 2]") != NULL &&
		      reply_tail(&r, SIZE_MAX, &len) == NULL,
	      "a shared body within max_inline is written after the headers");
	reply_add_etag(&r, "\"known\"");
	CHECK(r.status == 304 && r.shared == NULL,
	      "a known Etag is used and a matching If-None-Match drops the shared body");
	buf_free(&wire);
	reply_free(&r);
}

/* A worker reuses one reply: reset makes it fresh and keeps its buffers,
 * unless one grew past the cap. */
static void test_reset(void)
{
	struct reply r;
	reply_init(&r);
	reply_json_shared(&r, 201, shared_text("[]"), "\"e\"");
	reply_header(&r, "Location", "/x");
	buf_puts(&r.note, "a note");
	r.close = 1;
	r.omit_body = 1;
	char *headers = r.headers.data;
	reply_reset(&r, 1024);
	CHECK(r.status == 500 && !r.shared && !r.etag[0] && !r.close && !r.omit_body &&
		      r.headers.len == 0 && r.note.len == 0 && r.body.len == 0,
	      "a reset reply is as reply_init leaves one");
	CHECK(r.headers.data == headers, "its buffers keep their memory");
	buf_reserve(&r.body, 4096);
	reply_reset(&r, 1024);
	CHECK(r.body.data == NULL && r.headers.data == headers,
	      "a buffer grown past the cap is freed, the others kept");
	reply_free(&r);
}

static void test_header_line_ends(void)
{
	struct reply r;
	reply_init(&r);
	reply_header(&r, "Location", "/a\r\nSet-Cookie: x=1\r");
	CHECK_STR(buf_cstr(&r.headers), "Location: /a  Set-Cookie: x=1 \r\n",
		  "a CR or LF in a header value is written as a space: no header is injected");
	reply_free(&r);
}

static void test_csp(void)
{
	struct reply r;
	struct buf out = {0};
	reply_init(&r);
	reply_json(&r, 200, "{}", 2);
	r.csp = "default-src 'self'";
	reply_serialize(&r, &out, SIZE_MAX);
	CHECK(strstr(buf_cstr(&out), "\r\nContent-Security-Policy: default-src 'self'\r\n") &&
		      !strstr(buf_cstr(&out), "csp-report"),
	      "a reply's own policy replaces the API's");
	reply_reset(&r, 1024);
	CHECK(r.csp == NULL, "a reset reply has the API's policy again");
	reply_free(&r);
	buf_free(&out);
}

int main(void)
{
	test_reset();
	test_header_line_ends();
	test_csp();
	test_shared_body();
	test_error();
	test_serialize();
	test_other_spec_headers();
	test_reasons();
	test_etag_matches();
	test_add_etag();
	return tap_done();
}
