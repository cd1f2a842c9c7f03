/* main.c - the mock server: parse options, serve until SIGINT/SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "control.h"
#include "data_dir.h"
#include "record.h"
#include "http_server.h"
#include "scenario.h"
#include "serve_loop.h"
#include "transcript.h"
#include "validate.h"

static int serve_scenarios(const struct cli_options *opt,
			   struct scenario **loaded);

/* Loads every scenario file (a bare name that is no file is one of the
 * shipped scenarios); errors go to stderr.  Returns the count loaded,
 * all of them or -1. */
static int load_scenarios(const struct cli_options *opt,
			  struct scenario **loaded)
{
	int ok = 0;
	for (int i = 0; i < opt->nscenarios; i++) {
		char path[4096];
		data_dir_scenario(opt->scenarios[i], path, sizeof path);
		loaded[i] = scenario_load(path, stderr);
		ok += loaded[i] != NULL;
	}
	return ok == opt->nscenarios ? ok : -1;
}

static int check_only(const struct cli_options *opt)
{
	struct scenario *loaded[CLI_MAX_FILES] = {0};
	int rc = load_scenarios(opt, loaded) < 0 ? 1 : 0;
	for (int i = 0; i < opt->nscenarios; i++) {
		if (loaded[i])
			printf("%s: ok\n", opt->scenarios[i]);
		scenario_free(loaded[i]);
	}
	return rc;
}

static int serve(const struct cli_options *opt)
{
	struct scenario *loaded[CLI_MAX_FILES] = {0};
	if (load_scenarios(opt, loaded) < 0) {
		for (int i = 0; i < opt->nscenarios; i++)
			scenario_free(loaded[i]);
		return 1;
	}
	return serve_scenarios(opt, loaded);
}

/* --transcript FILE: the journal's canonical transcript, written whole
 * or not at all.  0, or 1 when it cannot be written. */
static int write_transcript(struct control *c, const char *path)
{
	if (!path)
		return 0;
	struct buf text = {0}, tmp = {0};
	transcript_write(c->journal, NULL, &text);
	buf_printf(&tmp, "%s.tmp", path);
	FILE *f = fopen(buf_cstr(&tmp), "wb");
	int ok = f && fwrite(text.data ? text.data : "", 1, text.len, f) == text.len;
	ok = f && fclose(f) == 0 && ok && rename(buf_cstr(&tmp), path) == 0;
	if (!ok) {
		fprintf(stderr, "mock: cannot write the transcript to %s\n", path);
		remove(buf_cstr(&tmp));
	}
	buf_free(&text);
	buf_free(&tmp);
	return ok ? 0 : 1;
}

/* Serves the loaded scenarios (taken over): the first to clients that
 * name none, any of them to clients that do (X-Mock-Scenario). */
static int serve_scenarios(const struct cli_options *opt,
			   struct scenario **loaded)
{
	serve_loop_block_signals();
	/* Scenarios by name come from --scenario-dir, else the shipped ones. */
	char shipped[4096];
	const char *dir = opt->scenario_dir;
	if (!dir && data_dir_self(shipped, sizeof shipped - 16) == 0) {
		strcat(shipped, "/scenarios");
		dir = shipped;
	}
	struct control_options co = {
		.engine = opt->engine,
		.journal = opt->journal,
		.max_instances = opt->max_instances,
		.scenario_dir = dir,
		.scenarios = loaded,
		.nscenarios = opt->nscenarios,
		.exit_when_done = opt->exit_when_done,
	};
	struct control *c = control_new(&co);
	if (!c)
		return 1;
	struct http_server *server = http_server_start(&opt->http, c);
	if (!server) {
		control_free(c);
		return 1;
	}
	printf("mock: listening on http://%s:%d\n", opt->http.host,
	       http_server_port(server));
	fflush(stdout);
	char paths[CLI_MAX_FILES][4096];
	const char *files[CLI_MAX_FILES];
	for (int i = 0; i < opt->nscenarios; i++) {
		data_dir_scenario(opt->scenarios[i], paths[i], sizeof paths[i]);
		files[i] = paths[i];
	}
	struct serve_loop_options lo = {files, opt->nscenarios, opt->watch,
					opt->exit_when_done};
	serve_loop(c, &lo);
	http_server_stop(server);
	int rc = write_transcript(c, opt->transcript);
	if (opt->exit_when_done && control_done_report(c, stderr))
		rc = 1;
	control_free(c);
	return rc;
}

/* mock record ...: the arguments after "record". */
static int record(int argc, char **argv)
{
	struct record_options ro;
	struct buf out = {0}, err = {0};
	int r = record_parse(argc, argv, &ro, &out, &err);
	fputs(buf_cstr(&out), stdout);
	fputs(buf_cstr(&err), stderr);
	buf_free(&out);
	buf_free(&err);
	return r < 0 ? 2 : r > 0 ? 0 : record_run(&ro);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "record"))
		return record(argc - 1, argv + 1);
	struct cli_options opt;
	struct buf out = {0}, err = {0};
	enum cli_result r = cli_parse(argc, argv, &opt, &out, &err);
	fputs(buf_cstr(&out), stdout);
	fputs(buf_cstr(&err), stderr);
	buf_free(&out);
	buf_free(&err);
	if (r != CLI_RUN)
		return r == CLI_EXIT_OK ? 0 : 2;
	if (opt.check_only)
		return check_only(&opt);
	struct stat dir;
	if (opt.scenario_dir && (stat(opt.scenario_dir, &dir) || !S_ISDIR(dir.st_mode))) {
		fprintf(stderr, "mock: --scenario-dir '%s' is not a directory\n",
			opt.scenario_dir);
		return 2;
	}
	struct buf conflict = {0};
	if (control_spec_conflict(spec_operations, spec_operation_count,
				  spec_source, &conflict) < 0) {
		fprintf(stderr, "mock: %s\n", buf_cstr(&conflict));
		buf_free(&conflict);
		return 1;
	}
	return serve(&opt);
}
