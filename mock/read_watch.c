/* read_watch.c - ends body reads that outlast their deadline. */
#include "read_watch.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "conn_socket.h"

struct read_watch {
	pthread_mutex_t lock;
	pthread_cond_t wake; /* on CLOCK_MONOTONIC */
	pthread_t thread;
	struct watched_read *reads; /* a list, newest first */
	int timeout_ms;
	int stop;
};

static int before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static struct timespec in_ms(const struct timespec *from, long ms)
{
	struct timespec t = *from;
	long ns = t.tv_nsec + (ms % 1000) * 1000000;
	t.tv_sec += ms / 1000 + ns / 1000000000;
	t.tv_nsec = ns % 1000000000;
	return t;
}

/* Ends every read past its deadline; the time of the next deadline (or a
 * second from now) in *next.  Called with the lock held, so a read cannot
 * end (and its socket serve another request) while it is shut. */
static void end_late_reads(struct read_watch *w, struct timespec *next)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	*next = in_ms(&now, 1000);
	for (struct watched_read *r = w->reads; r; r = r->next) {
		if (r->ended)
			continue;
		if (before(&now, &r->deadline)) {
			if (before(&r->deadline, next))
				*next = r->deadline;
			continue;
		}
		int fd = conn_socket(r->addr, r->port);
		if (fd >= 0)
			shutdown(fd, SHUT_RD);
		r->ended = 1;
	}
}

static void *watch(void *arg)
{
	struct read_watch *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		struct timespec next;
		end_late_reads(w, &next);
		pthread_cond_timedwait(&w->wake, &w->lock, &next);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct read_watch *read_watch_start(int timeout_ms)
{
	struct read_watch *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->timeout_ms = timeout_ms;
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&w->lock, NULL);
	if (pthread_create(&w->thread, NULL, watch, w) != 0) {
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

void read_watch_stop(struct read_watch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

void read_watch_begin(struct read_watch *w, struct watched_read *r,
		      const char *addr, int port)
{
	if (!w)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	r->deadline = in_ms(&now, w->timeout_ms);
	r->addr = addr;
	r->port = port;
	r->ended = 0;
	r->prev = NULL;
	pthread_mutex_lock(&w->lock);
	r->next = w->reads;
	if (w->reads)
		w->reads->prev = r;
	w->reads = r;
	pthread_mutex_unlock(&w->lock);
}

int read_watch_end(struct read_watch *w, struct watched_read *r)
{
	if (!w)
		return 0;
	pthread_mutex_lock(&w->lock);
	if (r->prev)
		r->prev->next = r->next;
	else
		w->reads = r->next;
	if (r->next)
		r->next->prev = r->prev;
	int ended = r->ended;
	pthread_mutex_unlock(&w->lock);
	return ended;
}
