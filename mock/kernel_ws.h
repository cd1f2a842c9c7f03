/*
 * kernel_ws.h - the civetweb glue of /api/kernels/{id}/channels: the
 * websocket handshake, frames in, the scripted kernel's frames out (to
 * the requester, iopub to every connection of the kernel), and the
 * frames REST requests make (a restart) pushed to the open sockets.
 * A socket belongs to the instance its upgrade names, chosen as for any
 * request (control_engine_of); frames go out through each socket's
 * outbox and writer thread, never from under the engine's lock.
 */
#ifndef KERNEL_WS_H
#define KERNEL_WS_H

#include <civetweb.h>

#include "control.h"

/* Messages larger than this close the socket with 1009, as tornado's
 * default websocket_max_message_size (10 MiB) does. */
#define KERNEL_WS_MAX_MESSAGE ((size_t)10 << 20)

/* Frames queued for one socket past this are dropped (a client that
 * reads nothing), said once on stderr. */
#define KERNEL_WS_MAX_OUTBOX ((size_t)64 << 20)

struct kernel_ws;

/* Registers the websocket handlers on ctx and the REST sink on the
 * engines of control (both borrowed; they must outlive it).  NULL when
 * out of memory. */
struct kernel_ws *kernel_ws_start(struct mg_context *ctx,
				  struct control *control, int quiet);
/* 1 when conn asks for a websocket of a live kernel: the request handler
 * then leaves it to civetweb (returns 0). */
int kernel_ws_takes(struct kernel_ws *ws, const struct mg_connection *conn);
/* After mg_stop: frees what is left. */
void kernel_ws_free(struct kernel_ws *ws);

#endif
