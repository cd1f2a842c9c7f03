/* session_store.c - sessions and kernels in memory. */
#include "session_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_py.h"
#include "sha1.h"

struct store {
	struct det_rng rng;
	const char *kernelspecs[STORE_MAX_KERNELSPECS];
	int nkernelspecs;
	char **other_names; /* kernel names outside the kernelspecs */
	int nother_names;
	char initial_state[16];
	struct hindex sessions_by_id, sessions_by_path, kernels_by_id;
	struct session *first, *last; /* creation order */
	struct kernel *first_kernel, *last_kernel;
	size_t nsessions;
	uint64_t version;
	struct rcbuf *list;        /* the list as of list_version, or NULL */
	uint64_t list_version;
	char list_sha1[41];
	void (*on_shutdown)(void *ctx, struct kernel *k); /* or NULL */
	void *on_shutdown_ctx;
};

static char *copy(const char *s)
{
	char *c = strdup(s);
	if (!c)
		abort();
	return c;
}

static void *zalloc(size_t n)
{
	void *p = calloc(1, n);
	if (!p)
		abort();
	return p;
}

struct store *store_new(const struct store_options *opt)
{
	if (opt->nkernelspecs < 1 || opt->nkernelspecs > STORE_MAX_KERNELSPECS)
		return NULL;
	struct store *st = zalloc(sizeof *st);
	det_rng_seed(&st->rng, opt->seed);
	for (int i = 0; i < opt->nkernelspecs; i++)
		st->kernelspecs[i] = copy(opt->kernelspecs[i]);
	st->nkernelspecs = opt->nkernelspecs;
	snprintf(st->initial_state, sizeof st->initial_state, "%s",
		 opt->initial_state ? opt->initial_state : "starting");
	hindex_init(&st->sessions_by_id);
	hindex_init(&st->sessions_by_path);
	hindex_init(&st->kernels_by_id);
	return st;
}

static void kernel_release(struct kernel *k)
{
	if (--k->refs > 0)
		return;
	kproto_kernel_free(&k->proto);
	free(k->reason);
	free(k);
}

static void session_free(struct session *s)
{
	free(s->path);
	free(s->name);
	free(s->type);
	kernel_release(s->kernel);
	free(s);
}

void store_free(struct store *st)
{
	if (!st)
		return;
	for (struct session *s = st->first, *next; s; s = next) {
		next = s->next;
		session_free(s);
	}
	for (struct kernel *k = st->first_kernel, *next; k; k = next) {
		next = k->next;
		kernel_release(k);
	}
	for (int i = 0; i < st->nkernelspecs; i++)
		free((char *)st->kernelspecs[i]);
	for (int i = 0; i < st->nother_names; i++)
		free(st->other_names[i]);
	free(st->other_names);
	hindex_free(&st->sessions_by_id);
	hindex_free(&st->sessions_by_path);
	hindex_free(&st->kernels_by_id);
	rcbuf_unref(st->list);
	free(st);
}

int store_has_kernelspec(const struct store *st, const char *name)
{
	for (int i = 0; i < st->nkernelspecs; i++)
		if (strcmp(st->kernelspecs[i], name) == 0)
			return 1;
	return 0;
}

const char *store_default_kernelspec(const struct store *st)
{
	return st->kernelspecs[0];
}

struct kernel *store_find_kernel(struct store *st, const char *id)
{
	struct hindex_node *n = hindex_find(&st->kernels_by_id, id);
	return n ? HINDEX_ENTRY(n, struct kernel, by_id) : NULL;
}

/* The one copy of a kernel name: thousands of kernels share a handful. */
static const char *intern(struct store *st, const char *name)
{
	for (int i = 0; i < st->nkernelspecs; i++)
		if (!strcmp(st->kernelspecs[i], name))
			return st->kernelspecs[i];
	for (int i = 0; i < st->nother_names; i++)
		if (!strcmp(st->other_names[i], name))
			return st->other_names[i];
	char **grown = realloc(st->other_names,
			       (size_t)(st->nother_names + 1) * sizeof *grown);
	if (!grown)
		abort();
	st->other_names = grown;
	return st->other_names[st->nother_names++] = copy(name);
}

struct kernel *store_start_kernel(struct store *st, const char *name,
				  int64_t now, const char *id)
{
	struct kernel *k = zalloc(sizeof *k);
	if (id)
		snprintf(k->id, sizeof k->id, "%s", id);
	else
		det_uuid4(&st->rng, k->id);
	k->name = intern(st, name);
	k->last_activity = now;
	memcpy(k->execution_state, st->initial_state,
	       sizeof k->execution_state);
	k->alive = 1;
	k->refs = 1;
	kproto_kernel_init(&k->proto, k->id);
	hindex_insert(&st->kernels_by_id, &k->by_id, k->id);
	k->prev = st->last_kernel;
	if (st->last_kernel)
		st->last_kernel->next = k;
	else
		st->first_kernel = k;
	st->last_kernel = k;
	k->changed = ++st->version;
	return k;
}

void store_shutdown_kernel(struct store *st, struct kernel *k)
{
	if (!k->alive)
		return;
	if (st->on_shutdown)
		st->on_shutdown(st->on_shutdown_ctx, k);
	k->alive = 0;
	hindex_remove(&st->kernels_by_id, &k->by_id);
	if (k->prev)
		k->prev->next = k->next;
	else
		st->first_kernel = k->next;
	if (k->next)
		k->next->prev = k->prev;
	else
		st->last_kernel = k->prev;
	k->prev = k->next = NULL;
	st->version++;
	kernel_release(k);
}

void store_set_kernel_state(struct store *st, struct kernel *k,
			    const char *execution_state)
{
	snprintf(k->execution_state, sizeof k->execution_state, "%s",
		 execution_state);
	k->changed = ++st->version;
}

void store_set_kernel_connections(struct store *st, struct kernel *k,
				  int connections)
{
	k->connections = connections;
	k->changed = ++st->version;
}

struct session *store_add_session(struct store *st, const char *path,
				  const char *name, const char *type,
				  struct kernel *k, const char *id)
{
	struct session *s = zalloc(sizeof *s);
	if (id)
		snprintf(s->id, sizeof s->id, "%s", id);
	else
		det_uuid4(&st->rng, s->id);
	s->path = copy(path);
	s->name = copy(name);
	s->type = copy(type);
	s->kernel = k;
	k->refs++;
	hindex_insert(&st->sessions_by_id, &s->by_id, s->id);
	hindex_insert(&st->sessions_by_path, &s->by_path, s->path);
	s->prev = st->last;
	if (st->last)
		st->last->next = s;
	else
		st->first = s;
	st->last = s;
	st->nsessions++;
	s->created = s->changed = ++st->version;
	return s;
}

static void replace(char **field, const char *value)
{
	char *old = *field;
	*field = copy(value);
	free(old);
}

static void invalidate(struct store *st, struct session *s)
{
	s->changed = ++st->version;
}

void store_update_session(struct store *st, struct session *s,
			  const char *path, const char *name, const char *type)
{
	if (path) {
		hindex_remove(&st->sessions_by_path, &s->by_path);
		replace(&s->path, path);
		hindex_insert(&st->sessions_by_path, &s->by_path, s->path);
	}
	if (name)
		replace(&s->name, name);
	if (type)
		replace(&s->type, type);
	invalidate(st, s);
}

void store_move_session(struct store *st, struct session *s,
			struct kernel *k)
{
	k->refs++;
	kernel_release(s->kernel);
	s->kernel = k;
	invalidate(st, s);
}

void store_delete_session(struct store *st, struct session *s)
{
	hindex_remove(&st->sessions_by_id, &s->by_id);
	hindex_remove(&st->sessions_by_path, &s->by_path);
	if (s->prev)
		s->prev->next = s->next;
	else
		st->first = s->next;
	if (s->next)
		s->next->prev = s->prev;
	else
		st->last = s->prev;
	st->nsessions--;
	st->version++;
	session_free(s);
}

enum store_lookup store_find(struct store *st, const char *id,
			     struct session **out, char *culled_kernel)
{
	struct hindex_node *n = hindex_find(&st->sessions_by_id, id);
	*out = NULL;
	if (!n)
		return STORE_MISSING;
	struct session *s = HINDEX_ENTRY(n, struct session, by_id);
	if (!s->kernel->alive) {
		if (culled_kernel)
			memcpy(culled_kernel, s->kernel->id, 37);
		store_delete_session(st, s);
		return STORE_CULLED;
	}
	*out = s;
	return STORE_FOUND;
}

struct session *store_peek(struct store *st, const char *id)
{
	struct hindex_node *n = hindex_find(&st->sessions_by_id, id);
	return n ? HINDEX_ENTRY(n, struct session, by_id) : NULL;
}

struct session *store_last_session(struct store *st)
{
	return st->last;
}

void store_new_uuid(struct store *st, char out[37])
{
	det_uuid4(&st->rng, out);
}

struct session *store_find_by_path(struct store *st, const char *path)
{
	struct session *oldest = NULL;
	for (struct hindex_node *n = hindex_find(&st->sessions_by_path, path);
	     n; n = hindex_find_next(n)) {
		struct session *s = HINDEX_ENTRY(n, struct session, by_path);
		if (!oldest || s->created < oldest->created)
			oldest = s;
	}
	if (oldest && !oldest->kernel->alive) {
		store_delete_session(st, oldest);
		return NULL;
	}
	return oldest;
}

/* The models are written piece by piece rather than with one printf:
 * they are on the path of every GET and format-string parsing was a
 * tenth of the time of one. */

void store_kernel_json(const struct kernel *k, struct buf *out)
{
	char when[32];
	det_format_iso(k->last_activity, when);
	BUF_LITERAL(out, "{\"id\": \"");
	buf_append(out, k->id, strlen(k->id));
	BUF_LITERAL(out, "\", \"name\": ");
	json_py_write_string(out, k->name);
	BUF_LITERAL(out, ", \"last_activity\": \"");
	buf_puts(out, when);
	BUF_LITERAL(out, "\", \"execution_state\": ");
	json_py_write_string(out, k->execution_state);
	BUF_LITERAL(out, ", \"connections\": ");
	char digits[16];
	buf_append(out, digits, (size_t)snprintf(digits, sizeof digits, "%d",
						 k->connections));
	if (k->reason && *k->reason) {
		BUF_LITERAL(out, ", \"reason\": ");
		json_py_write_string(out, k->reason);
	}
	buf_putc(out, '}');
}

void store_session_json(const struct session *s, struct buf *out)
{
	BUF_LITERAL(out, "{\"id\": \"");
	buf_puts(out, s->id);
	BUF_LITERAL(out, "\", \"path\": ");
	buf_puts(out, s->path);
	BUF_LITERAL(out, ", \"name\": ");
	buf_puts(out, s->name);
	BUF_LITERAL(out, ", \"type\": ");
	buf_puts(out, s->type);
	BUF_LITERAL(out, ", \"kernel\": ");
	store_kernel_json(s->kernel, out);
	if (strcmp(s->type, "\"notebook\"") == 0) {
		BUF_LITERAL(out, ", \"notebook\": {\"path\": ");
		buf_puts(out, s->path);
		BUF_LITERAL(out, ", \"name\": ");
		buf_puts(out, s->name);
		buf_putc(out, '}');
	}
	buf_putc(out, '}');
}

const char *store_session_digest(struct store *st, struct session *s,
				 const char *json, size_t len)
{
	if (!s->digest[0] || s->changed > s->digest_at ||
	    s->kernel->changed > s->digest_at) {
		sha1_hex(json, len, s->digest);
		s->digest_at = st->version;
	}
	return s->digest;
}

void store_list_json(struct store *st, struct buf *out)
{
	buf_putc(out, '[');
	int first = 1;
	for (struct session *s = st->first, *next; s; s = next) {
		next = s->next;
		if (!s->kernel->alive) {
			store_delete_session(st, s);
			continue;
		}
		if (!first)
			buf_puts(out, ", ");
		store_session_json(s, out);
		first = 0;
	}
	buf_putc(out, ']');
}

struct rcbuf *store_list_shared(struct store *st, char digest[41])
{
	if (!st->list || st->list_version != st->version) {
		/* The list is rebuilt on every change of the store, and most
		 * changes move its length by one session: sized from the last
		 * one, it takes one allocation.  Grown by doubling from 64 B,
		 * it took a dozen, whose freed steps sat in the tcaches of
		 * the 64 worker threads and kept the heap from coalescing:
		 * RSS grew by 110 MB over 1M requests on 64 connections
		 * (tests/bench/soak.sh, tests/e2e/test_memory_flat.py). */
		size_t last = st->list ? st->list->len : 0;
		struct buf text = {0};
		rcbuf_begin(&text, last + last / 4 + 1024);
		store_list_json(st, &text); /* may cull, which bumps version */
		rcbuf_unref(st->list); /* readers keep their own references */
		st->list = rcbuf_finish(&text);
		st->list_version = st->version;
		sha1_hex(st->list->data, st->list->len, st->list_sha1);
	}
	memcpy(digest, st->list_sha1, sizeof st->list_sha1);
	return rcbuf_ref(st->list);
}

void store_kernels_json(struct store *st, struct buf *out)
{
	buf_putc(out, '[');
	for (struct kernel *k = st->first_kernel; k; k = k->next) {
		if (k != st->first_kernel)
			buf_puts(out, ", ");
		store_kernel_json(k, out);
	}
	buf_putc(out, ']');
}

size_t store_session_count(const struct store *st)
{
	return st->nsessions;
}

uint64_t store_version(const struct store *st)
{
	return st->version;
}

struct kernel *store_first_kernel(struct store *st)
{
	return st->first_kernel;
}

void store_touch_kernel(struct store *st, struct kernel *k)
{
	k->changed = ++st->version;
}

void store_on_kernel_shutdown(struct store *st,
			      void (*fn)(void *ctx, struct kernel *k), void *ctx)
{
	st->on_shutdown = fn;
	st->on_shutdown_ctx = ctx;
}
