/*
 * fault_play.h - playing a scenario's network fault on a civetweb
 * connection: a reset, an empty or cut answer, garbage, a slow drip, a
 * delay.
 *
 * civetweb 1.15 hands a begin_request handler no socket and no way to end
 * a keep-alive connection, so the socket is found by its peer address
 * and ended under civetweb (shut down, or reset); civetweb then sees EOF
 * or an error and closes it as usual.
 */
#ifndef FAULT_PLAY_H
#define FAULT_PLAY_H

#include "buf.h"
#include "fault.h"
#include "stop_signal.h"

struct mg_connection;

/* Plays f with wire, the whole answer's bytes; returns 1 when that was
 * the sending (the caller writes nothing more), 0 when the answer is to
 * be sent as usual (no fault, or a delay already waited out).  Delays and
 * drips end when stop is raised (the connection is then hung up). */
int fault_play(struct mg_connection *conn, const struct fault *f,
	       const struct buf *wire, struct stop_signal *stop);

/* Ends the connection after what was written: the client reads those
 * bytes, then EOF. */
void fault_hang_up(struct mg_connection *conn);

#endif
