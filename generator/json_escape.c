/* json_escape.c - JSON string literals, for the generator and the mock. */
#include "json_escape.h"

#include "buf.h"

uint32_t utf8_next(const unsigned char **s, const unsigned char *end)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	int extra = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2
		  : c >= 0xF0 && c < 0xF5 ? 3 : -1;
	if (extra > end - p - 1)
		extra = -1;
	for (int i = 1; i <= extra; i++)
		if ((p[i] & 0xC0) != 0x80)
			extra = -1;
	if (extra < 0) {
		*s = p + 1;
		return 0xFFFD;
	}
	if (extra)
		c &= 0x3F >> extra;
	for (int i = 1; i <= extra; i++)
		c = (c << 6) | (p[i] & 0x3F);
	*s = p + 1 + extra;
	return c;
}

/* The two-character escape of c, or NULL. */
static const char *short_escape(unsigned char c)
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default: return NULL;
	}
}

/* 1 when byte c goes out as it is; top is the last such byte (0x7E for
 * ASCII, 0xFF to copy UTF-8). */
static int plain(unsigned char c, unsigned char top)
{
	return c >= 0x20 && c <= top && c != '"' && c != '\\' && c != 0x7F;
}

static void put_u16(struct buf *out, uint32_t unit)
{
	buf_printf(out, "\\u%04x", (unsigned)unit);
}

void json_escape(struct buf *out, const char *text, size_t len,
		 enum json_esc rule)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + len;
	const unsigned char top = rule == JSON_ESC_UTF8 ? 0xFF : 0x7E;
	buf_putc(out, '"');
	while (s < end) {
		const unsigned char *run = s;
		while (s < end && plain(*s, top))
			s++;
		buf_append(out, run, (size_t)(s - run));
		if (s == end)
			break;
		const char *esc = short_escape(*s);
		if (esc) {
			buf_append(out, esc, 2);
			s++;
			continue;
		}
		uint32_t c = *s < 0x80 ? *s++ : utf8_next(&s, end);
		if (c > 0xFFFF) { /* a surrogate pair, as Python writes it */
			c -= 0x10000;
			put_u16(out, 0xD800 | (c >> 10));
			put_u16(out, 0xDC00 | (c & 0x3FF));
		} else {
			put_u16(out, c);
		}
	}
	buf_putc(out, '"');
}
