/*
 * cli.h - the mock's command line, parsed into options.
 */
#ifndef CLI_H
#define CLI_H

#include "buf.h"
#include "control.h"
#include "engine.h"
#include "http_server.h"

#define CLI_MAX_FILES 16

struct cli_options {
	struct engine_options engine;
	size_t journal; /* --journal: entries kept, 0 for none */
	int max_instances; /* --max-instances */
	const char *scenario_dir; /* --scenario-dir, or NULL */
	int exit_when_done;    /* --exit-when-done */
	int watch;             /* --watch: reload changed scenario files */
	const char *transcript; /* --transcript FILE, or NULL */
	struct http_server_options http;
	const char *scenarios[CLI_MAX_FILES];
	int nscenarios;
	int check_only; /* --check: check the scenario files, do not serve */
	char kernels[256]; /* storage for engine.store.kernelspecs */
};

enum cli_result { CLI_RUN, CLI_EXIT_OK, CLI_ERROR };

/* Fills opt from argv.  CLI_EXIT_OK: --help or --version was printed to
 * out; CLI_ERROR: err holds the reason. */
enum cli_result cli_parse(int argc, char **argv, struct cli_options *opt,
			  struct buf *out, struct buf *err);

#endif
