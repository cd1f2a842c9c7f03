/* fault_play.c - a scenario's network fault, played on a connection. */
#include "fault_play.h"

#include <sys/socket.h>

#include <civetweb.h>

#include "conn_socket.h"
#include "det.h"

/* The socket civetweb serves this request on. */
static int socket_of(const struct mg_request_info *ri)
{
	return conn_socket(ri->remote_addr, ri->remote_port);
}

/* Resets the connection now.  Lingering 0 alone is not enough: civetweb
 * shuts the socket down (a FIN) before it closes it, and a client reads
 * that FIN as a clean close.  connect() to AF_UNSPEC disconnects a TCP
 * socket, which Linux does with a RST; the fd stays civetweb's to close. */
static void reset_connection(struct mg_connection *conn)
{
	int fd = socket_of(mg_get_request_info(conn));
	if (fd < 0)
		return;
	struct linger now = {1, 0};
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
	struct sockaddr unspec = {.sa_family = AF_UNSPEC};
	connect(fd, &unspec, sizeof unspec);
}

/* civetweb's status return never closes a keep-alive connection: the
 * socket is shut down under it, and its next read sees EOF. */
void fault_hang_up(struct mg_connection *conn)
{
	int fd = socket_of(mg_get_request_info(conn));
	if (fd >= 0)
		shutdown(fd, SHUT_RDWR);
}

static void write_garbage(struct mg_connection *conn, const struct fault *f)
{
	struct det_rng rng;
	char bytes[256];
	det_rng_seed(&rng, f->seed);
	for (long left = f->bytes; left > 0; left -= (long)sizeof bytes) {
		for (size_t i = 0; i < sizeof bytes; i++)
			bytes[i] = (char)(det_rng_next(&rng) >> 56);
		mg_write(conn, bytes, left < (long)sizeof bytes ? (size_t)left : sizeof bytes);
	}
}

/* Sends at f->bytes bytes per second, in tenths of a second, until the
 * server stops. */
static void drip(struct mg_connection *conn, const struct buf *wire,
		 const struct fault *f, struct stop_signal *stop)
{
	size_t chunk = f->bytes >= 10 ? (size_t)f->bytes / 10 : 1;
	for (size_t off = 0; off < wire->len; off += chunk) {
		size_t n = wire->len - off < chunk ? wire->len - off : chunk;
		if (mg_write(conn, wire->data + off, n) <= 0)
			break;
		if (stop_signal_sleep(stop, (int64_t)n * 1000000 / f->bytes) < 0)
			break;
	}
}

int fault_play(struct mg_connection *conn, const struct fault *f,
	       const struct buf *wire, struct stop_signal *stop)
{
	switch (f->kind) {
	case FAULT_RESET:
		reset_connection(conn);
		return 1;
	case FAULT_EMPTY:
		fault_hang_up(conn);
		return 1;
	case FAULT_TRUNCATE:
		mg_write(conn, wire->data,
			 (size_t)f->bytes < wire->len ? (size_t)f->bytes : wire->len);
		fault_hang_up(conn);
		return 1;
	case FAULT_GARBAGE:
		write_garbage(conn, f);
		fault_hang_up(conn);
		return 1;
	case FAULT_DRIP:
		drip(conn, wire, f, stop);
		return 1;
	case FAULT_DELAY:
		if (stop_signal_sleep(stop, f->delay_us) == 0)
			return 0;
		fault_hang_up(conn); /* stopping: no answer is coming */
		return 1;
	default:
		return 0;
	}
}
