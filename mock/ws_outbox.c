/* ws_outbox.c - a websocket's queue of frames and its writer thread. */
#include "ws_outbox.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct frame {
	struct frame *next;
	int opcode;
	size_t len;
	char data[];
};

struct ws_outbox {
	ws_outbox_write_fn write;
	void *ctx;
	size_t max;
	pthread_mutex_t lock; /* everything below */
	pthread_cond_t wake;
	struct frame *head, *tail;
	size_t queued;  /* bytes waiting */
	int closing;    /* the last frame is queued */
	int ending;     /* finish: write what is queued, then stop */
	int broken;     /* a write failed: the rest is dropped */
	int overflowed; /* frames were dropped over max */
	pthread_t writer;
};

static void *write_all(void *arg)
{
	struct ws_outbox *o = arg;
	pthread_mutex_lock(&o->lock);
	for (;;) {
		while (!o->head && !o->ending)
			pthread_cond_wait(&o->wake, &o->lock);
		struct frame *f = o->head;
		if (!f)
			break; /* ending, and nothing left */
		o->head = f->next;
		if (!o->head)
			o->tail = NULL;
		o->queued -= f->len;
		int broken = o->broken;
		pthread_mutex_unlock(&o->lock);
		int ok = !broken && o->write(o->ctx, f->opcode, f->data, f->len) > 0;
		free(f);
		pthread_mutex_lock(&o->lock);
		o->broken |= !ok;
	}
	pthread_mutex_unlock(&o->lock);
	return NULL;
}

struct ws_outbox *ws_outbox_start(ws_outbox_write_fn write, void *ctx,
				  size_t max)
{
	struct ws_outbox *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	o->write = write;
	o->ctx = ctx;
	o->max = max;
	pthread_mutex_init(&o->lock, NULL);
	pthread_cond_init(&o->wake, NULL);
	if (pthread_create(&o->writer, NULL, write_all, o) != 0) {
		pthread_cond_destroy(&o->wake);
		pthread_mutex_destroy(&o->lock);
		free(o);
		return NULL;
	}
	return o;
}

int ws_outbox_put(struct ws_outbox *o, int opcode, const char *data,
		  size_t len, int last)
{
	int rc = WS_OUTBOX_QUEUED;
	pthread_mutex_lock(&o->lock);
	if (o->closing || o->broken) {
		rc = WS_OUTBOX_DROPPED;
	} else if (o->queued + len > o->max) {
		rc = o->overflowed ? WS_OUTBOX_STILL_FULL : WS_OUTBOX_FULL;
		o->overflowed = 1;
	} else {
		struct frame *f = malloc(sizeof *f + len);
		if (!f)
			abort(); /* out of memory */
		f->next = NULL;
		f->opcode = opcode;
		f->len = len;
		if (len)
			memcpy(f->data, data, len);
		if (o->tail)
			o->tail->next = f;
		else
			o->head = f;
		o->tail = f;
		o->queued += len;
		o->closing = last;
		pthread_cond_signal(&o->wake);
	}
	pthread_mutex_unlock(&o->lock);
	return rc;
}

int ws_outbox_closing(struct ws_outbox *o)
{
	pthread_mutex_lock(&o->lock);
	int closing = o->closing;
	pthread_mutex_unlock(&o->lock);
	return closing;
}

void ws_outbox_finish(struct ws_outbox *o)
{
	if (!o)
		return;
	pthread_mutex_lock(&o->lock);
	o->ending = 1;
	pthread_cond_signal(&o->wake);
	pthread_mutex_unlock(&o->lock);
	pthread_join(o->writer, NULL);
	pthread_cond_destroy(&o->wake);
	pthread_mutex_destroy(&o->lock);
	free(o);
}
