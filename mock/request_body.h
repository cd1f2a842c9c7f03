/*
 * request_body.h - reads a request's body from civetweb, whole or not at
 * all: a body shorter than its Content-Length (the client half-closed,
 * hung up or stopped sending for the request timeout) or a broken chunked
 * one is never handed on as if it were whole.
 */
#ifndef REQUEST_BODY_H
#define REQUEST_BODY_H

#include <stddef.h>

#include "buf.h"
#include "request.h"

struct mg_connection;

struct read_watch;

/* Reads the body of conn's request into body (appended), up to max bytes,
 * first answering "Expect: 100-continue" when a body is coming; watch
 * (may be NULL) ends the read at its deadline.  Returns 0 when the body
 * is whole, or -1 with *r filled: 413 (larger than max, left unread), 400
 * (cut short, broken, or not all there by the deadline).  The connection
 * must then close: what is left of the body would be read as the next
 * request. */
int request_body_read(struct mg_connection *conn, size_t max,
		      struct read_watch *watch, struct buf *body,
		      struct request_refusal *r);

#endif
