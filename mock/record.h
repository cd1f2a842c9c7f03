/*
 * record.h - `mock record`: a proxy in front of a real server that writes
 * what it saw as a scenario file (record_write.h), rewritten after every
 * request so the file is whole whenever the recorder is stopped.
 *
 *   mock record --upstream http://127.0.0.1:18888 --out session.yaml [--port N]
 */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>

#include "buf.h"

struct record_options {
	const char *upstream; /* "http://HOST:PORT" */
	const char *out;      /* the scenario file written */
	const char *name;     /* the scenario's name; NULL: out's base name */
	const char *host;     /* address to listen on */
	int port;
	int threads;
	int timeout_ms; /* for one upstream answer */
	size_t max_body;
	int quiet;
};

/* Parses the arguments after "record" (argv[0] is "record").  0 to run,
 * 1 when --help was printed to out, -1 with the reason in err. */
int record_parse(int argc, char **argv, struct record_options *o,
		 struct buf *out, struct buf *err);

/* Runs the recorder until SIGINT/SIGTERM (which the caller has blocked
 * in every thread); then checks the file it wrote as `mock --check` does.
 * The exit status: 0, or 1 when it could not listen, write the file, or
 * the file does not pass the check. */
int record_run(const struct record_options *o);

#endif
