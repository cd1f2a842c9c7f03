/*
 * kernel_channels.h - the channels websocket's work on the engine: what
 * a connect, a message and a hang-up do to a kernel and what frames they
 * make, under the engine's lock, so dates and ids follow the one virtual
 * clock and the kernel model (execution_state, connections) stays true.
 * It knows no sockets: kernel_ws.c sends what it returns.
 */
#ifndef KERNEL_CHANNELS_H
#define KERNEL_CHANNELS_H

#include <stddef.h>

#include "buf.h"
#include "engine.h"
#include "kernel_proto.h"

/* 1 when the kernel is live (a websocket may connect to it). */
int kchan_exists(struct engine *e, const char *kernel_id);
/* Counts a connection and fills out with what the server pushes on a
 * connect.  -1 when the kernel is gone (nothing counted). */
int kchan_open(struct engine *e, const char *kernel_id, struct kframes *out);
/* Uncounts a connection (nothing when the kernel is gone). */
void kchan_close(struct engine *e, const char *kernel_id);
/* Answers one text message: 0 with the frames in out (maybe none), or
 * -1 when it was refused or not answered, with why in log.  log gets a
 * short description of the message either way. */
int kchan_message(struct engine *e, const char *kernel_id, const char *text,
		  size_t len, struct kframes *out, struct buf *log);

#endif
