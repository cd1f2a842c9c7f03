/* test_upstream.c - the recorder's HTTP client. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "request.h"
#include "tap.h"
#include "upstream.h"

static void test_parse_url(void)
{
	struct upstream u;
	struct buf err = {0};
	CHECK(upstream_parse_url("http://127.0.0.1:18888", &u, &err) == 0 &&
		      !strcmp(u.host, "127.0.0.1") && !strcmp(u.port, "18888") &&
		      !strcmp(u.url, "http://127.0.0.1:18888"),
	      "http://127.0.0.1:18888 is host and port");
	CHECK(upstream_parse_url("http://localhost:80/", &u, &err) == 0 &&
		      !strcmp(u.host, "localhost") && !strcmp(u.url, "http://localhost:80"),
	      "a trailing slash is allowed");
	CHECK(upstream_parse_url("http://[::1]:9000", &u, &err) == 0 &&
		      !strcmp(u.host, "::1") && !strcmp(u.url, "http://[::1]:9000"),
	      "an IPv6 address is written in brackets");
	const char *bad[] = {"https://h:1", "http://h", "http://:80", "http://h:0",
			     "http://h:70000", "http://h:80/api", "h:80", NULL};
	for (int i = 0; bad[i]; i++) {
		buf_reset(&err);
		CHECK(upstream_parse_url(bad[i], &u, &err) == -1 &&
			      strstr(buf_cstr(&err), "must be http://HOST:PORT"),
		      "a bad upstream url is refused with the form expected");
	}
	buf_free(&err);
}

static int parse(const char *bytes, struct upstream_reply *r, struct buf *err)
{
	memset(r, 0, sizeof *r);
	buf_reset(err);
	return upstream_parse_reply(bytes, strlen(bytes), r, err);
}

static void test_parse_reply(void)
{
	struct upstream_reply r;
	struct buf err = {0};
	CHECK(parse("HTTP/1.1 201 Created\r\nLocation: /api/sessions/x\r\n"
		    "Content-Length: 2\r\n\r\n{}tail", &r, &err) == 0 &&
		      r.status == 201 && !strcmp(r.reason, "Created") &&
		      r.body.len == 2 && !memcmp(r.body.data, "{}", 2) &&
		      !strcmp(upstream_header(&r, "location"), "/api/sessions/x") &&
		      !upstream_header(&r, "Etag"),
	      "status, reason, headers (any case) and a Content-Length body");
	upstream_reply_free(&r);
	CHECK(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		    "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", &r, &err) == 0 &&
		      r.body.len == 5 && !memcmp(r.body.data, "abcde", 5),
	      "a chunked body is de-chunked");
	upstream_reply_free(&r);
	CHECK(parse("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nto the end", &r, &err) == 0 &&
		      r.body.len == 10,
	      "without a length, the body runs to the close");
	upstream_reply_free(&r);
	CHECK(parse("HTTP/1.1 204 No Content\r\n\r\n", &r, &err) == 0 &&
		      r.status == 204 && r.body.len == 0,
	      "a 204 has no body");
	upstream_reply_free(&r);
	CHECK(parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", &r, &err) == -1 &&
		      strstr(buf_cstr(&err), "the body is cut: 3 of 10 bytes"),
	      "a body shorter than its Content-Length is an error");
	upstream_reply_free(&r);
	CHECK(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", &r, &err) == -1 &&
		      strstr(buf_cstr(&err), "chunked"),
	      "a malformed chunked body is an error");
	upstream_reply_free(&r);
	CHECK(parse("garbage\r\n\r\n", &r, &err) == -1 &&
		      strstr(buf_cstr(&err), "not HTTP/1.x"),
	      "bytes that are no HTTP answer are an error");
	upstream_reply_free(&r);
	CHECK(parse("HTTP/1.1 200 OK\r\n", &r, &err) == -1,
	      "an answer without the end of its headers is an error");
	upstream_reply_free(&r);
	buf_free(&err);
}

/* A one-shot server: keeps what it was sent, answers fixed bytes. */
struct one_shot {
	int listen_fd, port;
	char got[4096];
};

static void *serve_once(void *arg)
{
	struct one_shot *s = arg;
	int fd = accept(s->listen_fd, NULL, NULL);
	size_t n = 0;
	while (fd >= 0 && n < sizeof s->got - 1) {
		ssize_t r = recv(fd, s->got + n, sizeof s->got - 1 - n, 0);
		if (r <= 0)
			break;
		n += (size_t)r;
		s->got[n] = '\0';
		if (strstr(s->got, "\r\n\r\n{\"a\": 1}"))
			break;
	}
	static const char answer[] = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
				     "Content-Length: 8\r\nConnection: close\r\n\r\n{\"b\": 2}";
	if (fd >= 0) {
		send(fd, answer, sizeof answer - 1, 0);
		close(fd);
	}
	return NULL;
}

static void test_exchange(void)
{
	struct one_shot s = {0};
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	s.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	bind(s.listen_fd, (struct sockaddr *)&a, sizeof a);
	listen(s.listen_fd, 1);
	getsockname(s.listen_fd, (struct sockaddr *)&a, &len);
	s.port = ntohs(a.sin_port);
	pthread_t t;
	pthread_create(&t, NULL, serve_once, &s);

	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", s.port);
	struct upstream u;
	struct buf err = {0};
	upstream_parse_url(url, &u, &err);
	struct mock_request req = {.method = "POST", .path = "/api/sessions", .query = "x=1",
				   .body = "{\"a\": 1}", .body_len = 8, .nheaders = 3};
	req.headers[0] = (struct request_header){"Accept-Encoding", "gzip"};
	req.headers[1] = (struct request_header){"X-Mine", "kept"};
	req.headers[2] = (struct request_header){"Connection", "keep-alive"};
	struct upstream_reply r;
	memset(&r, 0, sizeof r);
	int rc = upstream_exchange(&u, &req, 10000, &r, &err);
	pthread_join(t, NULL);
	close(s.listen_fd);
	CHECK(rc == 0 && r.status == 201 && r.body.len == 8 &&
		      !memcmp(r.body.data, "{\"b\": 2}", 8),
	      "an exchange brings the whole answer back");
	CHECK(strncmp(s.got, "POST /api/sessions?x=1 HTTP/1.1\r\n", 33) == 0,
	      "the request line keeps the path and query");
	CHECK(strstr(s.got, "X-Mine: kept\r\n") && strstr(s.got, "Content-Length: 8\r\n") &&
		      strstr(s.got, "Connection: close\r\n") &&
		      !strstr(s.got, "Accept-Encoding") && !strstr(s.got, "keep-alive"),
	      "its own headers go along, hop-by-hop ones and Accept-Encoding do not");
	upstream_reply_free(&r);

	buf_reset(&err);
	memset(&r, 0, sizeof r);
	CHECK(upstream_exchange(&u, &req, 1000, &r, &err) == -1 &&
		      strstr(buf_cstr(&err), "cannot connect to http://127.0.0.1:"),
	      "a closed port is an error that names the upstream");
	upstream_reply_free(&r);
	buf_free(&err);
}

int main(void)
{
	test_parse_url();
	test_parse_reply();
	test_exchange();
	return tap_done();
}
