/*
 * stop_signal.h - a stop that sleeping threads wake on.
 *
 * A scripted delay or drip sleeps in a civetweb worker; when the server
 * stops, those sleeps must end at once, not when their 20 s are up.
 */
#ifndef STOP_SIGNAL_H
#define STOP_SIGNAL_H

#include <pthread.h>
#include <stdint.h>

struct stop_signal {
	pthread_mutex_t lock;
	pthread_cond_t wake; /* on CLOCK_MONOTONIC */
	int raised;
};

/* 0, or -1 when the lock or condition cannot be made. */
int stop_signal_init(struct stop_signal *s);
void stop_signal_destroy(struct stop_signal *s);

/* Raises the stop: every sleeper wakes, and later sleeps return at once. */
void stop_signal_raise(struct stop_signal *s);
int stop_signal_raised(struct stop_signal *s);

/* Sleeps us microseconds, or until the stop is raised: 0 when the whole
 * time was slept, -1 when the stop ended it. */
int stop_signal_sleep(struct stop_signal *s, int64_t us);

#endif
