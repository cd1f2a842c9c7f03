/* arena.c - bump allocator for the generator. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define ARENA_BLOCK (64 * 1024)

struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[];
};

struct arena {
	struct block *head;
};

static void *xcalloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p) {
		fputs("specgen: error: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

struct arena *arena_new(void)
{
	return xcalloc(sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	struct block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	struct block *b = a->head;
	void *p;

	if (size > SIZE_MAX / 2) {
		fputs("specgen: error: out of memory\n", stderr);
		exit(1);
	}
	size = (size + align - 1) / align * align;
	if (!b || b->size - b->used < size) {
		size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;

		b = xcalloc(sizeof(struct block) + cap);
		b->size = cap;
		/* A large block goes behind the current one so the small
		 * allocations keep filling the current block. */
		if (a->head && size > ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += size;
	return p;
}

void *arena_grow(struct arena *a, const void *old, size_t old_size,
		 size_t new_size)
{
	void *p = arena_alloc(a, new_size);

	if (old && old_size)
		memcpy(p, old, old_size < new_size ? old_size : new_size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *arena_take_buf(struct arena *a, struct buf *b)
{
	char *p = arena_strndup(a, b->data ? b->data : "", b->len);

	buf_free(b);
	return p;
}
