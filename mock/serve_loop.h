/*
 * serve_loop.h - what the main thread does while civetweb serves: waits
 * for SIGINT/SIGTERM (stop), SIGHUP (reload the scenario files), SIGUSR1
 * (the control plane's "scenario done", --exit-when-done), and with
 * --watch looks at the scenario files' times twice a second, reloading
 * the ones that changed.
 */
#ifndef SERVE_LOOP_H
#define SERVE_LOOP_H

#include <signal.h>

#include "control.h"

/* Blocks the loop's signals in the calling thread and the threads it
 * starts later (civetweb's inherit the mask); call before starting them. */
void serve_loop_block_signals(void);

struct serve_loop_options {
	const char *const *files; /* the --scenario files, to reload */
	int nfiles;
	int watch;          /* poll the files' times */
	int exit_when_done; /* SIGUSR1 ends the loop */
};

/* Runs until a stop signal (or, with exit_when_done, SIGUSR1); returns
 * the signal that ended it. */
int serve_loop(struct control *c, const struct serve_loop_options *o);

#endif
