/*
 * hash.h - a lookup table keyed by (owner pointer, byte string).
 *
 * The generator needs several maps: duplicate keys per YAML mapping
 * (owner = the mapping), anchors (owner = NULL), compiled schemas by tree
 * node (owner = node, empty string), operationIds.  One open-addressing
 * table serves them all, so none of them is quadratic on hostile input.
 */
#ifndef SPECGEN_HASH_H
#define SPECGEN_HASH_H

#include <stddef.h>

struct arena;

struct hash_entry {
	const void *owner;
	const char *key; /* not copied: must outlive the table */
	size_t len;
	void *value;
};

struct hash {
	struct arena *arena;
	struct hash_entry *slots;
	size_t cap, count;
};

void hash_init(struct hash *h, struct arena *a);
/* The entry for (owner, key[0..len)), or NULL. */
struct hash_entry *hash_find(const struct hash *h, const void *owner,
			     const char *key, size_t len);
/* The entry for the key, created with value NULL if absent; *created (if
 * not NULL) says which.  Never NULL. */
struct hash_entry *hash_put(struct hash *h, const void *owner, const char *key,
			    size_t len, int *created);

#endif
