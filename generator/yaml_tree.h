/*
 * yaml_tree.h - a YAML document as a tree of nodes with positions.
 *
 * libyaml's events become scalars, sequences and mappings, each with the
 * line and column where it starts.  Aliases point at their anchor's node,
 * so the result is a DAG, never a cycle (an alias inside its own anchor is
 * an error).  Duplicate mapping keys, non-scalar keys, nesting deeper than
 * YAML_MAX_DEPTH and more than one document are errors.
 */
#ifndef SPECGEN_YAML_TREE_H
#define SPECGEN_YAML_TREE_H

#include <stddef.h>

struct arena;
struct diag;
struct hash;

#define YAML_MAX_DEPTH 200

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
	enum ynode_kind kind;
	int line, col; /* from 1 */
	/* scalar: 1 when written quoted, as a block or tagged !!str, so it is
	 * a string whatever it looks like */
	int quoted;
	const char *text; /* scalar: UTF-8, NUL-terminated; may hold NULs */
	size_t len;
	/* sequence: items[0..n); mapping: n pairs, key i is items[2i] (a
	 * scalar) and its value items[2i+1] */
	struct ynode **items;
	size_t n;
	/* mapping: key text -> pair index, so lookups in big maps are fast */
	const struct hash *index;
};

/* Parses buf[0..len) into a tree allocated in a.  Returns the root, or NULL
 * after reporting errors to d (the first syntax error, or every duplicate
 * key).  An empty document is an error too. */
struct ynode *yaml_tree_load(struct arena *a, struct diag *d, const char *buf,
			     size_t len);

/* The value of key in map, or NULL when map is not a mapping or lacks it. */
const struct ynode *ymap_get(const struct ynode *map, const char *key);
/* ymap_get() of a key that may hold NUL bytes. */
const struct ynode *ymap_getn(const struct ynode *map, const char *key,
			      size_t len);
/* Key node and value node of pair i of a mapping. */
const struct ynode *ymap_key(const struct ynode *map, size_t i);
const struct ynode *ymap_value(const struct ynode *map, size_t i);
/* 1 when n is a scalar whose text is exactly s. */
int yscalar_is(const struct ynode *n, const char *s);

#endif
