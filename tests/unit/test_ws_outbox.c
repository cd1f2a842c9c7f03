/* test_ws_outbox.c - a websocket's frame queue and its writer thread. */
#include <pthread.h>
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "ws_outbox.h"

/* A socket the test controls: what was written, and a gate that holds
 * the writer as a client that stopped reading would. */
struct sock {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct buf got; /* "opcode:data;" per frame */
	int writes;
	int held;       /* the writer waits while set */
	int entered;    /* a write began */
	int fail;       /* writes fail */
};

static int sock_write(void *ctx, int opcode, const char *data, size_t len)
{
	struct sock *s = ctx;
	pthread_mutex_lock(&s->lock);
	s->entered++;
	pthread_cond_broadcast(&s->changed);
	while (s->held)
		pthread_cond_wait(&s->changed, &s->lock);
	int rc = s->fail ? -1 : (int)len + 1;
	if (!s->fail) {
		buf_printf(&s->got, "%d:", opcode);
		buf_append(&s->got, data, len);
		buf_putc(&s->got, ';');
	}
	s->writes++;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static void sock_init(struct sock *s)
{
	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->changed, NULL);
}

static void sock_free(struct sock *s)
{
	buf_free(&s->got);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
}

static void sock_set(struct sock *s, int *field, int value)
{
	pthread_mutex_lock(&s->lock);
	*field = value;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
}

static void wait_entered(struct sock *s)
{
	pthread_mutex_lock(&s->lock);
	while (!s->entered)
		pthread_cond_wait(&s->changed, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

static void test_order_and_close(void)
{
	struct sock s;
	sock_init(&s);
	struct ws_outbox *o = ws_outbox_start(sock_write, &s, 1024);
	CHECK(o != NULL, "an outbox starts");
	CHECK(ws_outbox_put(o, 1, "a", 1, 0) == WS_OUTBOX_QUEUED &&
	      ws_outbox_put(o, 1, "bc", 2, 0) == WS_OUTBOX_QUEUED,
	      "frames are queued");
	CHECK(!ws_outbox_closing(o), "not closing before the last frame");
	CHECK(ws_outbox_put(o, 8, "\x03\xe8", 2, 1) == WS_OUTBOX_QUEUED,
	      "the last frame (a close) is queued");
	CHECK(ws_outbox_closing(o), "closing once the last frame is queued");
	CHECK(ws_outbox_put(o, 1, "d", 1, 0) == WS_OUTBOX_DROPPED,
	      "nothing is queued after the last frame");
	ws_outbox_finish(o);
	CHECK_STR(buf_cstr(&s.got), "1:a;1:bc;8:\x03\xe8;",
		  "finish writes every queued frame, in the order queued");
	sock_free(&s);
}

static void test_stalled_writer(void)
{
	struct sock s;
	sock_init(&s);
	s.held = 1;
	struct ws_outbox *o = ws_outbox_start(sock_write, &s, 10);
	ws_outbox_put(o, 1, "first", 5, 0);
	wait_entered(&s); /* the writer is stuck in its write */
	CHECK(ws_outbox_put(o, 1, "12345", 5, 0) == WS_OUTBOX_QUEUED &&
	      ws_outbox_put(o, 1, "67890", 5, 0) == WS_OUTBOX_QUEUED,
	      "a put never waits for a stuck write");
	CHECK(ws_outbox_put(o, 1, "x", 1, 0) == WS_OUTBOX_FULL,
	      "past max bytes waiting, a frame is dropped: FULL the first time");
	CHECK(ws_outbox_put(o, 1, "y", 1, 0) == WS_OUTBOX_STILL_FULL,
	      "and STILL_FULL after");
	sock_set(&s, &s.held, 0);
	ws_outbox_finish(o);
	CHECK_STR(buf_cstr(&s.got), "1:first;1:12345;1:67890;",
		  "once the client reads, the queued frames go out in order");
	sock_free(&s);
}

static void test_failed_write(void)
{
	struct sock s;
	sock_init(&s);
	s.fail = 1;
	s.held = 1;
	struct ws_outbox *o = ws_outbox_start(sock_write, &s, 1024);
	ws_outbox_put(o, 1, "a", 1, 0);
	wait_entered(&s);
	ws_outbox_put(o, 1, "b", 1, 0);
	ws_outbox_put(o, 1, "c", 1, 0);
	sock_set(&s, &s.held, 0);
	ws_outbox_finish(o);
	CHECK(s.writes == 1, "after a failed write the queued frames are dropped, not written");
	sock_free(&s);
}

int main(void)
{
	test_order_and_close();
	test_stalled_writer();
	test_failed_write();
	ws_outbox_finish(NULL);
	CHECK(1, "finish of NULL does nothing");
	return tap_done();
}
