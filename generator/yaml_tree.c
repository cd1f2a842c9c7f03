/* yaml_tree.c - libyaml events to a node tree with positions. */
#include "yaml_tree.h"

#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "hash.h"

struct frame {
	struct ynode *node;
	struct ynode **items;
	size_t n, cap; /* in items: a mapping holds 2 per pair */
	const char *anchor;
};

struct loader {
	struct arena *a;
	struct diag *d;
	const char *buf;
	size_t len;
	struct frame stack[YAML_MAX_DEPTH];
	int depth;
	struct hash anchors; /* owner NULL: name -> node */
	struct hash keys;    /* owner mapping: key text -> first key node */
	struct ynode *root;
	int documents;
};

static struct ynode *new_node(struct loader *ld, enum ynode_kind kind,
			      yaml_mark_t mark)
{
	struct ynode *n = arena_alloc(ld->a, sizeof(*n));

	n->kind = kind;
	n->line = (int)mark.line + 1;
	n->col = (int)mark.column + 1;
	n->text = "";
	return n;
}

/* A key must be a scalar and new in its mapping; a duplicate is reported
 * and kept (the first one wins in lookups), so every duplicate is seen. */
static int check_key(struct loader *ld, struct frame *f, struct ynode *key,
		     int line, int col)
{
	struct hash_entry *e;
	int created;

	if (key->kind != YNODE_SCALAR) {
		diag_error(ld->d, line, col, "mapping keys must be scalars");
		return -1;
	}
	e = hash_put(&ld->keys, f->node, key->text, key->len, &created);
	if (created) {
		e->value = (void *)(uintptr_t)(f->n / 2);
	} else {
		const struct ynode *first = f->items[2 * (uintptr_t)e->value];

		diag_error(ld->d, line, col, "duplicate key '%s' (first at line %d)",
			   diag_qn(ld->d, key->text, key->len), first->line);
	}
	return 0;
}

/* Appends node to the open collection (or makes it the root); line/col is
 * where it is written, which for an alias is not where its node starts. */
static int add_node(struct loader *ld, struct ynode *node, int line, int col)
{
	struct frame *f;

	if (ld->depth == 0) {
		ld->root = node;
		return 0;
	}
	f = &ld->stack[ld->depth - 1];
	if (f->node->kind == YNODE_MAP && f->n % 2 == 0 &&
	    check_key(ld, f, node, line, col) < 0)
		return -1;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;

		f->items = arena_grow(ld->a, f->items,
				      f->n * sizeof(*f->items),
				      cap * sizeof(*f->items));
		f->cap = cap;
	}
	f->items[f->n++] = node;
	return 0;
}

static void set_anchor(struct loader *ld, const char *name, struct ynode *n)
{
	if (name)
		hash_put(&ld->anchors, NULL, name, strlen(name), NULL)->value =
			n;
}

static int on_scalar(struct loader *ld, const yaml_event_t *ev)
{
	struct ynode *n = new_node(ld, YNODE_SCALAR, ev->start_mark);
	const char *tag = (const char *)ev->data.scalar.tag;

	/* Every reader takes text as a C string: "a\0b" would be read as
	 * "a", and two different names could become one. */
	if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length)) {
		diag_error(ld->d, n->line, n->col,
			   "a NUL character (\\0) in a string is not supported");
		return -1;
	}

	n->text = arena_strndup(ld->a, (const char *)ev->data.scalar.value,
				ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
		    (tag && (strcmp(tag, YAML_STR_TAG) == 0 ||
			     strcmp(tag, "!") == 0));
	if (ev->data.scalar.anchor)
		set_anchor(ld, arena_strdup(ld->a, (const char *)
					    ev->data.scalar.anchor), n);
	return add_node(ld, n, n->line, n->col);
}

static int on_alias(struct loader *ld, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct hash_entry *e = hash_find(&ld->anchors, NULL, name, strlen(name));

	/* An anchor is registered when its node ends, so an alias inside
	 * its own anchor is undefined here: the tree never has a cycle. */
	if (!e) {
		diag_error(ld->d, (int)ev->start_mark.line + 1,
			   (int)ev->start_mark.column + 1,
			   "undefined alias '%s'", diag_q(ld->d, name));
		return -1;
	}
	return add_node(ld, e->value, (int)ev->start_mark.line + 1,
			(int)ev->start_mark.column + 1);
}

static int on_start(struct loader *ld, const yaml_event_t *ev,
		    enum ynode_kind kind)
{
	const yaml_char_t *anchor = kind == YNODE_MAP
					    ? ev->data.mapping_start.anchor
					    : ev->data.sequence_start.anchor;
	struct frame *f;

	if (ld->depth == YAML_MAX_DEPTH) {
		diag_error(ld->d, (int)ev->start_mark.line + 1,
			   (int)ev->start_mark.column + 1,
			   "nesting deeper than %d levels", YAML_MAX_DEPTH);
		return -1;
	}
	f = &ld->stack[ld->depth++];
	memset(f, 0, sizeof(*f));
	f->node = new_node(ld, kind, ev->start_mark);
	if (anchor)
		f->anchor = arena_strdup(ld->a, (const char *)anchor);
	return 0;
}

static int on_end(struct loader *ld)
{
	struct frame *f = &ld->stack[--ld->depth];
	struct ynode *n = f->node;

	n->items = f->items;
	n->n = n->kind == YNODE_MAP ? f->n / 2 : f->n;
	if (n->kind == YNODE_MAP)
		n->index = &ld->keys;
	set_anchor(ld, f->anchor, n);
	return add_node(ld, n, n->line, n->col);
}

static int on_event(struct loader *ld, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++ld->documents > 1) {
			diag_error(ld->d, (int)ev->start_mark.line + 1,
				   (int)ev->start_mark.column + 1,
				   "more than one yaml document");
			return -1;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(ld, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(ld, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(ld, ev, YNODE_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(ld, ev, YNODE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(ld);
	default:
		return 0;
	}
}

/* line:col (from 1) of byte offset off, counting characters, not bytes,
 * as libyaml does for its own marks. */
static void offset_position(const char *buf, size_t len, size_t off,
			    int *line, int *col)
{
	size_t i;

	*line = *col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			++*col;
		}
	}
}

static void syntax_error(struct loader *ld, const yaml_parser_t *p)
{
	int line = (int)p->problem_mark.line + 1;
	int col = (int)p->problem_mark.column + 1;
	const char *problem = p->problem ? p->problem : "syntax error";

	if (p->error == YAML_MEMORY_ERROR) {
		diag_error(ld->d, 1, 1, "out of memory while parsing yaml");
	} else if (p->error == YAML_READER_ERROR) {
		offset_position(ld->buf, ld->len, p->problem_offset, &line,
				&col);
		diag_error(ld->d, line, col, "%s", problem);
	} else if (p->context) {
		diag_error(ld->d, line, col, "%s %s at line %d", problem,
			   p->context, (int)p->context_mark.line + 1);
	} else {
		diag_error(ld->d, line, col, "%s", problem);
	}
}

static int run_parser(struct loader *ld, yaml_parser_t *p)
{
	yaml_event_t ev;
	int done = 0, rc = 0;

	while (!done && rc == 0) {
		if (!yaml_parser_parse(p, &ev)) {
			syntax_error(ld, p);
			return -1;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(ld, &ev);
		yaml_event_delete(&ev);
	}
	return rc;
}

struct ynode *yaml_tree_load(struct arena *a, struct diag *d, const char *buf,
			     size_t len)
{
	struct loader *ld = arena_alloc(a, sizeof(*ld));
	int errors = d->errors, rc;
	yaml_parser_t p;

	ld->a = a;
	ld->d = d;
	ld->buf = buf;
	ld->len = len;
	hash_init(&ld->anchors, a);
	hash_init(&ld->keys, a);
	if (!yaml_parser_initialize(&p)) {
		diag_error(d, 1, 1, "out of memory while parsing yaml");
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	rc = run_parser(ld, &p);
	yaml_parser_delete(&p);
	if (rc == 0 && !ld->root)
		diag_error(d, 1, 1, "the file holds no yaml document");
	if (d->errors != errors)
		return NULL;
	return ld->root;
}

const struct ynode *ymap_get(const struct ynode *map, const char *key)
{
	return ymap_getn(map, key, strlen(key));
}

const struct ynode *ymap_getn(const struct ynode *map, const char *key,
			      size_t len)
{
	size_t i;

	if (!map || map->kind != YNODE_MAP)
		return NULL;
	if (map->n > 8 && map->index) {
		const struct hash_entry *e = hash_find(map->index, map, key, len);

		return e ? map->items[2 * (uintptr_t)e->value + 1] : NULL;
	}
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->items[2 * i];

		if (k->len == len && memcmp(k->text, key, len) == 0)
			return map->items[2 * i + 1];
	}
	return NULL;
}

const struct ynode *ymap_key(const struct ynode *map, size_t i)
{
	return map->items[2 * i];
}

const struct ynode *ymap_value(const struct ynode *map, size_t i)
{
	return map->items[2 * i + 1];
}

int yscalar_is(const struct ynode *n, const char *s)
{
	return n && n->kind == YNODE_SCALAR && n->len == strlen(s) &&
	       memcmp(n->text, s, n->len) == 0;
}
