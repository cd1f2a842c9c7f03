/* kernel_ws.c - the kernel channels websocket on civetweb 1.15. */
#include "kernel_ws.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "civet_request.h"
#include "kernel_channels.h"
#include "kernels_api.h"
#include "ws_outbox.h"

#define CHANNELS_PATTERN "/api/kernels/*/channels$"

/* One open socket.  Frames go out through its outbox (ws_outbox.h):
 * whoever makes one, a REST request under the engine's lock or another
 * socket's iopub, only queues it. */
struct kws_conn {
	struct mg_connection *conn;
	struct engine *e;  /* its instance's (referenced): ids repeat across them */
	char kernel_id[37];
	struct ws_outbox *outbox;
	struct buf partial; /* a fragmented message so far */
	struct kws_conn *next;
};

struct kernel_ws {
	struct control *control;
	int quiet;
	pthread_mutex_t lock; /* the list; held while queueing to others */
	struct kws_conn *conns;
};

static long long now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

/* The kernel id of ".../kernels/ID/channels" into id (37 bytes); -1 if
 * the path is not that. */
static int kernel_id_of(const char *path, char id[37])
{
	static const char prefix[] = "/api/kernels/";
	const char *p = path ? strstr(path, prefix) : NULL;
	if (!p || p != path)
		return -1;
	p += sizeof prefix - 1;
	const char *slash = strchr(p, '/');
	if (!slash || slash - p != 36 || strcmp(slash, "/channels") != 0)
		return -1;
	memcpy(id, p, 36);
	id[36] = '\0';
	return 0;
}

static const char *path_of(const struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	return ri->local_uri_raw ? ri->local_uri_raw : ri->local_uri;
}

/* The engine answering conn's requests, chosen as for any request (the
 * X-Mock-Scenario header, the mock-scenario cookie), referenced; NULL
 * when they name a bad instance. */
static struct engine *engine_of(struct kernel_ws *ws,
				const struct mg_connection *conn)
{
	struct mock_request req;
	civet_request_fill(mg_get_request_info(conn), NULL, 0, &req);
	char key[INSTANCE_MAX_KEY + 1];
	struct reply refused;
	reply_init(&refused);
	struct engine *e = control_engine_of(ws->control, &req, key, &refused);
	reply_free(&refused);
	return e;
}

int kernel_ws_takes(struct kernel_ws *ws, const struct mg_connection *conn)
{
	const char *upgrade = mg_get_header(conn, "Upgrade");
	char id[37];
	if (!ws || !upgrade || strcasecmp(upgrade, "websocket") != 0 ||
	    kernel_id_of(path_of(conn), id) < 0)
		return 0;
	struct engine *e = engine_of(ws, conn);
	int live = e && kchan_exists(e, id);
	control_release_engine(ws->control, e);
	return live;
}

/* Queues one frame; past KERNEL_WS_MAX_OUTBOX (a client that reads
 * nothing for that long) it is dropped, said once. */
static void enqueue(struct kernel_ws *ws, struct kws_conn *c, int opcode,
		    const char *data, size_t len)
{
	int rc = ws_outbox_put(c->outbox, opcode, data, len,
			       opcode == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE);
	if (rc == WS_OUTBOX_FULL && !ws->quiet)
		fprintf(stderr, "WS /api/kernels/%s/channels the client reads "
				"nothing: frames past %zu bytes queued are dropped\n",
			c->kernel_id, (size_t)KERNEL_WS_MAX_OUTBOX);
}

/* The outbox's writer: one frame to the socket (civetweb's own lock
 * keeps its writes whole). */
static int write_frame(void *ctx, int opcode, const char *data, size_t len)
{
	return mg_websocket_write(ctx, opcode, data, len);
}

/* A close frame with code and reason (RFC 6455 5.5.1). */
static void queue_close(struct kernel_ws *ws, struct kws_conn *c, int code,
			const char *reason)
{
	char payload[125];
	size_t n = strlen(reason) > 120 ? 120 : strlen(reason);
	payload[0] = (char)(code >> 8);
	payload[1] = (char)(code & 0xff);
	memcpy(payload + 2, reason, n);
	enqueue(ws, c, MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, payload, n + 2);
}

static int same_kernel(const struct kws_conn *c, const struct engine *e,
		       const char *kernel_id)
{
	return c->e == e && strcmp(c->kernel_id, kernel_id) == 0;
}

/* Queues one frame: iopub to every socket of the kernel, the rest to
 * the requester (from, NULL for a REST push: every socket). */
static void queue_frame(struct kernel_ws *ws, struct engine *e,
			const char *kernel_id, struct kws_conn *from,
			const struct kframe *f)
{
	size_t len = strlen(f->text);
	if (from && !f->iopub) {
		enqueue(ws, from, MG_WEBSOCKET_OPCODE_TEXT, f->text, len);
		return;
	}
	pthread_mutex_lock(&ws->lock);
	for (struct kws_conn *c = ws->conns; c; c = c->next)
		if (same_kernel(c, e, kernel_id))
			enqueue(ws, c, MG_WEBSOCKET_OPCODE_TEXT, f->text, len);
	pthread_mutex_unlock(&ws->lock);
}

static void close_kernel_sockets(struct kernel_ws *ws, struct engine *e,
				 const char *kernel_id)
{
	pthread_mutex_lock(&ws->lock);
	for (struct kws_conn *c = ws->conns; c; c = c->next)
		if (same_kernel(c, e, kernel_id))
			queue_close(ws, c, 1000, "the kernel died");
	pthread_mutex_unlock(&ws->lock);
}

static void sleep_us(int64_t us)
{
	struct timespec t = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};
	while (nanosleep(&t, &t) != 0)
		;
}

/* Queues frames in order, waiting their delays when wait is set; then
 * closes the kernel's sockets if it died. */
static void queue_frames(struct kernel_ws *ws, struct engine *e,
			 const char *kernel_id, struct kws_conn *from,
			 const struct kframes *f, int wait)
{
	int died = 0;
	for (int i = 0; i < f->n; i++) {
		if (wait && f->v[i].delay_us > 0)
			sleep_us(f->v[i].delay_us);
		queue_frame(ws, e, kernel_id, from, &f->v[i]);
		died |= f->v[i].close_after;
	}
	if (died)
		close_kernel_sockets(ws, e, kernel_id);
}

/* The REST sink, under the engine's lock: a restart's, an interrupt's or
 * a shutdown's frames are queued, in the order the engine made them, and
 * their writers send them once free.  Those frames carry no delays, and
 * none would be waited here. */
static void sink_send(void *ctx, struct engine *e, const char *kernel_id,
		      const struct kframes *f)
{
	queue_frames(ctx, e, kernel_id, NULL, f, 0);
}

static void log_line(const struct kernel_ws *ws, const char *kernel_id,
		     const char *what, int nframes, long long start)
{
	if (!ws->quiet)
		fprintf(stderr, "WS /api/kernels/%s/channels %s -> %d frames %lldus\n",
			kernel_id, what, nframes, now_us() - start);
}

static void ready(struct mg_connection *conn, void *cbdata)
{
	struct kernel_ws *ws = cbdata;
	long long start = now_us();
	struct kws_conn *c = calloc(1, sizeof *c);
	if (!c || kernel_id_of(path_of(conn), c->kernel_id) < 0 ||
	    !(c->e = engine_of(ws, conn))) {
		free(c); /* data() closes a socket without its state */
		return;
	}
	c->conn = conn;
	c->outbox = ws_outbox_start(write_frame, conn, KERNEL_WS_MAX_OUTBOX);
	if (!c->outbox) {
		control_release_engine(ws->control, c->e);
		free(c);
		return;
	}
	struct kernel_sink sink = {sink_send, ws, NULL};
	engine_set_kernel_sink(c->e, &sink);
	mg_set_user_connection_data(conn, c);
	pthread_mutex_lock(&ws->lock);
	c->next = ws->conns;
	ws->conns = c;
	pthread_mutex_unlock(&ws->lock);
	struct kframes f = {0};
	if (kchan_open(c->e, c->kernel_id, &f) < 0) {
		queue_close(ws, c, 1011, "no such kernel");
		log_line(ws, c->kernel_id, "connect refused: no such kernel", 0, start);
		return;
	}
	queue_frames(ws, c->e, c->kernel_id, c, &f, 1);
	log_line(ws, c->kernel_id, "connect", f.n, start);
	kframes_free(&f);
}

static void answer(struct kernel_ws *ws, struct kws_conn *c, const char *text,
		   size_t len)
{
	long long start = now_us();
	struct kframes f = {0};
	struct buf what = {0};
	kchan_message(c->e, c->kernel_id, text, len, &f, &what);
	queue_frames(ws, c->e, c->kernel_id, c, &f, 1);
	log_line(ws, c->kernel_id, buf_cstr(&what), f.n, start);
	kframes_free(&f);
	buf_free(&what);
}

/* 1 keeps the socket open, 0 closes it. */
static int data(struct mg_connection *conn, int bits, char *bytes, size_t len,
		void *cbdata)
{
	struct kernel_ws *ws = cbdata;
	struct kws_conn *c = mg_get_user_connection_data(conn);
	int opcode = bits & 0x0f, fin = bits & 0x80;
	if (!c || ws_outbox_closing(c->outbox))
		return 0;
	if (opcode == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE) {
		/* civetweb 1.15 does not answer a close: echo its code */
		int code = len >= 2 ? ((unsigned char)bytes[0] << 8) |
					      (unsigned char)bytes[1]
				    : 1000;
		queue_close(ws, c, code, "");
		return 0;
	}
	if (opcode == MG_WEBSOCKET_OPCODE_PING || opcode == MG_WEBSOCKET_OPCODE_PONG)
		return 1;
	if (opcode == MG_WEBSOCKET_OPCODE_BINARY ||
	    (opcode == MG_WEBSOCKET_OPCODE_CONTINUATION && c->partial.len == 0 && !c->partial.data)) {
		log_line(ws, c->kernel_id, "refused: binary frames are not read "
					   "(legacy JSON text frames only)", 0, now_us());
		return 1;
	}
	if (c->partial.len + len > KERNEL_WS_MAX_MESSAGE) {
		log_line(ws, c->kernel_id, "refused: message too big, closing with 1009", 0, now_us());
		queue_close(ws, c, 1009, "message too big");
		buf_free(&c->partial);
		return 0;
	}
	if (!fin || c->partial.len) {
		buf_append(&c->partial, bytes, len);
		if (!fin)
			return 1;
		answer(ws, c, c->partial.data, c->partial.len);
		buf_free(&c->partial);
		return !ws_outbox_closing(c->outbox);
	}
	answer(ws, c, bytes, len);
	return !ws_outbox_closing(c->outbox);
}

/* The connection is over: its writer sends what is queued (a close
 * frame) unless a write failed, and ends; then its engine is given back. */
static void closed(const struct mg_connection *conn, void *cbdata)
{
	struct kernel_ws *ws = cbdata;
	struct kws_conn *c = mg_get_user_connection_data(conn);
	if (!c)
		return;
	pthread_mutex_lock(&ws->lock);
	for (struct kws_conn **p = &ws->conns; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
	pthread_mutex_unlock(&ws->lock);
	kchan_close(c->e, c->kernel_id);
	log_line(ws, c->kernel_id, "closed", 0, now_us());
	ws_outbox_finish(c->outbox);
	control_release_engine(ws->control, c->e);
	buf_free(&c->partial);
	free(c);
}

struct kernel_ws *kernel_ws_start(struct mg_context *ctx, struct control *control,
				  int quiet)
{
	struct kernel_ws *ws = calloc(1, sizeof *ws);
	if (!ws)
		return NULL;
	ws->control = control;
	ws->quiet = quiet;
	pthread_mutex_init(&ws->lock, NULL);
	/* the shared instance's now; an instance's at its first socket
	 * (frames go only to sockets, so none is missed before) */
	struct kernel_sink sink = {sink_send, ws, NULL};
	engine_set_kernel_sink(control->shared, &sink);
	/* Without a list civetweb 1.15 accepts the first subprotocol offered,
	 * and @jupyterlab/services offers v1.kernel.websocket.jupyter.org:
	 * it would then read our JSON text frames as binary v1 messages.
	 * A list that no client names makes civetweb accept none, so the
	 * client falls back to the legacy protocol, as with Jupyter Server
	 * 1.x. */
	static const char *none[] = {"x-jupyter-sessions-mock-legacy-only"};
	static struct mg_websocket_subprotocols legacy_only = {1, none};
	mg_set_websocket_handler_with_subprotocols(ctx, CHANNELS_PATTERN,
						   &legacy_only, NULL, ready,
						   data, closed, ws);
	return ws;
}

void kernel_ws_free(struct kernel_ws *ws)
{
	if (!ws)
		return;
	pthread_mutex_destroy(&ws->lock);
	free(ws);
}
