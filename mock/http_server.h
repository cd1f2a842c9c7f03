/*
 * http_server.h - the civetweb glue: the only module that knows sockets.
 *
 * Every request is read whole (up to a cap), handed to the engine, and
 * its reply written back with one mg_write, so a keep-alive client never
 * waits on Nagle or a delayed ACK between headers and body.
 */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

#include <stddef.h>

#include "access.h"
#include "control.h"

struct http_server_options {
	const char *host; /* "127.0.0.1" */
	int port;         /* 0: an ephemeral port */
	int threads;      /* one per keep-alive connection served at once */
	size_t max_body;  /* bytes; a larger body gets 413 */
	int quiet;        /* no per-request log line */
	/* A request's head must arrive within request_timeout_ms of its
	 * first byte, and its body may not stall that long; a kept-alive
	 * connection must start its next request within
	 * keep_alive_timeout_ms.  Idle and slow clients hold a worker thread
	 * each only that long. */
	int request_timeout_ms;
	int keep_alive_timeout_ms;
	struct access_options access; /* Host and Origin checks */
};

struct http_server;

/* Starts serving c (borrowed; it must outlive the server).  NULL with
 * the reason printed to stderr when the port cannot be had. */
struct http_server *http_server_start(const struct http_server_options *opt,
				      struct control *c);
/* 1 when civetweb was built with IPv6 (Debian 12's is not). */
int http_server_ipv6(void);
/* The port actually bound. */
int http_server_port(const struct http_server *s);
void http_server_stop(struct http_server *s);

#endif
