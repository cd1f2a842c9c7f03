/* serve_loop.c - the main thread's signals and the --watch poll. */
#include "serve_loop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void loop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGUSR1);
}

void serve_loop_block_signals(void)
{
	sigset_t set;
	loop_signals(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

struct stamp {
	struct timespec mtime;
	off_t size;
	int exists;
};

static struct stamp stamp_of(const char *path)
{
	struct stat st;
	struct stamp s = {0};
	if (stat(path, &st) == 0) {
		s.mtime = st.st_mtim;
		s.size = st.st_size;
		s.exists = 1;
	}
	return s;
}

static int same(const struct stamp *a, const struct stamp *b)
{
	return a->exists == b->exists && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* Reloads the files whose stamp changed (all when force). */
static void reload(struct control *c, const struct serve_loop_options *o,
		   struct stamp *stamps, int force)
{
	for (int i = 0; i < o->nfiles; i++) {
		struct stamp now = stamp_of(o->files[i]);
		if (!force && same(&now, &stamps[i]))
			continue;
		stamps[i] = now;
		control_reload(c, o->files[i]);
	}
}

int serve_loop(struct control *c, const struct serve_loop_options *o)
{
	sigset_t set;
	loop_signals(&set);
	struct stamp *stamps = calloc((size_t)o->nfiles + 1, sizeof *stamps);
	if (!stamps)
		abort();
	for (int i = 0; i < o->nfiles; i++)
		stamps[i] = stamp_of(o->files[i]);
	const struct timespec poll = {0, 500 * 1000 * 1000};
	int sig;
	for (;;) {
		sig = o->watch ? sigtimedwait(&set, NULL, &poll) : 0;
		if (!o->watch && sigwait(&set, &sig) != 0)
			sig = -1;
		if (sig < 0 && errno == EAGAIN)
			reload(c, o, stamps, 0);
		else if (sig == SIGHUP)
			reload(c, o, stamps, 1);
		else if (sig == SIGINT || sig == SIGTERM ||
			 (sig == SIGUSR1 && o->exit_when_done))
			break;
	}
	free(stamps);
	return sig;
}
