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
