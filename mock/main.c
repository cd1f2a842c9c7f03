/* main.c - the mock server: parse options, serve until SIGINT/SIGTERM. */
#include <signal.h>
#include <stdio.h>

#include "cli.h"
#include "engine.h"
#include "http_server.h"
#include "validate.h"

/* Blocks the stop signals in every thread (civetweb's inherit the mask),
 * so sigwait in main is the one place they arrive. */
static void block_stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

static int serve(const struct cli_options *opt)
{
	sigset_t stop;
	block_stop_signals(&stop);
	struct engine *e = engine_new(&opt->engine);
	if (!e) {
		fprintf(stderr, "mock: cannot create the engine\n");
		return 1;
	}
	struct http_server *server = http_server_start(&opt->http, e);
	if (!server) {
		engine_free(e);
		return 1;
	}
	printf("mock: listening on http://%s:%d\n", opt->http.host,
	       http_server_port(server));
	fflush(stdout);
	int sig;
	sigwait(&stop, &sig);
	http_server_stop(server);
	engine_free(e);
	validate_cleanup();
	return 0;
}

int main(int argc, char **argv)
{
	struct cli_options opt;
	struct buf out = {0}, err = {0};
	enum cli_result r = cli_parse(argc, argv, &opt, &out, &err);
	fputs(buf_cstr(&out), stdout);
	fputs(buf_cstr(&err), stderr);
	buf_free(&out);
	buf_free(&err);
	if (r != CLI_RUN)
		return r == CLI_EXIT_OK ? 0 : 2;
	if (opt.nscenarios || opt.check_only) {
		fprintf(stderr, "mock: scenarios are not supported yet\n");
		return 2;
	}
	return serve(&opt);
}
