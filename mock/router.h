/*
 * router.h - matches a request's method and path against the spec's
 * operations (the generated tables), capturing path parameters.
 *
 * A template segment is a literal or holds one {parameter} with optional
 * literal text around it ("{id}.json").  When several templates match,
 * the one with the most literal segments wins, then spec order.  A final
 * whole-segment parameter may span several segments ("/files/{path}"
 * matching "/files/a/b.txt") when no template matches segment by segment.
 */
#ifndef ROUTER_H
#define ROUTER_H

#define ROUTER_MAX_PARAMS 8
#define ROUTER_MAX_VALUE 1024

struct route_param {
	const char *name; /* borrowed from the tables */
	char value[ROUTER_MAX_VALUE];
};

struct route_match {
	int op; /* spec_operations row */
	int nparams;
	struct route_param params[ROUTER_MAX_PARAMS];
	char allowed[96]; /* "GET, POST" when the path exists */
};

enum route_result { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

struct router;

/* Compiles every operation's path template; NULL on out-of-memory. */
struct router *router_new(void);
void router_free(struct router *r);
/* ROUTE_FOUND fills m->op and the parameters; ROUTE_NO_METHOD fills
 * m->allowed with the methods the path has. */
enum route_result router_match(const struct router *r, const char *method,
			       const char *path, struct route_match *m);
/* The value of a captured parameter, or NULL. */
const char *route_param(const struct route_match *m, const char *name);

#endif
