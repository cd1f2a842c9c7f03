/* startup.c - time from exec to the first answered request.
 *
 * usage: startup RUNS PROGRAM ARGS...   ("{port}" in ARGS becomes a free
 * port).  Each run spawns PROGRAM, then connects and sends
 * GET /api/sessions in a tight loop (no sleeps) until a status line comes
 * back, and sends it SIGTERM.  civetweb takes up to 2 s to stop (its
 * master thread polls the listening socket with a 2 s timeout), so the
 * servers are reaped after the last run, each required to exit 0.
 * Prints "startup_us median=N min=N max=N runs=N"; exits 1 if a run fails.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* A port nobody listens on right now; -1 on failure. */
static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = loopback(0);
	socklen_t len = sizeof a;
	int port = -1;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* 1 when a request was answered with a status line, 0 when not yet. */
static int try_request(int port)
{
	static const char req[] = "GET /api/sessions HTTP/1.1\r\n"
				  "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	struct sockaddr_in a = loopback(port);
	int ok = 0;
	char got[16];
	if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    write(fd, req, sizeof req - 1) == (ssize_t)(sizeof req - 1)) {
		size_t n = 0;
		ssize_t r;
		while (n < 9 && (r = read(fd, got + n, 9 - n)) > 0)
			n += (size_t)r;
		ok = n == 9 && memcmp(got, "HTTP/1.1 ", 9) == 0;
	}
	close(fd);
	return ok;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* One run; its time in microseconds, or -1 on failure.  *pid is the
 * server's, signalled but not reaped (0 if none was started). */
static long long one_run(char **argv, int argc, pid_t *pid_out)
{
	int port = free_port();
	if (port < 0)
		return -1;
	char port_text[16];
	snprintf(port_text, sizeof port_text, "%d", port);
	char **args = calloc((size_t)argc + 1, sizeof *args);
	if (!args)
		return -1;
	for (int i = 0; i < argc; i++)
		args[i] = strcmp(argv[i], "{port}") ? argv[i] : port_text;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	long long start = now_us(), took = -1;
	*pid_out = 0;
	int rc = posix_spawn(&pid, args[0], &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(args);
	if (rc != 0) {
		fprintf(stderr, "startup: cannot run %s: %s\n", argv[0],
			strerror(rc));
		return -1;
	}
	int status;
	while (took < 0 && now_us() - start < 5000000) {
		if (try_request(port))
			took = now_us() - start;
		else if (waitpid(pid, &status, WNOHANG) == pid) {
			fprintf(stderr, "startup: %s died early\n", argv[0]);
			return -1;
		}
	}
	kill(pid, SIGTERM);
	*pid_out = pid;
	if (took < 0)
		fprintf(stderr, "startup: %s did not answer in 5 s\n", argv[0]);
	return took;
}

/* Reaps the servers; -1 unless each exited 0. */
static int reap(const pid_t *pids, int n, const char *name)
{
	int rc = 0, status;
	for (int i = 0; i < n; i++) {
		if (!pids[i])
			continue;
		if (waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "startup: %s did not exit 0 on SIGTERM\n",
				name);
			rc = -1;
		}
	}
	return rc;
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[1]) : 0;
	if (runs < 1 || runs > 1000) {
		fprintf(stderr, "usage: startup RUNS PROGRAM ARGS...\n");
		return 2;
	}
	long long *t = calloc((size_t)runs, sizeof *t);
	pid_t *pids = calloc((size_t)runs, sizeof *pids);
	int failed = !t || !pids;
	for (int i = 0; i < runs && !failed; i++)
		failed = (t[i] = one_run(argv + 2, argc - 2, &pids[i])) < 0;
	if (pids && reap(pids, runs, argv[2]) < 0)
		failed = 1;
	if (!failed) {
		qsort(t, (size_t)runs, sizeof *t, cmp_ll);
		printf("startup_us median=%lld min=%lld max=%lld runs=%d\n",
		       t[runs / 2], t[0], t[runs - 1], runs);
	}
	free(t);
	free(pids);
	return failed;
}
