/* test_stop_signal.c - sleeps that a stop wakes. */
#include <pthread.h>
#include <time.h>

#include "stop_signal.h"
#include "tap.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *raise_soon(void *arg)
{
	nanosleep(&(struct timespec){0, 50000000}, NULL);
	stop_signal_raise(arg);
	return NULL;
}

int main(void)
{
	struct stop_signal s;
	CHECK(stop_signal_init(&s) == 0, "a stop signal is made");
	double start = now();
	CHECK(stop_signal_sleep(&s, 20000) == 0 && now() - start >= 0.019,
	      "a sleep with no stop lasts its whole time and returns 0");
	CHECK(!stop_signal_raised(&s), "the stop is not raised yet");
	pthread_t t;
	pthread_create(&t, NULL, raise_soon, &s);
	start = now();
	int rc = stop_signal_sleep(&s, 20000000);
	double took = now() - start;
	pthread_join(t, NULL);
	CHECK(rc == -1 && took < 5.0, "a 20 s sleep ends when the stop is raised, with -1");
	CHECK(stop_signal_raised(&s), "the stop stays raised");
	start = now();
	CHECK(stop_signal_sleep(&s, 20000000) == -1 && now() - start < 1.0,
	      "a sleep after the stop returns at once");
	stop_signal_destroy(&s);
	return tap_done();
}
