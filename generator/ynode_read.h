/*
 * ynode_read.h - typed access to YAML nodes: the value of the kind asked
 * for, or an error at the node's position.
 *
 * Shared by the spec readers (reader.c) and the scenario loader (mock/),
 * so both files speak the same way about a value of the wrong kind.
 * `what` names the value in the message as it is given: quote a key
 * ("'paths'"), not a description ("a step").
 */
#ifndef SPECGEN_YNODE_READ_H
#define SPECGEN_YNODE_READ_H

struct diag;
struct ynode;

/* n when it is a mapping; else NULL after "WHAT must be a mapping". */
const struct ynode *yread_map(struct diag *d, const struct ynode *n,
			      const char *what);
/* n when it is a sequence; else NULL after "WHAT must be a list". */
const struct ynode *yread_seq(struct diag *d, const struct ynode *n,
			      const char *what);
/* The text of scalar n; else NULL after "WHAT must be a string". */
const char *yread_string(struct diag *d, const struct ynode *n,
			 const char *what);
/* A decimal integer from min to max into *out: 0, else -1 after "WHAT
 * must be an integer from MIN to MAX" ("of at least MIN" when max is
 * LONG_MAX).  A number too large for a long is an error, not clamped. */
int yread_long(struct diag *d, const struct ynode *n, const char *what,
	       long min, long max, long *out);
/* Reports each key of map not in allowed (NULL-terminated) as "unknown
 * key 'K' in WHERE". */
void yread_keys(struct diag *d, const struct ynode *map,
		const char *const *allowed, const char *where);

#endif
