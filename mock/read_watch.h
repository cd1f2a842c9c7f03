/*
 * read_watch.h - ends body reads that outlast their deadline.
 *
 * civetweb 1.15 times a read out only when nothing at all comes for the
 * request timeout, so a body dribbled a byte a second would hold its
 * worker thread for as long as the client likes (it takes --threads such
 * clients to lock everyone out).  A watch thread shuts the reading side of
 * the socket of any body read still going at its deadline: civetweb's
 * read then sees EOF, and the body is refused as cut short.
 */
#ifndef READ_WATCH_H
#define READ_WATCH_H

#include <time.h>

struct read_watch;

/* One body read being watched; the reader's own (on its stack). */
struct watched_read {
	struct watched_read *prev, *next;
	struct timespec deadline; /* CLOCK_MONOTONIC */
	const char *addr;         /* the peer, as civetweb writes it */
	int port;
	int ended; /* the watch shut the socket */
};

/* A watch giving each read timeout_ms; NULL when no thread can be had. */
struct read_watch *read_watch_start(int timeout_ms);
/* Ends the watch thread (reads still registered are left alone). */
void read_watch_stop(struct read_watch *w);

/* Watches r (peer addr:port) from now until read_watch_end; w may be
 * NULL (nothing watched). */
void read_watch_begin(struct read_watch *w, struct watched_read *r,
		      const char *addr, int port);
/* Stops watching r: 1 when the watch ended it, else 0. */
int read_watch_end(struct read_watch *w, struct watched_read *r);

#endif
