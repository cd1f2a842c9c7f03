/* reply.c - one HTTP response under construction, and its bytes. */
#include "reply.h"

#include <stdio.h>
#include <string.h>

#include "det.h"
#include "json_py.h"
#include "sha1.h"

void reply_init(struct reply *r)
{
	memset(r, 0, sizeof *r);
	r->status = 500;
	r->op = -1;
	r->example = -1;
}

static void drop_held(struct reply *r)
{
	if (r->held_free)
		r->held_free(r->held);
	r->held = NULL;
	r->held_free = NULL;
}

static void drop_shared(struct reply *r)
{
	rcbuf_unref(r->shared);
	r->shared = NULL;
	r->etag[0] = '\0';
}

void reply_reset(struct reply *r, size_t keep_max)
{
	struct buf headers = r->headers, body = r->body, note = r->note;
	drop_shared(r);
	drop_held(r);
	buf_recycle(&headers, keep_max);
	buf_recycle(&body, keep_max);
	buf_recycle(&note, keep_max);
	reply_init(r);
	r->headers = headers;
	r->body = body;
	r->note = note;
}

const char *reply_body(const struct reply *r, size_t *len)
{
	*len = r->shared ? r->shared->len : r->body.len;
	return r->shared ? r->shared->data : r->body.data;
}

void reply_free(struct reply *r)
{
	drop_shared(r);
	drop_held(r);
	buf_free(&r->headers);
	buf_free(&r->body);
	buf_free(&r->note);
}

void reply_json(struct reply *r, int status, const char *json, size_t len)
{
	r->status = status;
	r->content_type = "application/json";
	r->send_length = 1;
	drop_shared(r);
	buf_reset(&r->body);
	buf_append(&r->body, json, len);
}

void reply_json_shared(struct reply *r, int status, struct rcbuf *body,
		       const char *etag)
{
	reply_json(r, status, "", 0);
	r->shared = body;
	if (etag)
		snprintf(r->etag, sizeof r->etag, "%s", etag);
}

void reply_error(struct reply *r, int status, const char *message)
{
	r->status = status;
	r->content_type = "application/json";
	r->send_length = 1;
	drop_shared(r);
	buf_reset(&r->body);
	buf_puts(&r->body, "{\"message\": ");
	json_py_write_string(&r->body, message);
	buf_puts(&r->body, ", \"reason\": null}");
}

void reply_empty(struct reply *r, int status)
{
	r->status = status;
	r->content_type = NULL;
	/* Only 204 and 304 may end without a length: any other empty reply
	 * needs "Content-Length: 0" or the client waits for a close. */
	r->send_length = status != 204 && status != 304 && status >= 200;
	drop_shared(r);
	buf_reset(&r->body);
}

void reply_header(struct reply *r, const char *name, const char *value)
{
	buf_puts(&r->headers, name);
	buf_append(&r->headers, ": ", 2);
	/* A CR or LF from a request would end the line and start a header
	 * of the client's choosing: each is written as a space. */
	for (size_t n; *value; value += n) {
		n = strcspn(value, "\r\n");
		buf_append(&r->headers, value, n);
		if (value[n]) {
			buf_putc(&r->headers, ' ');
			n++;
		}
	}
	buf_append(&r->headers, "\r\n", 2);
}

const char *reply_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "Unknown";
	}
}

void reply_add_etag(struct reply *r, const char *if_none_match)
{
	char hex[41], etag[44];
	size_t len;
	const char *body = reply_body(r, &len);
	if (r->etag[0]) {
		memcpy(etag, r->etag, sizeof etag);
	} else {
		sha1_hex(body, len, hex);
		snprintf(etag, sizeof etag, "\"%s\"", hex);
	}
	reply_header(r, "Etag", etag);
	if (if_none_match && etag_matches(if_none_match, etag))
		reply_empty(r, 304);
}

int etag_matches(const char *if_none_match, const char *etag)
{
	const char *p = if_none_match;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '*')
		return 1;
	size_t etag_len = strlen(etag);
	while ((p = strchr(p, '"')) != NULL) {
		const char *close = strchr(p + 1, '"');
		if (!close)
			return 0;
		if ((size_t)(close + 1 - p) == etag_len &&
		    memcmp(p, etag, etag_len) == 0)
			return 1;
		p = close + 1;
	}
	return 0;
}

const char *reply_tail(const struct reply *r, size_t max_inline, size_t *len)
{
	if (r->omit_body || !r->shared || r->shared->len <= max_inline)
		return NULL;
	*len = r->shared->len;
	return r->shared->data;
}

/* The response head is written piece by piece, not with printf: it is
 * on the path of every request. */

/* Writes v in decimal into out (at least 21 bytes); returns the length. */
static size_t decimal(char *out, size_t v)
{
	char tmp[24];
	size_t n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

void reply_serialize(const struct reply *r, struct buf *out, size_t max_inline)
{
	size_t body_len, tail_len;
	const char *body = reply_body(r, &body_len);
	int inline_body = !r->omit_body && !reply_tail(r, max_inline, &tail_len);
	char date[32];
	det_format_http_date(r->date, date);
	buf_reserve(out, 320 + r->headers.len + (inline_body ? body_len : 0));
	char number[24];
	BUF_LITERAL(out, "HTTP/1.1 ");
	buf_append(out, number, decimal(number, (size_t)r->status));
	buf_putc(out, ' ');
	buf_puts(out, reply_reason(r->status));
	BUF_LITERAL(out, "\r\nServer: jupyter-sessions-mock\r\n");
	if (r->content_type) {
		BUF_LITERAL(out, "Content-Type: ");
		buf_puts(out, r->content_type);
		BUF_LITERAL(out, "\r\n");
	}
	BUF_LITERAL(out, "Date: ");
	buf_puts(out, date);
	BUF_LITERAL(out, "\r\n");
	if (r->csp) { /* a page of the mock's own, with its own policy */
		BUF_LITERAL(out, "X-Content-Type-Options: nosniff\r\n"
			    "Content-Security-Policy: ");
		buf_puts(out, r->csp);
		BUF_LITERAL(out, "\r\n");
	} else if (r->server_headers) {
		buf_puts(out, r->server_headers);
	}
	buf_append(out, r->headers.data, r->headers.len);
	if (r->send_length) {
		BUF_LITERAL(out, "Content-Length: ");
		buf_append(out, number, decimal(number, body_len));
		BUF_LITERAL(out, "\r\n");
	}
	if (r->close)
		buf_puts(out, "Connection: close\r\n");
	buf_puts(out, "\r\n");
	if (inline_body)
		buf_append(out, body, body_len);
}
