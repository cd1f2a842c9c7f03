/* redirect.c - the trailing-slash redirect's Location. */
#include "redirect.h"

#include <string.h>

/* Bytes a path or query may hold as they are (RFC 3986 pchar, '/' and,
 * in a query, '?'); '%' too in the raw query, whose escapes stay. */
static int plain(unsigned char c, int in_query)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	if (c && strchr("-._~!$&'()*+,;=:@/", c))
		return 1;
	return in_query && (c == '?' || c == '%');
}

static void put_encoded(struct buf *out, const char *s, size_t len, int in_query)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (plain(c, in_query)) {
			buf_putc(out, (char)c);
		} else {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(out, esc, 3);
		}
	}
}

void redirect_location(const char *path, const char *query, struct buf *out)
{
	size_t start = strspn(path, "/"), end = strlen(path);
	while (end > start && path[end - 1] == '/')
		end--;
	buf_putc(out, '/');
	put_encoded(out, path + start, end - start, 0);
	if (query) {
		buf_putc(out, '?');
		put_encoded(out, query, strlen(query), 1);
	}
	buf_cstr(out);
}
