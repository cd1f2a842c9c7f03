/*
 * arena.h - one allocator for the whole generator run.
 *
 * specgen is a short-lived tool: everything it builds (the YAML tree, the
 * spec model, its strings) lives until the output is written, so it all
 * comes from one arena that is freed once at exit.  Allocation failure
 * prints a message and exits: there is nothing useful to recover.
 */
#ifndef SPECGEN_ARENA_H
#define SPECGEN_ARENA_H

#include <stddef.h>

struct arena;
struct buf;

/* A new empty arena; never NULL (exits on out of memory). */
struct arena *arena_new(void);
/* Frees the arena and everything allocated from it; NULL is allowed. */
void arena_free(struct arena *a);

/* size zeroed bytes, aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* A copy of old's first old_size bytes in a block of new_size bytes (the
 * rest zeroed).  The old block is not reused: growth by doubling keeps the
 * waste bounded. */
void *arena_grow(struct arena *a, const void *old, size_t old_size,
		 size_t new_size);
/* A NUL-terminated copy of s[0..len). */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A NUL-terminated copy of b's bytes in the arena; b is freed (empty
 * again).  Growable text is built in a struct buf (buf.h), and what must
 * live as long as the arena is kept this way. */
char *arena_take_buf(struct arena *a, struct buf *b);

#endif
