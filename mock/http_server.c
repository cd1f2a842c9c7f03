/* http_server.c - civetweb in, one engine call, one write out. */
#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <civetweb.h>

#include "civet_request.h"
#include "fault_play.h"
#include "read_watch.h"
#include "request_body.h"
#include "request_head.h"
#include "stop_signal.h"
#include "kernel_ws.h"

struct http_server {
	struct mg_context *ctx;
	struct control *control;
	struct kernel_ws *ws; /* the kernel channels websockets */
	struct http_server_options opt;
	int port;
	struct stop_signal stop; /* wakes the faults' sleeps */
	struct read_watch *watch; /* ends body reads at their deadline */
};

static long long elapsed_us(const struct timespec *start)
{
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	return (end.tv_sec - start->tv_sec) * 1000000LL +
	       (end.tv_nsec - start->tv_nsec) / 1000;
}

/* One line: method, target, status, bytes, microseconds, the note (the
 * step that answered, a validation message) and the fault played.  The
 * texts go through buf_put_printable: a decoded path may hold a CR or LF,
 * which would forge a log line of the client's choosing. */
static void log_request(const struct mock_request *req, const struct reply *r,
			size_t bytes, const struct timespec *start)
{
	struct buf line = {0};
	buf_printf(&line, "%s ", req->method);
	buf_put_printable(&line, req->path);
	if (req->query) {
		buf_putc(&line, '?');
		buf_put_printable(&line, req->query);
	}
	buf_printf(&line, " %d %zu %lldus", r->status, bytes, elapsed_us(start));
	if (r->note.len) {
		buf_putc(&line, ' ');
		buf_put_printable(&line, r->note.data);
	}
	if (r->fault.kind)
		buf_printf(&line, " fault %s", fault_name(r->fault.kind));
	fprintf(stderr, "%s\n", buf_cstr(&line));
	buf_free(&line);
}


/* Bodies up to this size go out in the same write as the headers (one
 * packet); a larger shared body is written from its one shared copy. */
#define INLINE_MAX ((size_t)64 * 1024)

/* Sends the reply, or plays its fault; returns the status for civetweb. */
static int send_reply(struct http_server *s, struct mg_connection *conn,
		      const struct reply *r, const struct buf *wire,
		      size_t max_inline)
{
	if (fault_play(conn, &r->fault, wire, &s->stop))
		return r->status;
	size_t tail_len;
	const char *tail = reply_tail(r, max_inline, &tail_len);
	mg_write(conn, wire->data, wire->len);
	if (tail)
		mg_write(conn, tail, tail_len);
	if (r->close)
		fault_hang_up(conn);
	return r->status;
}

/* What a worker thread reuses from one request to the next, so a request
 * costs no allocation for its buffers once the thread has warmed up. */
struct worker {
	struct buf body, wire;
	struct reply reply;
};

/* Buffers grown past this are freed after the request, not kept. */
#define WORKER_KEEP_MAX ((size_t)64 * 1024)

static void *worker_new(const struct mg_context *ctx, int thread_type)
{
	(void)ctx;
	if (thread_type != 1) /* only the workers handle requests */
		return NULL;
	struct worker *w = calloc(1, sizeof *w);
	if (w)
		reply_init(&w->reply);
	return w;
}

/* Frees what the worker's buffers hold (not the struct). */
static void worker_release(struct worker *w)
{
	buf_free(&w->body);
	buf_free(&w->wire);
	reply_free(&w->reply);
}

static void worker_free(const struct mg_context *ctx, int thread_type,
			void *thread_pointer)
{
	(void)ctx;
	(void)thread_type;
	struct worker *w = thread_pointer;
	if (!w)
		return;
	worker_release(w);
	free(w);
}

static int handle_with(struct http_server *s, struct mg_connection *conn,
		       struct worker *w)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);

	/* A head civetweb may have read wrong is not acted on, nor a body
	 * that did not come whole, nor a request for another host. */
	struct request_refusal refusal = {0, NULL, 0};
	if (request_head_check(ri, &refusal) == 0)
		request_body_read(conn, s->opt.max_body, s->watch, &w->body, &refusal);
	struct mock_request req;
	civet_request_fill(ri, w->body.data, w->body.len, &req);
	if (!refusal.status)
		access_check(&s->opt.access, &req, &refusal);
	req.refusal = refusal;
	control_handle(s->control, &req, &w->reply);
	/* A fault plays with the whole byte stream; otherwise a large
	 * shared body goes out from its one copy, after the headers. */
	size_t max_inline = w->reply.fault.kind ? SIZE_MAX : INLINE_MAX;
	reply_serialize(&w->reply, &w->wire, max_inline);
	int status = send_reply(s, conn, &w->reply, &w->wire, max_inline);
	if (!s->opt.quiet)
		log_request(&req, &w->reply, w->wire.len, &start);
	return status;
}

/* A websocket upgrade passes the same head, Host and Origin checks as any
 * request (a page on a rebound name would otherwise reach the kernels);
 * one that fails is answered as a request, with its refusal. */
static int may_upgrade(const struct http_server *s, struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct request_refusal refusal = {0, NULL, 0};
	struct mock_request req;
	civet_request_fill(ri, NULL, 0, &req);
	return request_head_check(ri, &refusal) == 0 &&
	       access_check(&s->opt.access, &req, &refusal) == 0;
}

static int handle(struct mg_connection *conn)
{
	struct http_server *s = mg_get_user_data(mg_get_context(conn));
	if (kernel_ws_takes(s->ws, conn) && may_upgrade(s, conn))
		return 0; /* civetweb does the handshake, kernel_ws the rest */
	struct worker *w = mg_get_thread_pointer(conn), local;
	if (!w) { /* no worker state (out of memory at thread start) */
		memset(&local, 0, sizeof local);
		reply_init(&local.reply);
		int status = handle_with(s, conn, &local);
		worker_release(&local);
		return status;
	}
	int status = handle_with(s, conn, w);
	buf_recycle(&w->body, WORKER_KEEP_MAX);
	buf_recycle(&w->wire, WORKER_KEEP_MAX);
	reply_reset(&w->reply, WORKER_KEEP_MAX);
	return status;
}

static int log_message(const struct mg_connection *conn, const char *message)
{
	(void)conn;
	fprintf(stderr, "mock: civetweb: %s\n", message);
	return 1;
}

struct http_server *http_server_start(const struct http_server_options *opt,
				      struct control *c)
{
	struct http_server *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	if (stop_signal_init(&s->stop) < 0) {
		free(s);
		return NULL;
	}
	s->control = c;
	s->opt = *opt;
	s->watch = read_watch_start(opt->request_timeout_ms);
	if (!s->watch) {
		http_server_stop(s);
		return NULL;
	}
	char ports[300], threads[16], request_ms[16], keep_alive_ms[16];
	/* civetweb writes an IPv6 address in brackets */
	snprintf(ports, sizeof ports, strchr(opt->host, ':') ? "[%s]:%d" : "%s:%d",
		 opt->host, opt->port);
	snprintf(threads, sizeof threads, "%d", opt->threads);
	snprintf(request_ms, sizeof request_ms, "%d", opt->request_timeout_ms);
	snprintf(keep_alive_ms, sizeof keep_alive_ms, "%d", opt->keep_alive_timeout_ms);
	/* civetweb 1.15 gives each connection a worker thread from the
	 * request's first byte to the end of its keep-alive: idle and slow
	 * connections are bounded by the two timeouts, and a client is served
	 * at once while fewer than num_threads connections are open. */
	const char *options[] = {
		"listening_ports", ports,
		"num_threads", threads,
		"tcp_nodelay", "1",
		"enable_keep_alive", "yes",
		"keep_alive_timeout_ms", keep_alive_ms,
		"request_timeout_ms", request_ms,
		/* request_head.c reads civetweb's buffer of this size */
		"max_request_size", "16384",
		NULL,
	};
	struct mg_callbacks callbacks;
	memset(&callbacks, 0, sizeof callbacks);
	callbacks.begin_request = handle;
	callbacks.log_message = log_message;
	callbacks.init_thread = worker_new;
	callbacks.exit_thread = worker_free;
	s->ctx = mg_start(&callbacks, s, options);
	struct mg_server_port bound;
	if (!s->ctx || mg_get_server_ports(s->ctx, 1, &bound) < 1) {
		fprintf(stderr, "mock: cannot listen on %s\n", ports);
		http_server_stop(s);
		return NULL;
	}
	s->port = bound.port;
	/* The websockets reach the shared instance (per-client ones: later). */
	s->ws = kernel_ws_start(s->ctx, c, opt->quiet);
	if (!s->ws) {
		http_server_stop(s);
		return NULL;
	}
	return s;
}

int http_server_ipv6(void)
{
	return mg_check_feature(8) != 0;
}

int http_server_port(const struct http_server *s)
{
	return s->port;
}

/* ---- stopping in milliseconds ----
 *
 * civetweb's threads look at its stop flag only between polls of up to
 * two seconds (SOCKET_TIMEOUT_QUANTUM): the acceptor in poll() on the
 * listening socket, a worker in a keep-alive read.  Left alone, every
 * stop takes two seconds, which test suites that start a mock per test
 * pay each time.  So the stop ends the keep-alive reads and knocks on the
 * listening socket until mg_stop returns. */

/* Ends reads on every connection accepted on port (its workers see EOF). */
static void shut_connections(int port)
{
	long max = sysconf(_SC_OPEN_MAX);
	for (int fd = 3; fd < max && fd < 65536; fd++) {
		struct sockaddr_storage local, peer;
		socklen_t len = sizeof local, peer_len = sizeof peer;
		if (getsockname(fd, (struct sockaddr *)&local, &len) != 0 ||
		    getpeername(fd, (struct sockaddr *)&peer, &peer_len) != 0)
			continue; /* not a connected socket */
		int local_port =
			local.ss_family == AF_INET
				? ntohs(((struct sockaddr_in *)&local)->sin_port)
			: local.ss_family == AF_INET6
				? ntohs(((struct sockaddr_in6 *)&local)->sin6_port)
				: -1;
		if (local_port == port)
			shutdown(fd, SHUT_RD);
	}
}

/* Connects to the listening socket and hangs up, to wake the acceptor. */
static void knock(const char *host, int port)
{
	struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	struct sockaddr_in6 in6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port)};
	int fd;
	if (inet_pton(AF_INET6, host, &in6.sin6_addr) == 1 &&
	    !IN6_IS_ADDR_UNSPECIFIED(&in6.sin6_addr)) {
		fd = socket(AF_INET6, SOCK_STREAM, 0);
		if (fd >= 0)
			connect(fd, (struct sockaddr *)&in6, sizeof in6);
	} else {
		if (inet_pton(AF_INET, host, &in.sin_addr) != 1 ||
		    in.sin_addr.s_addr == htonl(INADDR_ANY))
			in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd >= 0)
			connect(fd, (struct sockaddr *)&in, sizeof in);
	}
	if (fd >= 0)
		close(fd);
}

struct stopping {
	struct mg_context *ctx;
	atomic_int done;
};

static void *run_mg_stop(void *arg)
{
	struct stopping *st = arg;
	mg_stop(st->ctx);
	atomic_store(&st->done, 1);
	return NULL;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	stop_signal_raise(&s->stop);
	if (s->ctx) {
		shut_connections(s->port);
		struct stopping st = {.ctx = s->ctx};
		pthread_t thread;
		if (pthread_create(&thread, NULL, run_mg_stop, &st) != 0) {
			mg_stop(s->ctx);
		} else {
			/* Knocks until the acceptor has seen the stop flag. */
			while (!atomic_load(&st.done)) {
				knock(s->opt.host, s->port);
				nanosleep(&(struct timespec){0, 10000000}, NULL);
			}
			pthread_join(thread, NULL);
		}
	}
	read_watch_stop(s->watch);
	stop_signal_destroy(&s->stop);
	kernel_ws_free(s->ws);
	free(s);
}
