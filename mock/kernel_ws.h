/*
 * kernel_ws.h - the civetweb glue of /api/kernels/{id}/channels: the
 * websocket handshake, frames in, the scripted kernel's frames out (to
 * the requester, iopub to every connection of the kernel), and the
 * frames REST requests make (a restart) pushed to the open sockets.
 */
#ifndef KERNEL_WS_H
#define KERNEL_WS_H

#include <civetweb.h>

#include "engine.h"

/* Messages larger than this close the socket with 1009, as tornado's
 * default websocket_max_message_size (10 MiB) does. */
#define KERNEL_WS_MAX_MESSAGE ((size_t)10 << 20)

struct kernel_ws;

/* Registers the websocket handlers on ctx and the REST sink on e (both
 * borrowed; they must outlive it).  NULL when out of memory. */
struct kernel_ws *kernel_ws_start(struct mg_context *ctx, struct engine *e,
				  int quiet);
/* 1 when conn asks for a websocket of a live kernel: the request handler
 * then leaves it to civetweb (returns 0). */
int kernel_ws_takes(struct kernel_ws *ws, const struct mg_connection *conn);
/* After mg_stop: frees what is left. */
void kernel_ws_free(struct kernel_ws *ws);

#endif
