/* json_py.c - JSON text exactly as Python's json.dumps writes it. */
#include "json_py.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_escape.h"

void json_py_write_string(struct buf *out, const char *utf8)
{
	json_escape(out, utf8, strlen(utf8), JSON_ESC_ASCII);
}

/* The code points Python's str.isprintable() rejects, in the ranges a
 * path or id can plausibly hold: controls, C1, the invisible spaces and
 * separators, format characters.  (Not the whole Unicode table.) */
static int py_unprintable(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD ||
	       c == 0x1680 || (c >= 0x2000 && c <= 0x200F) ||
	       (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x2064) ||
	       c == 0x3000 || c == 0xFEFF;
}

void py_repr_string(struct buf *out, const char *utf8)
{
	char quote = strchr(utf8, '\'') && !strchr(utf8, '"') ? '"' : '\'';
	buf_putc(out, quote);
	const unsigned char *end = (const unsigned char *)utf8 + strlen(utf8);
	for (const unsigned char *s = (const unsigned char *)utf8; *s;) {
		const unsigned char *start = s;
		uint32_t c = utf8_next(&s, end);
		if (c == (uint32_t)quote || c == '\\')
			buf_printf(out, "\\%c", (char)c);
		else if (c == '\n')
			buf_puts(out, "\\n");
		else if (c == '\r')
			buf_puts(out, "\\r");
		else if (c == '\t')
			buf_puts(out, "\\t");
		else if (py_unprintable(c))
			buf_printf(out, c <= 0xFF ? "\\x%02x" : "\\u%04x", (unsigned)c);
		else
			buf_append(out, start, (size_t)(s - start));
	}
	buf_putc(out, quote);
}

/* cJSON keeps no int/float distinction: integral values print as ints. */
static void write_number(struct buf *out, double v)
{
	if (isnan(v) || isinf(v)) {
		buf_puts(out, isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
	} else if (v == 0) {
		buf_putc(out, '0'); /* -0 too: JSON "-0" is the int 0 in Python */
	} else if (v == floor(v) && fabs(v) < 1e18) {
		buf_printf(out, "%.0f", v);
	} else {
		char text[32];
		for (int precision = 15; precision <= 17; precision++) {
			snprintf(text, sizeof text, "%.*g", precision, v);
			if (strtod(text, NULL) == v)
				break;
		}
		buf_puts(out, text);
	}
}

static void write_container(struct buf *out, const cJSON *item, int object)
{
	buf_putc(out, object ? '{' : '[');
	for (const cJSON *child = item->child; child; child = child->next) {
		if (child != item->child)
			buf_puts(out, ", ");
		if (object) {
			json_py_write_string(out, child->string);
			buf_puts(out, ": ");
		}
		json_py_write(out, child);
	}
	buf_putc(out, object ? '}' : ']');
}

void json_py_write(struct buf *out, const cJSON *item)
{
	switch (item->type & 0xFF) {
	case cJSON_False: buf_puts(out, "false"); break;
	case cJSON_True: buf_puts(out, "true"); break;
	case cJSON_NULL: buf_puts(out, "null"); break;
	case cJSON_Number: write_number(out, item->valuedouble); break;
	case cJSON_String: json_py_write_string(out, item->valuestring); break;
	case cJSON_Array: write_container(out, item, 0); break;
	case cJSON_Object: write_container(out, item, 1); break;
	case cJSON_Raw: buf_puts(out, item->valuestring); break;
	default: buf_puts(out, "null"); break;
	}
}

int utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *end = s + len;
	while (s < end) {
		unsigned c = *s;
		int extra;
		uint32_t cp, min;
		if (c < 0x80) { s++; continue; }
		else if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; min = 0x80; }
		else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; min = 0x800; }
		else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; min = 0x10000; }
		else return 0;
		if (end - s <= extra)
			return 0;
		for (int i = 1; i <= extra; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		s += extra + 1;
	}
	return 1;
}
