/*
 * rcbuf.h - immutable bytes shared by reference count.
 *
 * A large answer that many clients read at once (the list of 10,000
 * sessions) is built once and sent from the same memory to all of them,
 * instead of one copy per connection.
 */
#ifndef RCBUF_H
#define RCBUF_H

#include <stdatomic.h>
#include <stddef.h>

#include "buf.h"

struct rcbuf {
	atomic_int refs;
	size_t len;
	char data[]; /* NUL-terminated */
};

/* Takes b's contents (b is empty after) into a new rcbuf with one
 * reference, which the caller owns. */
struct rcbuf *rcbuf_take(struct buf *b);
/* To build a large rcbuf without a second copy: rcbuf_begin(b, expect)
 * on an empty buf, append the contents, then rcbuf_finish(b) turns b's own
 * memory into the rcbuf (one reference, the caller's; b is empty).
 * expect is the length the contents will likely have: room for it is
 * allocated at once, so a text of about that size costs one allocation
 * and one shrink instead of a doubling from 64 bytes. */
void rcbuf_begin(struct buf *b, size_t expect);
struct rcbuf *rcbuf_finish(struct buf *b);
/* Another reference to r, for the caller to rcbuf_unref. */
struct rcbuf *rcbuf_ref(struct rcbuf *r);
/* Drops a reference; the last one frees.  NULL is allowed. */
void rcbuf_unref(struct rcbuf *r);

#endif
