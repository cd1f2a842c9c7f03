/* reader.c - $ref resolution and typed node access for the spec readers. */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chars.h"
#include "diag.h"
#include "json_text.h"
#include "yaml_tree.h"
#include "ynode_read.h"

/* One pointer segment with ~1, ~0 and %XX decoded into buf (at least len
 * bytes); returns the decoded length, or -1 for a bad escape. */
static long decode_segment(const char *s, size_t len, char *buf)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '~') {
			if (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1'))
				return -1;
			buf[o++] = s[++i] == '1' ? '/' : '~';
		} else if (s[i] == '%' && i + 2 < len &&
			   chars_hex(s[i + 1]) >= 0 && chars_hex(s[i + 2]) >= 0) {
			buf[o++] = (char)(chars_hex(s[i + 1]) * 16 +
					  chars_hex(s[i + 2]));
			i += 2;
		} else {
			buf[o++] = s[i];
		}
	}
	return (long)o;
}

static const struct ynode *step(const struct ynode *n, const char *key,
				size_t len)
{
	size_t i;

	if (n->kind == YNODE_MAP)
		return ymap_getn(n, key, len);
	if (n->kind == YNODE_SEQ && len > 0 && len < 10 &&
	    strspn(key, "0123456789") >= len && (key[0] != '0' || len == 1)) {
		i = (size_t)strtoul(key, NULL, 10);
		return i < n->n ? n->items[i] : NULL;
	}
	return NULL;
}

const struct ynode *reader_pointer(const struct ynode *root, const char *ref,
				   size_t len)
{
	const struct ynode *n = root;
	char *buf;
	size_t i = 1;

	if (len == 0 || ref[0] != '#' || (len > 1 && ref[1] != '/'))
		return NULL;
	buf = malloc(len + 1);
	if (!buf)
		return NULL;
	while (n && i < len) {
		size_t j = ++i; /* past the '/' */
		long k;

		while (j < len && ref[j] != '/')
			j++;
		k = decode_segment(ref + i, j - i, buf);
		if (k < 0) {
			n = NULL;
			break;
		}
		buf[k] = '\0';
		n = step(n, buf, (size_t)k);
		i = j;
	}
	free(buf);
	return n;
}

static const struct ynode *follow(struct reader *r, const struct ynode *ref)
{
	struct hash_entry *e;
	const struct ynode *t;

	if (ref->kind != YNODE_SCALAR) {
		diag_error(r->d, ref->line, ref->col, "'$ref' must be a string");
		return NULL;
	}
	if (ref->len == 0 || ref->text[0] != '#') {
		diag_error(r->d, ref->line, ref->col,
			   "external $ref '%s' is not supported",
			   diag_qn(r->d, ref->text, ref->len));
		return NULL;
	}
	e = hash_find(&r->refs, NULL, ref->text, ref->len);
	if (e)
		return e->value;
	t = reader_pointer(r->root, ref->text, ref->len);
	if (!t) {
		diag_error(r->d, ref->line, ref->col, "unresolved $ref '%s'",
			   diag_qn(r->d, ref->text, ref->len));
		return NULL;
	}
	hash_put(&r->refs, NULL, ref->text, ref->len, NULL)->value = (void *)t;
	return t;
}

const struct ynode *reader_deref(struct reader *r, const struct ynode *n)
{
	const struct ynode *first = n;
	int hops;

	for (hops = 0; n && n->kind == YNODE_MAP; hops++) {
		const struct ynode *ref = ymap_get(n, "$ref");

		if (!ref)
			return n;
		if (hops == READER_MAX_REF_HOPS) {
			ref = ymap_get(first, "$ref");
			diag_error(r->d, ref->line, ref->col,
				   "$ref '%s' never reaches a value (a cycle?)",
				   diag_qn(r->d, ref->text, ref->len));
			return NULL;
		}
		n = follow(r, ref);
	}
	return n;
}

/* Nodes reader_check_refs visits at most: YAML aliases let a small
 * file share one subtree many times over. */
#define READER_MAX_WALK 100000

static void check_refs(struct reader *r, const struct ynode *n, long *budget)
{
	if (!n || n->kind == YNODE_SCALAR || --*budget < 0)
		return;
	if (n->kind == YNODE_MAP && ymap_get(n, "$ref")) {
		reader_deref(r, n);
		return;
	}
	for (size_t i = 0; i < n->n; i++) /* a mapping's values are odd items */
		check_refs(r, n->items[n->kind == YNODE_MAP ? 2 * i + 1 : i], budget);
}

void reader_check_refs(struct reader *r, const struct ynode *n)
{
	long budget = READER_MAX_WALK;
	check_refs(r, n, &budget);
}

/* The generator's callers name keys bare ("paths"); messages quote them. */
#define QUOTED(what) (snprintf(quoted, sizeof quoted, "'%s'", what), quoted)

const struct ynode *reader_map(struct reader *r, const struct ynode *n,
			       const char *what)
{
	char quoted[128];
	if (!n || (n->kind == YNODE_SCALAR && json_kind_of(n) == JSON_NULL))
		return NULL; /* "key:" with nothing after it: absent */
	return yread_map(r->d, n, QUOTED(what));
}

const struct ynode *reader_seq(struct reader *r, const struct ynode *n,
			       const char *what)
{
	char quoted[128];
	if (!n || (n->kind == YNODE_SCALAR && json_kind_of(n) == JSON_NULL))
		return NULL;
	return yread_seq(r->d, n, QUOTED(what));
}

const char *reader_string(struct reader *r, const struct ynode *n,
			  const char *what, const char *dflt)
{
	char quoted[128];
	return n ? yread_string(r->d, n, QUOTED(what)) : dflt;
}

int reader_bool(struct reader *r, const struct ynode *n, const char *what,
		int *out)
{
	if (!n)
		return 0;
	if (n->kind != YNODE_SCALAR || json_kind_of(n) != JSON_BOOL) {
		diag_error(r->d, n->line, n->col,
			   "'%s' must be true or false", what);
		return -1;
	}
	*out = n->text[0] == 't' || n->text[0] == 'T';
	return 0;
}

const char *reader_json(struct reader *r, const struct ynode *n)
{
	const struct ynode *bad = n;
	size_t room = READER_JSON_TOTAL - r->json_used;
	enum json_status st;
	struct buf sb = {0};

	if (r->json_full)
		return NULL;
	st = json_text(&sb, n, room < READER_JSON_MAX ? room : READER_JSON_MAX,
		       &bad);
	if (st == JSON_OK) {
		r->json_used += sb.len;
		return arena_take_buf(r->a, &sb);
	}
	buf_free(&sb);
	if (st == JSON_UNREPRESENTABLE)
		diag_error(r->d, bad->line, bad->col,
			   "'%s' has no json representation",
			   diag_qn(r->d, bad->text, bad->len));
	else if (room < READER_JSON_MAX && st == JSON_TOO_LARGE)
		diag_error(r->d, n->line, n->col,
			   "example values exceed %u bytes in total",
			   READER_JSON_TOTAL);
	else if (st == JSON_TOO_LARGE)
		diag_error(r->d, n->line, n->col,
			   "value is larger than %u bytes as json",
			   READER_JSON_MAX);
	else
		diag_error(r->d, n->line, n->col, "value nests too deeply");
	r->json_full = st == JSON_TOO_LARGE && room < READER_JSON_MAX;
	return NULL;
}
