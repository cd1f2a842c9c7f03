/*
 * schema_compile.h - schema nodes to rows of spec_schemas.
 *
 * schema_ref() hands out the row of a schema at once and queues the node;
 * schema_compile_all() fills the queued rows, which may queue more.  So a
 * recursive schema is compiled once, its cycle closed by row indexes, and
 * no C recursion follows $refs (no stack depth to exhaust).
 */
#ifndef SPECGEN_SCHEMA_COMPILE_H
#define SPECGEN_SCHEMA_COMPILE_H

struct reader;
struct ynode;

/* A Swagger 2.0 parameter or header: the node is the schema, and its
 * "required" is the parameter's flag, not a list of properties. */
#define SCHEMA_PARAM 1

/* The row of schema node n (after its $refs), reserving it if new, or -1
 * for NULL n or after an error.  name (not copied) names a component's
 * row if it has no name yet. */
int schema_ref(struct reader *r, const struct ynode *n, int flags,
	       const char *name);
/* Fills every reserved row, including the rows that filling reserves. */
void schema_compile_all(struct reader *r);

#endif
