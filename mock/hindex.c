/* hindex.c - an intrusive chained hash index of string keys. */
#include "hindex.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a: keys are short (uuids, paths) and this is plenty. */
static uint64_t hash_key(const char *key)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return h;
}

static struct hindex_node **new_buckets(size_t n)
{
	struct hindex_node **b = calloc(n, sizeof *b);
	if (!b)
		abort();
	return b;
}

void hindex_init(struct hindex *ix)
{
	ix->mask = 15;
	ix->count = 0;
	ix->buckets = new_buckets(ix->mask + 1);
}

void hindex_free(struct hindex *ix)
{
	free(ix->buckets);
	ix->buckets = NULL;
	ix->count = 0;
}

/* Links at the chain's head: no walk over nodes scattered in memory.
 * Equal keys therefore come newest first (a caller that needs another
 * order keeps its own, as the store does with creation numbers). */
static void link_head(struct hindex_node **bucket, struct hindex_node *node)
{
	node->next = *bucket;
	*bucket = node;
}

static void grow(struct hindex *ix)
{
	size_t old_n = ix->mask + 1;
	struct hindex_node **old = ix->buckets;
	ix->mask = old_n * 2 - 1;
	ix->buckets = new_buckets(old_n * 2);
	for (size_t i = 0; i < old_n; i++) {
		struct hindex_node *node = old[i];
		while (node) {
			struct hindex_node *next = node->next;
			link_head(&ix->buckets[node->hash & ix->mask], node);
			node = next;
		}
	}
	free(old);
}

void hindex_insert(struct hindex *ix, struct hindex_node *node,
		   const char *key)
{
	if (ix->count >= ix->mask + 1)
		grow(ix);
	node->key = key;
	node->hash = hash_key(key);
	link_head(&ix->buckets[node->hash & ix->mask], node);
	ix->count++;
}

void hindex_remove(struct hindex *ix, struct hindex_node *node)
{
	struct hindex_node **p = &ix->buckets[node->hash & ix->mask];
	while (*p && *p != node)
		p = &(*p)->next;
	if (*p) {
		*p = node->next;
		ix->count--;
	}
}

static struct hindex_node *scan(struct hindex_node *node, uint64_t hash,
				const char *key)
{
	for (; node; node = node->next)
		if (node->hash == hash && strcmp(node->key, key) == 0)
			return node;
	return NULL;
}

struct hindex_node *hindex_find(const struct hindex *ix, const char *key)
{
	uint64_t hash = hash_key(key);
	return scan(ix->buckets[hash & ix->mask], hash, key);
}

struct hindex_node *hindex_find_next(const struct hindex_node *node)
{
	return scan(node->next, node->hash, node->key);
}
