/* kernel_ws.c - the kernel channels websocket on civetweb 1.15. */
#include "kernel_ws.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kernel_channels.h"
#include "kernels_api.h"

#define CHANNELS_PATTERN "/api/kernels/*/channels$"

/* One open socket. */
struct kws_conn {
	struct mg_connection *conn;
	char kernel_id[37];
	pthread_mutex_t write_lock; /* frames from two threads never interleave */
	struct buf partial;         /* a fragmented message so far */
	int closed;                 /* a close frame was sent */
	struct kws_conn *next;
};

struct kernel_ws {
	struct engine *e;
	int quiet;
	pthread_mutex_t lock; /* the list; held while writing to others */
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

int kernel_ws_takes(struct kernel_ws *ws, const struct mg_connection *conn)
{
	const char *upgrade = mg_get_header(conn, "Upgrade");
	char id[37];
	return ws && upgrade && strcasecmp(upgrade, "websocket") == 0 &&
	       kernel_id_of(path_of(conn), id) == 0 && kchan_exists(ws->e, id);
}

static void write_text(struct kws_conn *c, const char *text, size_t len)
{
	pthread_mutex_lock(&c->write_lock);
	if (!c->closed)
		mg_websocket_write(c->conn, MG_WEBSOCKET_OPCODE_TEXT, text, len);
	pthread_mutex_unlock(&c->write_lock);
}

/* A close frame with code and reason (RFC 6455 5.5.1). */
static void write_close(struct kws_conn *c, int code, const char *reason)
{
	char payload[125];
	size_t n = strlen(reason) > 120 ? 120 : strlen(reason);
	payload[0] = (char)(code >> 8);
	payload[1] = (char)(code & 0xff);
	memcpy(payload + 2, reason, n);
	pthread_mutex_lock(&c->write_lock);
	if (!c->closed)
		mg_websocket_write(c->conn, MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE,
				   payload, n + 2);
	c->closed = 1;
	pthread_mutex_unlock(&c->write_lock);
}

/* Sends one frame: iopub to every socket of the kernel, the rest to
 * the requester (from, NULL for a REST push: every socket). */
static void send_frame(struct kernel_ws *ws, const char *kernel_id,
		       struct kws_conn *from, const struct kframe *f)
{
	size_t len = strlen(f->text);
	if (from && !f->iopub) {
		write_text(from, f->text, len);
		return;
	}
	pthread_mutex_lock(&ws->lock);
	for (struct kws_conn *c = ws->conns; c; c = c->next)
		if (strcmp(c->kernel_id, kernel_id) == 0)
			write_text(c, f->text, len);
	pthread_mutex_unlock(&ws->lock);
}

static void close_kernel_sockets(struct kernel_ws *ws, const char *kernel_id)
{
	pthread_mutex_lock(&ws->lock);
	for (struct kws_conn *c = ws->conns; c; c = c->next)
		if (strcmp(c->kernel_id, kernel_id) == 0)
			write_close(c, 1000, "the kernel died");
	pthread_mutex_unlock(&ws->lock);
}

static void sleep_us(int64_t us)
{
	struct timespec t = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};
	while (nanosleep(&t, &t) != 0)
		;
}

/* Sends frames in order with their delays; 1 when the kernel died. */
static int send_frames(struct kernel_ws *ws, const char *kernel_id,
		       struct kws_conn *from, const struct kframes *f)
{
	int died = 0;
	for (int i = 0; i < f->n; i++) {
		if (f->v[i].delay_us > 0)
			sleep_us(f->v[i].delay_us);
		send_frame(ws, kernel_id, from, &f->v[i]);
		died |= f->v[i].close_after;
	}
	if (died)
		close_kernel_sockets(ws, kernel_id);
	return died;
}

/* The REST sink: a restart's frames, sent under the engine's lock. */
static void sink_send(void *ctx, const char *kernel_id, const struct kframes *f)
{
	send_frames(ctx, kernel_id, NULL, f);
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
	if (!c || kernel_id_of(path_of(conn), c->kernel_id) < 0) {
		free(c);
		return;
	}
	c->conn = conn;
	pthread_mutex_init(&c->write_lock, NULL);
	mg_set_user_connection_data(conn, c);
	pthread_mutex_lock(&ws->lock);
	c->next = ws->conns;
	ws->conns = c;
	pthread_mutex_unlock(&ws->lock);
	struct kframes f = {0};
	if (kchan_open(ws->e, c->kernel_id, &f) < 0) {
		write_close(c, 1011, "no such kernel");
		log_line(ws, c->kernel_id, "connect refused: no such kernel", 0, start);
		return;
	}
	send_frames(ws, c->kernel_id, c, &f);
	log_line(ws, c->kernel_id, "connect", f.n, start);
	kframes_free(&f);
}

static void answer(struct kernel_ws *ws, struct kws_conn *c, const char *text,
		   size_t len)
{
	long long start = now_us();
	struct kframes f = {0};
	struct buf what = {0};
	kchan_message(ws->e, c->kernel_id, text, len, &f, &what);
	send_frames(ws, c->kernel_id, c, &f);
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
	if (!c || c->closed)
		return 0;
	if (opcode == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE) {
		/* civetweb 1.15 does not answer a close: echo its code */
		int code = len >= 2 ? ((unsigned char)bytes[0] << 8) |
					      (unsigned char)bytes[1]
				    : 1000;
		write_close(c, code, "");
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
		write_close(c, 1009, "message too big");
		buf_free(&c->partial);
		return 0;
	}
	if (!fin || c->partial.len) {
		buf_append(&c->partial, bytes, len);
		if (!fin)
			return 1;
		answer(ws, c, c->partial.data, c->partial.len);
		buf_free(&c->partial);
		return !c->closed;
	}
	answer(ws, c, bytes, len);
	return !c->closed;
}

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
	kchan_close(ws->e, c->kernel_id);
	log_line(ws, c->kernel_id, "closed", 0, now_us());
	buf_free(&c->partial);
	pthread_mutex_destroy(&c->write_lock);
	free(c);
}

struct kernel_ws *kernel_ws_start(struct mg_context *ctx, struct engine *e,
				  int quiet)
{
	struct kernel_ws *ws = calloc(1, sizeof *ws);
	if (!ws)
		return NULL;
	ws->e = e;
	ws->quiet = quiet;
	pthread_mutex_init(&ws->lock, NULL);
	struct kernel_sink sink = {sink_send, ws};
	engine_set_kernel_sink(e, &sink);
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
