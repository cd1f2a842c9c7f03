/*
 * ws_outbox.h - one websocket's frames waiting to go out, and the thread
 * that writes them.  Whoever makes a frame only queues it (cheap, never
 * waiting on the socket, so it may hold any lock); the writer sends the
 * frames in the order queued.  A client that stops reading stalls its
 * own writer and nothing else, as tornado's write buffers keep the real
 * server serving.  It knows no civetweb: the write function does.
 */
#ifndef WS_OUTBOX_H
#define WS_OUTBOX_H

#include <stddef.h>

/* Writes one frame: > 0 when written; 0 or less ends the writing (what
 * is queued then and later is dropped). */
typedef int (*ws_outbox_write_fn)(void *ctx, int opcode, const char *data,
				  size_t len);

struct ws_outbox;

/* Starts the writer; at most max bytes wait at once.  NULL when out of
 * memory or no thread. */
struct ws_outbox *ws_outbox_start(ws_outbox_write_fn write, void *ctx,
				  size_t max);

#define WS_OUTBOX_QUEUED 0
#define WS_OUTBOX_DROPPED (-1)      /* after the last frame or a failed write */
#define WS_OUTBOX_FULL (-2)         /* over max, the first time */
#define WS_OUTBOX_STILL_FULL (-3)   /* over max again */

/* Queues a copy of data; last: nothing is queued after it (a close
 * frame).  One of the values above. */
int ws_outbox_put(struct ws_outbox *o, int opcode, const char *data,
		  size_t len, int last);
/* 1 once the last frame is queued. */
int ws_outbox_closing(struct ws_outbox *o);
/* Lets the writer send what is queued (unless a write failed), waits for
 * it to end, and frees o. */
void ws_outbox_finish(struct ws_outbox *o);

#endif
