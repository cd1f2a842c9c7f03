/* ceiling.c - the fastest answer civetweb can give: a fixed response.
 *
 * The bench's reference point.  Every request, whatever its method and
 * path, gets the same bytes the mock sends for a list of one session
 * (the same header set, a 325-byte JSON body), built once at startup and
 * sent with one mg_write.  Request bodies are read and dropped, as the
 * mock reads them.  Usage: ceiling PORT [THREADS]; PORT 0 picks a free
 * one, printed on stdout's first line.  SIGINT/SIGTERM stop it cleanly.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <civetweb.h>

static const char body[] =
	"[{\"id\": \"92f89756-082a-4514-a42e-1c7bc266a3a7\", \"path\": "
	"\"a.ipynb\", \"name\": \"a.ipynb\", \"type\": \"notebook\", "
	"\"kernel\": {\"id\": \"b3f2af6d-0fc7-40c5-853b-559647364cea\", "
	"\"name\": \"python3\", \"last_activity\": \"2026-01-01T00:00:00Z\", "
	"\"execution_state\": \"starting\", \"connections\": 0}, "
	"\"notebook\": {\"path\": \"a.ipynb\", \"name\": \"a.ipynb\"}}]";

static char response[1024];
static size_t response_len;

static int handle(struct mg_connection *conn)
{
	char drain[8192];
	while (mg_read(conn, drain, sizeof drain) > 0)
		;
	mg_write(conn, response, response_len);
	return 200;
}

static int log_message(const struct mg_connection *conn, const char *message)
{
	(void)conn;
	fprintf(stderr, "ceiling: civetweb: %s\n", message);
	return 1;
}

static int parse_int(const char *text, int min, int max, int *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (end == text || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

int main(int argc, char **argv)
{
	int port, threads = 64;
	if (argc < 2 || argc > 3 || parse_int(argv[1], 0, 65535, &port) < 0 ||
	    (argc == 3 && parse_int(argv[2], 1, 4096, &threads) < 0)) {
		fprintf(stderr, "usage: ceiling PORT [THREADS]\n");
		return 2;
	}
	int n = snprintf(response, sizeof response,
			 "HTTP/1.1 200 OK\r\n"
			 "Server: jupyter-sessions-mock\r\n"
			 "Content-Type: application/json\r\n"
			 "Date: Thu, 01 Jan 2026 00:00:00 GMT\r\n"
			 "X-Content-Type-Options: nosniff\r\n"
			 "Content-Security-Policy: frame-ancestors 'self'; "
			 "report-uri /api/security/csp-report; "
			 "default-src 'none'\r\n"
			 "Etag: \"231e2409855b36421e7da1bcc4dc3e979bf31895\"\r\n"
			 "Content-Length: %zu\r\n\r\n%s",
			 sizeof body - 1, body);
	if (n < 0 || (size_t)n >= sizeof response)
		return 1;
	response_len = (size_t)n;

	/* Blocked here, so civetweb's threads inherit the mask and sigwait
	 * below is the one place the stop signals arrive. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	char ports[32], nthreads[16];
	snprintf(ports, sizeof ports, "127.0.0.1:%d", port);
	snprintf(nthreads, sizeof nthreads, "%d", threads);
	const char *options[] = {
		"listening_ports", ports,
		"num_threads", nthreads,
		"tcp_nodelay", "1",
		"enable_keep_alive", "yes",
		"keep_alive_timeout_ms", "30000",
		"request_timeout_ms", "30000",
		NULL,
	};
	struct mg_callbacks callbacks;
	memset(&callbacks, 0, sizeof callbacks);
	callbacks.begin_request = handle;
	callbacks.log_message = log_message;
	struct mg_context *ctx = mg_start(&callbacks, NULL, options);
	struct mg_server_port bound;
	if (!ctx || mg_get_server_ports(ctx, 1, &bound) < 1) {
		fprintf(stderr, "ceiling: cannot listen on %s\n", ports);
		if (ctx)
			mg_stop(ctx);
		return 1;
	}
	printf("ceiling: listening on http://127.0.0.1:%d\n", bound.port);
	fflush(stdout);
	int sig;
	sigwait(&stop, &sig);
	mg_stop(ctx);
	return 0;
}
