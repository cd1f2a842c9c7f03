/* request_head.c - refuses heads civetweb would read differently from others. */
#include "request_head.h"

#include <string.h>
#include <strings.h>

#include <civetweb.h>

static int refuse(struct request_refusal *r, int status, const char *message)
{
	*r = (struct request_refusal){status, message, 1};
	return -1;
}

/* A byte at most three past the last one civetweb parsed.  On a head that
 * ends as it should, the bytes read here are in it; on one that ends in a
 * bare LF they may be the one or two after it, inside civetweb's buffer
 * or, when the head fills that buffer exactly, in the slack glibc's
 * malloc keeps after it (16384 bytes asked, 16392 usable).  ASan's
 * redzone starts at the 16384th: it is not asked. */
__attribute__((no_sanitize("address"))) static char peek(const char *p)
{
	return *(const volatile char *)p;
}

/* How many NULs civetweb made of the line end after p: 2 for CRLF, 1 for
 * LF, more when it also ate a bare CR or spaces. */
static long line_end(const char *end_of_text, const char *next_line)
{
	return next_line - end_of_text;
}

/* A space before the colon leaves two NULs where "Name:" leaves one
 * (civetweb drops the spaces); an empty value right after the colon
 * starts at the second byte and is no such case. */
static int space_before_colon(const struct mg_header *h)
{
	size_t len = strlen(h->name);
	return h->name[len + 1] == '\0' && h->value != h->name + len + 1;
}

/* After the last header civetweb kept, a head that ended there holds
 * "\0\0\r\0" (CRLF) or "\0\0" (LF): anything else is lines it dropped. */
static int ends_after(const char *p, long eol)
{
	if (eol == 1)
		return peek(p + 1) == '\0';
	return peek(p + 1) == '\0' && peek(p + 2) == '\r' && peek(p + 3) == '\0';
}

static int check_layout(const struct mg_request_info *ri, struct request_refusal *r)
{
	const char *p = ri->http_version + strlen(ri->http_version);
	int n = ri->num_headers;
	/* No header: civetweb made NULs of all the blank space after the
	 * version, "\r\n\r\n" included.  (Without a header line, bare LF
	 * ends cannot be told from a dropped line: they are refused too.) */
	if (n == 0)
		return peek(p + 1) == '\0' && peek(p + 2) == '\0' && peek(p + 3) == '\0'
			       ? 0 : refuse(r, 400, "Bad Request: malformed header line");
	long eol = line_end(p, ri->http_headers[0].name);
	if (eol != 1 && eol != 2)
		return refuse(r, 400, "Bad Request: bare CR or folded line in the request head");
	for (int i = 0; i < n; i++) {
		const struct mg_header *h = &ri->http_headers[i];
		if (space_before_colon(h))
			return refuse(r, 400, "Bad Request: space before a header's colon");
		p = h->value + strlen(h->value);
		if (i + 1 < n && line_end(p, ri->http_headers[i + 1].name) != eol)
			return refuse(r, 400, "Bad Request: bare CR, folded line or mixed "
					      "line ends in the request head");
	}
	if (ends_after(p, eol))
		return 0;
	return n == MG_MAX_HEADERS
		       ? refuse(r, 431, "Request Header Fields Too Large: more than 64 headers")
		       : refuse(r, 400, "Bad Request: bare CR, folded line or header line "
					"without a name in the request head");
}

static int digits_only(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static int check_framing(const struct mg_request_info *ri, struct request_refusal *r)
{
	const char *length = NULL;
	int encodings = 0;
	for (int i = 0; i < ri->num_headers; i++) {
		const struct mg_header *h = &ri->http_headers[i];
		if (!strcasecmp(h->name, "Transfer-Encoding")) {
			if (++encodings > 1 || strcmp(h->value, "chunked"))
				return refuse(r, 400, "Bad Request: Transfer-Encoding must be "
						      "'chunked', once");
		} else if (!strcasecmp(h->name, "Content-Length")) {
			if (!digits_only(h->value))
				return refuse(r, 400, "Bad Request: Content-Length must be digits");
			if (length && strcmp(length, h->value))
				return refuse(r, 400, "Bad Request: two different Content-Lengths");
			length = h->value;
		}
	}
	if (encodings && length)
		return refuse(r, 400, "Bad Request: both Content-Length and Transfer-Encoding");
	return 0;
}

int request_head_check(const struct mg_request_info *ri, struct request_refusal *r)
{
	if (!ri->http_version)
		return 0;
	return check_layout(ri, r) < 0 ? -1 : check_framing(ri, r);
}
