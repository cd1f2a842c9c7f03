/*
 * reply.h - one HTTP response under construction, and its bytes.
 *
 * Handlers fill a struct reply; reply_serialize turns it into the status
 * line, the headers in the real server's order and the body, in one
 * buffer, so the HTTP glue sends every response with a single write.
 */
#ifndef REPLY_H
#define REPLY_H

#include <stdint.h>

#include "buf.h"
#include "fault.h"
#include "rcbuf.h"

/* What --validate found in the request. */
enum reply_verdict {
	VERDICT_NONE,     /* nothing to report (valid, or not checked) */
	VERDICT_WARNED,   /* invalid, let through by --validate warn */
	VERDICT_REJECTED  /* invalid, answered 400 by --validate strict */
};

struct reply {
	int status;
	const char *content_type; /* NULL: no Content-Type header */
	int send_length;          /* 1: a Content-Length header */
	int omit_body;            /* HEAD: headers as for GET, no body */
	int close;                /* Connection: close, then hang up */
	const char *server_headers; /* "Name: value\r\n" lines the spec says
				     * the real server always sends (its
				     * x-server-headers); borrowed; NULL: none */
	int64_t date;             /* virtual instant for the Date header */
	struct buf headers;       /* extra lines, each ending in \r\n */
	struct buf body;
	struct rcbuf *shared; /* when set, the body instead of `body` (owned ref) */
	char etag[44];        /* a known Etag of the body, or "" to compute */
	struct buf note; /* for the log line only: warnings, scenario step */
	struct fault fault; /* what the HTTP glue plays instead of a clean send */
	/* The Content-Security-Policy of a page of the mock's own (sent with
	 * nosniff, instead of server_headers); NULL: the spec's
	 * x-server-headers (Jupyter's API policy, default-src 'none', which
	 * a page with inline script cannot use). */
	const char *csp;
	/* What answered, for the journal and coverage (never sent). */
	int op;           /* spec_operations row; -1: no operation routed */
	const char *scenario; /* name of the scenario replayed (in held); NULL */
	const char *step; /* scenario step label (in held); NULL */
	/* What keeps scenario and step valid after the engine let go (a
	 * reload may replace the scenario meanwhile): given back with
	 * held_free(held) by reply_free and reply_reset; NULL: nothing. */
	const void *held;
	void (*held_free)(const void *held);
	int off_script;   /* 1: the scenario refused it */
	int example;      /* spec_examples row the body came from; -1 */
	enum reply_verdict verdict;
};

/* A reply is zeroed by reply_init and released by reply_free. */
void reply_init(struct reply *r);
void reply_free(struct reply *r);
/* Makes a used reply fresh again, as reply_init does, but keeps its
 * buffers' memory, up to keep_max bytes each, for the next request. */
void reply_reset(struct reply *r, size_t keep_max);

/* The body's bytes, shared or not. */
const char *reply_body(const struct reply *r, size_t *len);
/* A JSON body: Content-Type application/json and Content-Length. */
void reply_json(struct reply *r, int status, const char *json, size_t len);
/* The same with a shared body: takes the caller's reference to body;
 * etag (may be NULL) is its known Etag value, quotes included. */
void reply_json_shared(struct reply *r, int status, struct rcbuf *body,
		       const char *etag);
/* {"message": <message>, "reason": null}: the real server's error shape. */
void reply_error(struct reply *r, int status, const char *message);
/* An empty body with no Content-Type; Content-Length: 0 unless the
 * status is 204 or 304, which carry none. */
void reply_empty(struct reply *r, int status);
/* Adds a header; a CR or LF in value is written as a space, so no value
 * can end its line early. */
void reply_header(struct reply *r, const char *name, const char *value);

/* The standard reason phrase of an HTTP status, or "Unknown". */
const char *reply_reason(int status);
/* Adds the Etag (SHA-1 of the body, as the real server does on GET 200)
 * and turns the reply into a 304 when if_none_match (may be NULL)
 * matches it. */
void reply_add_etag(struct reply *r, const char *if_none_match);
/* 1 when an If-None-Match value matches etag (quoted), as tornado's
 * check_etag_header decides. */
int etag_matches(const char *if_none_match, const char *etag);
/* Appends the response: status line, headers and the body, unless the
 * body is shared and longer than max_inline: then the body is left for
 * reply_tail, so a large shared body is sent without a copy. */
void reply_serialize(const struct reply *r, struct buf *out,
		     size_t max_inline);
/* The body reply_serialize left out, or NULL. */
const char *reply_tail(const struct reply *r, size_t max_inline, size_t *len);

#endif
