/* opid.c - derives operationIds from tags, paths and methods. */
#include "opid.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "hash.h"

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* s[0..len) in camelCase: ASCII letters and digits kept, anything else
 * starts a new word; the first letter is lower case. */
static void camel(struct buf *out, const char *s, size_t len)
{
	int word_start = 1;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!is_alnum(s[i])) {
			word_start = 1;
			continue;
		}
		if (out->len == 0)
			buf_putc(out, lower(s[i]));
		else
			buf_putc(out, word_start ? upper(s[i]) : s[i]);
		word_start = 0;
	}
}

/* The last segment of path, skipping empty ones; *len is 0 if none. */
static const char *last_segment(const char *path, size_t *len, int params)
{
	const char *end = path + strlen(path), *start;

	for (;;) {
		while (end > path && end[-1] == '/')
			end--;
		start = end;
		while (start > path && start[-1] != '/')
			start--;
		if (start == end || params || *start != '{')
			break;
		end = start;
	}
	*len = (size_t)(end - start);
	return start;
}

static const char *verb(const char *method, const char *path)
{
	static const char *const verbs[][2] = {
		{"POST", "Create"},   {"PATCH", "Update"}, {"PUT", "Replace"},
		{"DELETE", "Delete"}, {"HEAD", "Head"},	   {"OPTIONS", "Options"},
		{"TRACE", "Trace"}};
	size_t i, len;
	const char *last;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(method, verbs[i][0]) == 0)
			return verbs[i][1];
	last = last_segment(path, &len, 1);
	return len && *last == '{' && last[len - 1] == '}' ? "Get" : "List";
}

char *opid_derive(struct arena *a, const char *method, const char *path,
		  const char *tag)
{
	struct buf sb = {0};
	const char *seg;
	size_t len;

	if (tag)
		camel(&sb, tag, strlen(tag));
	if (sb.len == 0) {
		seg = last_segment(path, &len, 0);
		camel(&sb, seg, len);
	}
	if (sb.len == 0)
		buf_puts(&sb, "root");
	buf_puts(&sb, verb(method, path));
	return arena_take_buf(a, &sb);
}

const char *opid_unique(struct arena *a, struct hash *used, const char *base)
{
	/* the last suffix tried for base, kept under a distinct owner so
	 * that many collisions on one base stay linear */
	struct hash_entry *last = hash_put(used, used, base, strlen(base), NULL);
	const char *id = base;
	intptr_t n = (intptr_t)last->value;
	int created;

	for (;;) {
		if (n)
			id = arena_printf(a, "%s_%ld", base, (long)n);
		hash_put(used, NULL, id, strlen(id), &created);
		n++;
		if (created) {
			last->value = (void *)n;
			return id;
		}
	}
}
