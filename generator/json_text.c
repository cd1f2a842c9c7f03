/* json_text.c - YAML nodes to compact JSON text. */
#include "json_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "json_escape.h"
#include "yaml_tree.h"

#define JSON_MAX_DEPTH 400

static int is_digits(const char *s, size_t len, const char *set)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!strchr(set, s[i]) || s[i] == '\0')
			return 0;
	return 1;
}

static int text_in(const struct ynode *n, const char *const *words)
{
	for (; *words; words++)
		if (yscalar_is(n, *words))
			return 1;
	return 0;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int is_float(const char *s, size_t len)
{
	size_t i = 0, digits = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (!digits)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		if (!is_digits(s + i, len - i, "0123456789"))
			return 0;
		i = len;
	}
	return i == len;
}

static int is_int(const char *s, size_t len)
{
	if (len > 2 && s[0] == '0' && s[1] == 'o')
		return is_digits(s + 2, len - 2, "01234567");
	if (len > 2 && s[0] == '0' && s[1] == 'x')
		return is_digits(s + 2, len - 2, "0123456789abcdefABCDEF");
	if (len && (s[0] == '-' || s[0] == '+'))
		s++, len--;
	return is_digits(s, len, "0123456789");
}

enum json_kind json_kind_of(const struct ynode *n)
{
	static const char *const nulls[] = {"~", "null", "Null", "NULL", NULL};
	static const char *const bools[] = {"true",  "True",  "TRUE",
					    "false", "False", "FALSE", NULL};
	static const char *const inf[] = {
		".inf",	 ".Inf",  ".INF",  "+.inf", "+.Inf", "+.INF", "-.inf",
		"-.Inf", "-.INF", ".nan",  ".NaN",  ".NAN",  NULL};

	if (n->kind == YNODE_SEQ)
		return JSON_ARRAY;
	if (n->kind == YNODE_MAP)
		return JSON_OBJECT;
	if (n->quoted)
		return JSON_STRING;
	if (n->len == 0 || text_in(n, nulls))
		return JSON_NULL;
	if (text_in(n, bools))
		return JSON_BOOL;
	if (is_int(n->text, n->len))
		return JSON_INT;
	if (is_float(n->text, n->len))
		return JSON_FLOAT;
	if (text_in(n, inf))
		return JSON_NONFINITE;
	return JSON_STRING;
}

#define NUMBER_MAX 256 /* longer numbers are refused, not truncated */

/* Appends s[0..len) with leading zeros removed (one digit stays). */
static size_t put_digits(char *out, const char *s, size_t len)
{
	while (len > 1 && *s == '0')
		s++, len--;
	if (len == 0) {
		*out = '0';
		return 1;
	}
	memcpy(out, s, len);
	return len;
}

static size_t span(const char *s, size_t len, const char *set)
{
	size_t i = 0;

	while (i < len && s[i] && strchr(set, s[i]))
		i++;
	return i;
}

/* A plain int or float scalar in JSON syntax into buf[NUMBER_MAX + 8];
 * -1 when it has no JSON form (too long, out of range). */
static int normalize_number(const struct ynode *n, char *buf)
{
	const char *s = n->text;
	size_t len = n->len, o = 0, k;

	if (len > NUMBER_MAX)
		return -1;
	if (len > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		unsigned long long v;

		errno = 0;
		v = strtoull(s + 2, NULL, s[1] == 'o' ? 8 : 16);
		if (errno)
			return -1;
		sprintf(buf, "%llu", v);
		return 0;
	}
	if (*s == '-' || *s == '+') {
		if (*s == '-')
			buf[o++] = '-';
		s++, len--;
	}
	k = span(s, len, "0123456789");
	o += put_digits(buf + o, s, k);
	s += k, len -= k;
	if (len && *s == '.') {
		s++, len--;
		k = span(s, len, "0123456789");
		buf[o++] = '.';
		memcpy(buf + o, k ? s : "0", k ? k : 1);
		o += k ? k : 1;
		s += k, len -= k;
	}
	memcpy(buf + o, s, len); /* the exponent is valid JSON as written */
	buf[o + len] = '\0';
	return 0;
}

int json_number(const struct ynode *n, double *out)
{
	char buf[NUMBER_MAX + 8];
	enum json_kind k = json_kind_of(n);

	if ((k != JSON_INT && k != JSON_FLOAT) || normalize_number(n, buf) < 0)
		return -1;
	errno = 0;
	*out = strtod(buf, NULL);
	return errno == ERANGE ? -1 : 0;
}

struct json_walk {
	struct buf *out;
	size_t start, max_len;
	const struct ynode **bad;
};

static enum json_status fail(struct json_walk *w, const struct ynode *n,
			     enum json_status st)
{
	if (w->bad)
		*w->bad = n;
	return st;
}

static enum json_status put_scalar(struct json_walk *w, const struct ynode *n)
{
	char buf[NUMBER_MAX + 8];

	switch (json_kind_of(n)) {
	case JSON_NULL:
		buf_puts(w->out, "null");
		break;
	case JSON_BOOL:
		buf_puts(w->out, n->text[0] == 't' || n->text[0] == 'T'
					? "true"
					: "false");
		break;
	case JSON_INT:
	case JSON_FLOAT:
		if (normalize_number(n, buf) < 0)
			return fail(w, n, JSON_UNREPRESENTABLE);
		buf_puts(w->out, buf);
		break;
	case JSON_NONFINITE:
		return fail(w, n, JSON_UNREPRESENTABLE);
	default:
		json_escape(w->out, n->text, n->len, JSON_ESC_UTF8);
	}
	return JSON_OK;
}

static enum json_status walk(struct json_walk *w, const struct ynode *n,
			     int depth)
{
	enum json_status st = JSON_OK;
	size_t i;

	if (depth > JSON_MAX_DEPTH)
		return fail(w, n, JSON_TOO_DEEP);
	if (w->out->len - w->start > w->max_len)
		return fail(w, n, JSON_TOO_LARGE);
	if (n->kind == YNODE_SCALAR)
		return put_scalar(w, n);
	buf_putc(w->out, n->kind == YNODE_MAP ? '{' : '[');
	for (i = 0; i < n->n && st == JSON_OK; i++) {
		if (i)
			buf_putc(w->out, ',');
		if (n->kind == YNODE_SEQ) {
			st = walk(w, n->items[i], depth + 1);
			continue;
		}
		json_escape(w->out, ymap_key(n, i)->text, ymap_key(n, i)->len,
			    JSON_ESC_UTF8);
		buf_putc(w->out, ':');
		st = walk(w, ymap_value(n, i), depth + 1);
	}
	buf_putc(w->out, n->kind == YNODE_MAP ? '}' : ']');
	return st;
}

enum json_status json_text(struct buf *out, const struct ynode *n,
			   size_t max_len, const struct ynode **bad)
{
	struct json_walk w = {out, out->len, max_len, bad};
	enum json_status st = walk(&w, n, 0);

	if (st == JSON_OK && out->len - w.start > max_len)
		return fail(&w, n, JSON_TOO_LARGE);
	return st;
}
