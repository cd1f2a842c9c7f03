/*
 * buf.h - a growable byte buffer, the one way this server builds text.
 *
 * A zeroed struct buf is an empty buffer.  Appends never fail: on
 * out-of-memory the process aborts, because a mock that answers with a
 * half-built body is worse than one that stops.
 */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated when len > 0 or after buf_cstr */
	size_t len;
	size_t cap;
};

void buf_reserve(struct buf *b, size_t extra);
/* The same, but when it must grow, to exactly len + extra bytes and the
 * NUL, not the next power of two: for buffers kept long and many. */
void buf_reserve_exact(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* Appends text with its control bytes (below 0x20, and DEL) written as
 * \xNN, so that request data cannot break a log line or a message. */
void buf_put_printable(struct buf *b, const char *text);
/* Appends a string literal, its length known at compile time (the "" makes
 * anything but a literal a compile error). */
#define BUF_LITERAL(b, text) buf_append(b, "" text, sizeof(text) - 1)
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The contents as a C string; never NULL. */
const char *buf_cstr(struct buf *b);
void buf_reset(struct buf *b); /* empty, keeps memory */
void buf_free(struct buf *b);  /* releases memory; b is empty again */
/* Empties b for reuse, keeping its memory unless that exceeds keep_max
 * bytes (one huge answer should not stay pinned in a worker). */
void buf_recycle(struct buf *b, size_t keep_max);
/* Hands the memory over to the caller (free() it); b is empty again. */
char *buf_take(struct buf *b, size_t *len);

#endif
