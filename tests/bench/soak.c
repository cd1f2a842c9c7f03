/* soak.c - many requests on keep-alive connections, and the server's RSS.
 *
 * usage: soak [-c CONNS] [-n REQUESTS] [-s SAMPLES] [-w WARMUP%]
 *             [-g MAX_GROWTH_KB] PORT PID
 *
 * Opens CONNS keep-alive connections to 127.0.0.1:PORT and sends REQUESTS
 * requests in all, one in flight per connection, each connection cycling
 * through the same mix a client of the Sessions API makes:
 *
 *   POST /api/sessions (a path never used before) -> 201
 *   GET /api/sessions/ID                          -> 200
 *   GET /api/sessions                             -> 200
 *   DELETE /api/sessions/ID                       -> 204
 *
 * so the store holds at most CONNS sessions and changes on every other
 * request: the live heap stays small and constant, and whatever the RSS
 * gains is fragmentation or a leak.  VmRSS of PID (from /proc/PID/status)
 * is read before the first request and SAMPLES times during the run, and
 * printed as "rss requests=N rss_kb=N" lines, then one summary line:
 *
 *   soak conns=C requests=N seconds=S start_kb=A warm_kb=B end_kb=E
 *        max_kb=M growth_kb=G errors=X
 *
 * warm_kb is the RSS once WARMUP% (default 10) of the requests are done;
 * growth_kb the largest RSS after that minus warm_kb.  Exits 1 when a
 * request fails (an unexpected status, a closed connection) or growth_kb
 * exceeds MAX_GROWTH_KB, 2 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 1024
#define IN_CAP (1 << 20) /* the list of 1,024 sessions fits */

enum phase { CREATE, GET, LIST, DELETE, NPHASES };

static const int expected_status[NPHASES] = {201, 200, 200, 204};

struct conn {
	int fd;
	enum phase phase;
	long seq;     /* sessions this connection has created */
	char id[64];  /* the session being worked on */
	char *in;     /* the response read so far */
	size_t in_len;
	int busy;     /* a request is in flight */
};

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* VmRSS of pid in kB, or -1. */
static long rss_kb(long pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%ld/status", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long kb = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static int connect_to(int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Writes the whole request (blocking socket; requests are small). */
static int send_request(struct conn *c, int index)
{
	char req[512], body[256];
	int n;
	switch (c->phase) {
	case CREATE: {
		int blen = snprintf(body, sizeof body,
				    "{\"path\": \"soak/%d-%ld.ipynb\", \"name\": \"n\", "
				    "\"type\": \"notebook\", \"kernel\": {\"name\": \"python3\"}}",
				    index, c->seq);
		n = snprintf(req, sizeof req,
			     "POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			     "Content-Length: %d\r\n\r\n%s", blen, body);
		break;
	}
	case GET:
		n = snprintf(req, sizeof req,
			     "GET /api/sessions/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", c->id);
		break;
	case LIST:
		n = snprintf(req, sizeof req,
			     "GET /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
		break;
	default:
		n = snprintf(req, sizeof req,
			     "DELETE /api/sessions/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			     "Content-Length: 0\r\n\r\n", c->id);
		break;
	}
	for (int off = 0; off < n;) {
		ssize_t w = write(c->fd, req + off, (size_t)(n - off));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (int)w;
	}
	c->busy = 1;
	c->in_len = 0;
	return 0;
}

/* Length of the whole response in c->in once its headers are in, 0 when
 * more is needed, -1 when it is malformed. */
static long response_length(const struct conn *c)
{
	const char *end = NULL;
	for (size_t i = 0; i + 4 <= c->in_len && !end; i++)
		if (memcmp(c->in + i, "\r\n\r\n", 4) == 0)
			end = c->in + i;
	if (!end)
		return c->in_len >= IN_CAP ? -1 : 0;
	size_t head = (size_t)(end - c->in) + 4;
	long body = 0;
	for (const char *p = c->in; p < end; p++) {
		if (*p == '\n' && strncasecmp(p + 1, "content-length:", 15) == 0) {
			body = strtol(p + 16, NULL, 10);
			break;
		}
	}
	if (body < 0 || head + (size_t)body > IN_CAP)
		return -1;
	return (long)(head + (size_t)body);
}

/* Checks a complete response of length len and moves c to its next phase;
 * -1 on an unexpected answer (printed). */
static int take_response(struct conn *c, long len)
{
	int status = 0;
	sscanf(c->in, "HTTP/1.1 %d", &status);
	if (status != expected_status[c->phase]) {
		fprintf(stderr, "soak: phase %d answered %d: %.300s\n", c->phase,
			status, c->in);
		return -1;
	}
	if (c->phase == CREATE) {
		const char *id = strstr(c->in, "{\"id\": \"");
		if (!id || sscanf(id + 8, "%63[0-9a-f-]", c->id) != 1) {
			fprintf(stderr, "soak: no id in %.300s\n", c->in);
			return -1;
		}
		c->seq++;
	}
	(void)len;
	c->busy = 0;
	c->phase = (c->phase + 1) % NPHASES;
	return 0;
}

/* Reads what is there; 1 when a response completed, 0 when not yet, -1
 * on error. */
static int read_some(struct conn *c)
{
	ssize_t r = read(c->fd, c->in + c->in_len, IN_CAP - c->in_len);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (r <= 0) {
		fprintf(stderr, "soak: connection %s\n",
			r == 0 ? "closed by the server" : strerror(errno));
		return -1;
	}
	c->in_len += (size_t)r;
	long len = response_length(c);
	if (len < 0) {
		fprintf(stderr, "soak: malformed response\n");
		return -1;
	}
	if (len == 0 || c->in_len < (size_t)len)
		return 0;
	if (c->in_len != (size_t)len) {
		fprintf(stderr, "soak: bytes after the response\n");
		return -1;
	}
	return take_response(c, len) == 0 ? 1 : -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: soak [-c CONNS] [-n REQUESTS] [-s SAMPLES] "
			"[-w WARMUP%%] [-g MAX_GROWTH_KB] PORT PID\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long conns = 64, total = 1000000, samples = 50, warm_pct = 10;
	long max_growth = -1;
	int opt;
	while ((opt = getopt(argc, argv, "c:n:s:w:g:")) != -1) {
		switch (opt) {
		case 'c': conns = atol(optarg); break;
		case 'n': total = atol(optarg); break;
		case 's': samples = atol(optarg); break;
		case 'w': warm_pct = atol(optarg); break;
		case 'g': max_growth = atol(optarg); break;
		default: usage();
		}
	}
	if (argc - optind != 2 || conns < 1 || conns > MAX_CONNS || total < 1 ||
	    samples < 1 || warm_pct < 0 || warm_pct > 99)
		usage();
	int port = atoi(argv[optind]);
	long pid = atol(argv[optind + 1]);

	static struct conn cs[MAX_CONNS];
	static struct pollfd pfd[MAX_CONNS];
	for (long i = 0; i < conns; i++) {
		cs[i].fd = connect_to(port);
		cs[i].in = malloc(IN_CAP + 1);
		if (cs[i].fd < 0 || !cs[i].in) {
			fprintf(stderr, "soak: cannot connect to 127.0.0.1:%d\n", port);
			return 1;
		}
		pfd[i].fd = cs[i].fd;
		pfd[i].events = POLLIN;
	}

	long start_kb = rss_kb(pid), warm_kb = -1, last_kb = start_kb, max_kb = 0;
	if (start_kb < 0) {
		fprintf(stderr, "soak: no /proc/%ld/status\n", pid);
		return 1;
	}
	printf("rss requests=0 rss_kb=%ld\n", start_kb);
	long warm_at = total * warm_pct / 100, every = total / samples;
	if (every < 1)
		every = 1;
	long sent = 0, done = 0, errors = 0;
	long long t0 = now_ms();
	for (long i = 0; i < conns && sent < total; i++, sent++)
		if (send_request(&cs[i], (int)i) != 0)
			errors++;
	while (done < sent && !errors) {
		if (poll(pfd, (nfds_t)conns, 30000) <= 0) {
			fprintf(stderr, "soak: no answer in 30 s\n");
			errors++;
			break;
		}
		for (long i = 0; i < conns && !errors; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			int got = read_some(&cs[i]);
			if (got < 0) {
				errors++;
				break;
			}
			if (got == 0)
				continue;
			done++;
			if (done == warm_at || (done % every == 0) || done == total) {
				last_kb = rss_kb(pid);
				printf("rss requests=%ld rss_kb=%ld\n", done, last_kb);
				if (done == warm_at || (warm_kb < 0 && done > warm_at))
					warm_kb = last_kb;
				if (done >= warm_at && last_kb > max_kb)
					max_kb = last_kb;
			}
			if (sent < total) {
				if (send_request(&cs[i], (int)i) != 0)
					errors++;
				sent++;
			}
		}
	}
	double seconds = (double)(now_ms() - t0) / 1000.0;
	if (warm_kb < 0)
		warm_kb = last_kb;
	long growth = max_kb - warm_kb;
	printf("soak conns=%ld requests=%ld seconds=%.1f start_kb=%ld warm_kb=%ld "
	       "end_kb=%ld max_kb=%ld growth_kb=%ld errors=%ld\n",
	       conns, done, seconds, start_kb, warm_kb, last_kb, max_kb, growth,
	       errors);
	for (long i = 0; i < conns; i++) {
		close(cs[i].fd);
		free(cs[i].in);
	}
	if (errors)
		return 1;
	if (max_growth >= 0 && growth > max_growth) {
		fprintf(stderr, "soak: RSS grew %ld kB after warm-up (at most %ld)\n",
			growth, max_growth);
		return 1;
	}
	return 0;
}
