/* upstream.c - one HTTP/1.1 exchange with a real server, over a socket. */
#define _GNU_SOURCE /* memmem, strcasestr */
#include "upstream.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "request.h"

int upstream_parse_url(const char *url, struct upstream *u, struct buf *err)
{
	memset(u, 0, sizeof *u);
	if (strncmp(url, "http://", 7) != 0) {
		buf_printf(err, "the upstream must be http://HOST:PORT, not '%s'", url);
		return -1;
	}
	const char *host = url + 7, *end;
	if (*host == '[') {
		end = strchr(host, ']');
		if (!end || end[1] != ':')
			goto bad;
		snprintf(u->host, sizeof u->host, "%.*s", (int)(end - host - 1), host + 1);
		end++;
	} else {
		end = strchr(host, ':');
		if (!end || end == host || (size_t)(end - host) >= sizeof u->host)
			goto bad;
		snprintf(u->host, sizeof u->host, "%.*s", (int)(end - host), host);
	}
	const char *port = end + 1;
	size_t n = strspn(port, "0123456789");
	if (n == 0 || n > 5 || (port[n] && strcmp(port + n, "/") != 0) ||
	    atoi(port) < 1 || atoi(port) > 65535)
		goto bad;
	snprintf(u->port, sizeof u->port, "%.*s", (int)n, port);
	snprintf(u->url, sizeof u->url, "http://%s%s%s:%s", *host == '[' ? "[" : "",
		 u->host, *host == '[' ? "]" : "", u->port);
	return 0;
bad:
	buf_printf(err, "the upstream must be http://HOST:PORT, not '%s'", url);
	return -1;
}

static int connect_to(const struct upstream *u, struct buf *err)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
	int rc = getaddrinfo(u->host, u->port, &hints, &res);
	if (rc != 0) {
		buf_printf(err, "cannot resolve '%s': %s", u->host, gai_strerror(rc));
		return -1;
	}
	int fd = -1, why = 0;
	for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
			why = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		buf_printf(err, "cannot connect to %s: %s", u->url, strerror(why));
	return fd;
}

/* Headers a proxy does not pass on (RFC 9110 7.6.1), and the ones it
 * sets itself. */
static int hop_by_hop(const char *name)
{
	static const char *const names[] = {
		"connection", "keep-alive", "proxy-connection", "proxy-authorization",
		"te", "trailer", "transfer-encoding", "upgrade", "host",
		"content-length", "accept-encoding", NULL};
	for (int i = 0; names[i]; i++)
		if (!strcasecmp(name, names[i]))
			return 1;
	return 0;
}

static void write_request(const struct upstream *u, const struct mock_request *req,
			  struct buf *out)
{
	buf_printf(out, "%s %s%s%s HTTP/1.1\r\nHost: %s:%s\r\n", req->method,
		   req->path, req->query ? "?" : "", req->query ? req->query : "",
		   u->host, u->port);
	for (int i = 0; i < req->nheaders; i++)
		if (!hop_by_hop(req->headers[i].name))
			buf_printf(out, "%s: %s\r\n", req->headers[i].name,
				   req->headers[i].value);
	buf_printf(out, "Content-Length: %zu\r\nConnection: close\r\n\r\n",
		   req->body_len);
	if (req->body_len)
		buf_append(out, req->body, req->body_len);
}

static int send_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads until the server closes, within timeout_ms in all. */
static int read_all(int fd, int timeout_ms, struct buf *in, struct buf *err)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	char chunk[16384];
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long spent = (now.tv_sec - start.tv_sec) * 1000 +
			     (now.tv_nsec - start.tv_nsec) / 1000000;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int ready = spent < timeout_ms ? poll(&p, 1, (int)(timeout_ms - spent)) : 0;
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0) {
			buf_printf(err, "no whole answer within %d ms", timeout_ms);
			return -1;
		}
		ssize_t n = recv(fd, chunk, sizeof chunk, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			buf_printf(err, "reading the answer: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		if (in->len + (size_t)n > UPSTREAM_MAX_REPLY) {
			buf_printf(err, "the answer is larger than %zu bytes",
				   UPSTREAM_MAX_REPLY);
			return -1;
		}
		buf_append(in, chunk, (size_t)n);
	}
}

int upstream_exchange(const struct upstream *u, const struct mock_request *req,
		      int timeout_ms, struct upstream_reply *out, struct buf *err)
{
	int fd = connect_to(u, err);
	if (fd < 0)
		return -1;
	struct buf wire = {0}, in = {0};
	write_request(u, req, &wire);
	int rc = -1;
	if (send_all(fd, wire.data, wire.len) < 0)
		buf_printf(err, "sending to %s: %s", u->url, strerror(errno));
	else if (read_all(fd, timeout_ms, &in, err) == 0)
		rc = upstream_parse_reply(in.data, in.len, out, err);
	close(fd);
	buf_free(&wire);
	buf_free(&in);
	return rc;
}

/* De-chunks a chunked body into out; -1 when it is malformed. */
static int dechunk(const char *p, const char *end, struct buf *out)
{
	for (;;) {
		char *after;
		unsigned long size = strtoul(p, &after, 16);
		const char *eol = memmem(after, (size_t)(end - after), "\r\n", 2);
		if (after == p || !eol)
			return -1;
		p = eol + 2;
		if (size == 0)
			return 0;
		if (size > (size_t)(end - p) || (size_t)(end - p) - size < 2)
			return -1;
		buf_append(out, p, size);
		p += size + 2;
	}
}

int upstream_parse_reply(const char *bytes, size_t len,
			 struct upstream_reply *out, struct buf *err)
{
	const char *end = bytes + len;
	const char *head_end = len ? memmem(bytes, len, "\r\n\r\n", 4) : NULL;
	int status = 0, skip = 0;
	if (!head_end || sscanf(bytes, "HTTP/1.%*1[01] %3d %n", &status, &skip) != 1 ||
	    status < 100 || status > 599) {
		buf_printf(err, "the answer is not HTTP/1.x (%zu bytes)", len);
		return -1;
	}
	out->status = status;
	const char *line_end = memmem(bytes, (size_t)(head_end - bytes) + 2, "\r\n", 2);
	snprintf(out->reason, sizeof out->reason, "%.*s",
		 skip && bytes + skip <= line_end ? (int)(line_end - bytes - skip) : 0,
		 bytes + skip);
	/* The header lines, each NUL-terminated, then split at ':'. */
	buf_append(&out->head, line_end + 2, (size_t)(head_end - line_end));
	out->nheaders = 0;
	for (char *p = out->head.data; p && *p && out->nheaders < UPSTREAM_MAX_HEADERS;) {
		char *eol = strstr(p, "\r\n");
		if (eol)
			*eol = '\0';
		char *colon = strchr(p, ':');
		if (colon) {
			*colon = '\0';
			char *v = colon + 1;
			v += strspn(v, " \t");
			out->headers[out->nheaders++] = (struct upstream_header){p, v};
		}
		p = eol ? eol + 2 : NULL;
	}
	const char *body = head_end + 4;
	const char *te = upstream_header(out, "Transfer-Encoding");
	const char *cl = upstream_header(out, "Content-Length");
	if (te && strcasestr(te, "chunked")) {
		if (dechunk(body, end, &out->body) < 0) {
			buf_printf(err, "a malformed chunked body");
			return -1;
		}
	} else if (cl) {
		unsigned long n = strtoul(cl, NULL, 10);
		if (n > (size_t)(end - body)) {
			buf_printf(err, "the body is cut: %zu of %lu bytes",
				   (size_t)(end - body), n);
			return -1;
		}
		buf_append(&out->body, body, n);
	} else {
		buf_append(&out->body, body, (size_t)(end - body));
	}
	return 0;
}

const char *upstream_header(const struct upstream_reply *r, const char *name)
{
	for (int i = 0; i < r->nheaders; i++)
		if (!strcasecmp(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

void upstream_reply_free(struct upstream_reply *r)
{
	buf_free(&r->head);
	buf_free(&r->body);
	memset(r, 0, sizeof *r);
}
