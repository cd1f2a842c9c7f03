/*
 * hindex.h - an intrusive hash index of string keys.
 *
 * The indexed object embeds a struct hindex_node and keeps the key string
 * alive while it is indexed; the index owns only its bucket array.  Equal
 * keys may be indexed more than once: find and find_next visit each of
 * them once, in no promised order.
 */
#ifndef HINDEX_H
#define HINDEX_H

#include <stddef.h>
#include <stdint.h>

struct hindex_node {
	struct hindex_node *next;
	uint64_t hash;
	const char *key;
};

struct hindex {
	struct hindex_node **buckets;
	size_t mask; /* bucket count - 1; the count is a power of two */
	size_t count;
};

#define HINDEX_ENTRY(node, type, member)                                      \
	((type *)(void *)((char *)(node) - offsetof(type, member)))

void hindex_init(struct hindex *ix);
void hindex_free(struct hindex *ix); /* the nodes stay with their owners */
void hindex_insert(struct hindex *ix, struct hindex_node *node,
		   const char *key);
void hindex_remove(struct hindex *ix, struct hindex_node *node);
/* The first node indexed under key, or NULL. */
struct hindex_node *hindex_find(const struct hindex *ix, const char *key);
/* The next node after node with the same key, or NULL. */
struct hindex_node *hindex_find_next(const struct hindex_node *node);

#endif
