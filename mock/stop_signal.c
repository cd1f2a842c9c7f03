/* stop_signal.c - a stop that sleeping threads wake on. */
#include "stop_signal.h"

#include <errno.h>
#include <time.h>

int stop_signal_init(struct stop_signal *s)
{
	s->raised = 0;
	pthread_condattr_t attr;
	if (pthread_condattr_init(&attr) != 0)
		return -1;
	/* A monotonic deadline: setting the wall clock moves no sleep. */
	int rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
			 pthread_cond_init(&s->wake, &attr) == 0 ? 0 : -1;
	pthread_condattr_destroy(&attr);
	if (rc == 0 && pthread_mutex_init(&s->lock, NULL) != 0) {
		pthread_cond_destroy(&s->wake);
		rc = -1;
	}
	return rc;
}

void stop_signal_destroy(struct stop_signal *s)
{
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
}

void stop_signal_raise(struct stop_signal *s)
{
	pthread_mutex_lock(&s->lock);
	s->raised = 1;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

int stop_signal_raised(struct stop_signal *s)
{
	pthread_mutex_lock(&s->lock);
	int raised = s->raised;
	pthread_mutex_unlock(&s->lock);
	return raised;
}

int stop_signal_sleep(struct stop_signal *s, int64_t us)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	int64_t ns = until.tv_nsec + (us % 1000000) * 1000;
	until.tv_sec += (time_t)(us / 1000000 + ns / 1000000000);
	until.tv_nsec = (long)(ns % 1000000000);
	pthread_mutex_lock(&s->lock);
	int rc = 0;
	while (!s->raised && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&s->wake, &s->lock, &until);
	int raised = s->raised;
	pthread_mutex_unlock(&s->lock);
	return raised ? -1 : 0;
}
