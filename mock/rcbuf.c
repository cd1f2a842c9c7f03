/* rcbuf.c - immutable bytes shared by reference count. */
#include "rcbuf.h"

#include <stdlib.h>
#include <string.h>

struct rcbuf *rcbuf_take(struct buf *b)
{
	struct rcbuf *r = malloc(sizeof *r + b->len + 1);
	if (!r)
		abort();
	atomic_init(&r->refs, 1);
	r->len = b->len;
	if (b->len)
		memcpy(r->data, b->data, b->len);
	r->data[b->len] = '\0';
	buf_free(b);
	return r;
}

void rcbuf_begin(struct buf *b, size_t expect)
{
	buf_reset(b);
	buf_reserve(b, sizeof(struct rcbuf) + expect);
	b->len = sizeof(struct rcbuf);
}

struct rcbuf *rcbuf_finish(struct buf *b)
{
	size_t len = b->len - sizeof(struct rcbuf);
	struct rcbuf *r = realloc(b->data, b->len + 1); /* shrinks in place */
	if (!r)
		abort();
	atomic_init(&r->refs, 1);
	r->len = len;
	r->data[len] = '\0';
	b->data = NULL;
	b->len = b->cap = 0;
	return r;
}

struct rcbuf *rcbuf_ref(struct rcbuf *r)
{
	atomic_fetch_add_explicit(&r->refs, 1, memory_order_relaxed);
	return r;
}

void rcbuf_unref(struct rcbuf *r)
{
	if (r && atomic_fetch_sub_explicit(&r->refs, 1, memory_order_acq_rel) == 1)
		free(r);
}
