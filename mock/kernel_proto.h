/*
 * kernel_proto.h - the scripted kernel's messages on the channels
 * websocket, as Jupyter Server 1.x relays ipykernel's: legacy JSON text
 * frames holding header, msg_id, msg_type, parent_header, metadata,
 * content, buffers and channel, in that key order.
 *
 * Pure: it turns a request (and the kernel's protocol state) into the
 * frames to send, with their delays; it knows neither sockets nor locks.
 * Ids and dates are deterministic: a kernel's session names derive from
 * its id and restart count, msg_ids count up, dates come from a clock.
 */
#ifndef KERNEL_PROTO_H
#define KERNEL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "det.h"

struct kernel_step;

/* What a kernel remembers between messages (part of struct kernel). */
struct kproto_kernel {
	char kernel_id[37];
	int execution_count;      /* of the last execute; 0 after a start */
	unsigned generation;      /* restarts so far: names the process */
	unsigned long seq;        /* messages this process has sent */
	unsigned long server_seq; /* messages of the server's own session */
	int dead;                 /* shut down by a message or a scenario */
	int busy_forever;         /* a scenario left it busy */
	cJSON *history;           /* [[1, n, code], ...]; owned */
	/* A scripted execute waiting for an input_reply, or busy for good
	 * (then an interrupt ends it): its step, where it stopped, its
	 * request's header (owned) and execution count. */
	const struct kernel_step *pending;
	int pending_pos, pending_count;
	cJSON *pending_parent;
};

void kproto_kernel_init(struct kproto_kernel *k, const char *kernel_id);
void kproto_kernel_free(struct kproto_kernel *k);
/* Forgets a pending scripted execute. */
void kproto_clear_pending(struct kproto_kernel *k);
/* A restart: a new process (session, pid), the count starts again. */
void kproto_kernel_restart(struct kproto_kernel *k);

/* One frame to send. */
struct kframe {
	char *text;       /* JSON text; owned */
	int iopub;        /* 1: to every connection of the kernel */
	int64_t delay_us; /* to wait before sending it */
	int close_after;  /* close the socket after it (the kernel died) */
	char state[16];   /* the execution_state it announces, or "" */
};

struct kframes {
	struct kframe *v;
	int n, cap;
};

void kframes_free(struct kframes *f);

/* Where a message is being answered: the kernel, the clock giving the
 * dates, and the language_info of its kernelspec (borrowed). */
struct kproto_ctx {
	struct kproto_kernel *k;
	struct det_clock *clock;
	const cJSON *language_info;
};

/* Checks a received text frame: NULL and *msg (the caller deletes it)
 * when it is a message the kernel can read, else the reason, for the
 * log, and *msg NULL. */
const char *kproto_parse(const char *text, size_t len, cJSON **msg);

/* Appends one frame of msg_type on channel, answering parent (a request
 * header, or NULL for none); content and metadata are taken over
 * (NULL: {}). */
void kproto_emit(const struct kproto_ctx *c, struct kframes *out,
		 const char *channel, const char *msg_type,
		 const cJSON *parent, cJSON *content, cJSON *metadata);
/* The same for the server's own requests (the connect nudge and the
 * restart's shutdown_request): a parent header of the server's session. */
cJSON *kproto_server_header(const struct kproto_ctx *c, const char *msg_type);
/* status busy/idle/starting on iopub. */
void kproto_status(const struct kproto_ctx *c, struct kframes *out,
		   const cJSON *parent, const char *state);

/* What the real server pushes right after a connect: its own
 * kernel_info_request's busy and idle (and a late idle). */
void kproto_on_connect(const struct kproto_ctx *c, struct kframes *out);
/* What the sockets see of a REST shutdown (the server's own
 * shutdown_request, restart false). */
void kproto_on_shutdown(const struct kproto_ctx *c, struct kframes *out);
/* What the sockets see of a REST restart (the count starts again). */
void kproto_on_restart(const struct kproto_ctx *c, struct kframes *out);
/* The built-in kernel's answer to msg: 0, or -1 for a type it does not
 * know (then out has only busy and idle, as ipykernel sends them). */
int kproto_answer(const struct kproto_ctx *c, const cJSON *msg,
		  struct kframes *out);

/* The parts an answer is made of, for scripted answers. */
const cJSON *kproto_header(const cJSON *msg);
const char *kproto_msg_type(const cJSON *msg);
const char *kproto_channel(const cJSON *msg);
/* The execute_request's code, or "" */
const char *kproto_code(const cJSON *msg);
/* Counts an execute (unless silent or store_history false) and keeps
 * its code in the history: the execution_count to report. */
int kproto_count_execute(struct kproto_kernel *k, const cJSON *msg);

#endif
