/* request.c - the readers of a request: headers and query parameters. */
#include "request.h"

#include <string.h>
#include <strings.h>

#include "chars.h"

const char *request_header(const struct mock_request *req, const char *name)
{
	for (int i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

/* Appends value[0..len) with '+' and %XX decoded. */
static void decode_into(const char *v, size_t len, struct buf *out)
{
	const char *end = v + len;
	for (; v < end; v++) {
		int hi, lo;
		if (*v == '+')
			buf_putc(out, ' ');
		else if (*v == '%' && v + 2 < end && (hi = chars_hex(v[1])) >= 0 &&
			 (lo = chars_hex(v[2])) >= 0) {
			buf_putc(out, (char)(hi * 16 + lo));
			v += 2;
		} else
			buf_putc(out, *v);
	}
}

int query_value(const char *query, const char *name, struct buf *out)
{
	size_t name_len = strlen(name);
	for (const char *p = query; p && *p;) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len >= name_len && !strncmp(p, name, name_len) &&
		    (len == name_len || p[name_len] == '=')) {
			const char *v = p + name_len + (len > name_len);
			decode_into(v, (size_t)(p + len - v), out);
			buf_cstr(out);
			return 0;
		}
		p = end ? end + 1 : NULL;
	}
	return -1;
}

int request_query(const struct mock_request *req, const char *name,
		  struct buf *out)
{
	return query_value(req->query, name, out);
}
