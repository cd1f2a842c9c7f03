/*
 * request.h - a request as the HTTP glue hands it over, and the readers
 * every stage of the request path uses on it (headers, query
 * parameters).
 *
 * It knows nothing of civetweb, of the engine or of scenarios: those read
 * requests, a request reads nothing of them.
 */
#ifndef REQUEST_H
#define REQUEST_H

#include <stddef.h>

#include "buf.h"

#define REQUEST_MAX_HEADERS 64

struct request_header {
	const char *name, *value;
};

/* A request as the HTTP glue hands it over; everything is borrowed. */
struct mock_request {
	const char *method;
	const char *path;  /* decoded, without the query string */
	const char *query; /* raw, or NULL */
	const char *body;  /* not NUL-terminated; NULL when empty */
	size_t body_len;
	/* Set by the HTTP glue when the request is refused before it is
	 * routed (a body too large or cut short, a head that could be read
	 * two ways, a foreign Host or Origin). */
	struct request_refusal {
		int status;          /* of the JSON error; 0: not refused */
		const char *message; /* static */
		int close;           /* the connection's next bytes are in doubt */
	} refusal;
	int nheaders;
	struct request_header headers[REQUEST_MAX_HEADERS];
};

/* A header's value (names compared case-insensitively), or NULL. */
const char *request_header(const struct mock_request *req, const char *name);

/* Appends the decoded value ('+' is a space, %XX a byte) of a query
 * parameter to out: 0, or -1 when the query has no such parameter.  Of
 * a parameter given twice, the first. */
int request_query(const struct mock_request *req, const char *name,
		  struct buf *out);

/* request_query on a raw query string (NULL: none). */
int query_value(const char *query, const char *name, struct buf *out);

#endif
