/* hash.c - open-addressing table keyed by (pointer, bytes). */
#include "hash.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"

static size_t hash_of(const void *owner, const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)owner;
	size_t i;

	h *= 1099511628211ULL;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

void hash_init(struct hash *h, struct arena *a)
{
	memset(h, 0, sizeof(*h));
	h->arena = a;
}

static struct hash_entry *probe(const struct hash *h, const void *owner,
				const char *key, size_t len)
{
	size_t i = hash_of(owner, key, len) & (h->cap - 1);

	for (;; i = (i + 1) & (h->cap - 1)) {
		struct hash_entry *e = &h->slots[i];

		if (!e->key)
			return e;
		if (e->owner == owner && e->len == len &&
		    memcmp(e->key, key, len) == 0)
			return e;
	}
}

struct hash_entry *hash_find(const struct hash *h, const void *owner,
			     const char *key, size_t len)
{
	struct hash_entry *e;

	if (!h->cap)
		return NULL;
	e = probe(h, owner, key, len);
	return e->key ? e : NULL;
}

static void grow(struct hash *h)
{
	struct hash_entry *old = h->slots;
	size_t i, old_cap = h->cap;

	h->cap = old_cap ? old_cap * 2 : 64;
	h->slots = arena_alloc(h->arena, h->cap * sizeof(*h->slots));
	for (i = 0; i < old_cap; i++)
		if (old[i].key)
			*probe(h, old[i].owner, old[i].key, old[i].len) =
				old[i];
}

struct hash_entry *hash_put(struct hash *h, const void *owner, const char *key,
			    size_t len, int *created)
{
	struct hash_entry *e;

	if ((h->count + 1) * 2 > h->cap)
		grow(h);
	e = probe(h, owner, key, len);
	if (created)
		*created = !e->key;
	if (!e->key) {
		/* an empty key still needs a non-NULL marker */
		e->key = key ? key : "";
		e->owner = owner;
		e->len = len;
		h->count++;
	}
	return e;
}
