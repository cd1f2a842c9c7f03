/* cli.c - the mock's command line. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#define VERSION "0.1.0"
#define DEFAULT_CLOCK_START "2026-01-01T00:00:00Z"

static const char usage[] =
	"usage: mock [options]\n"
	"\n"
	"A mock Jupyter Server Sessions API, built from its OpenAPI spec.\n"
	"\n"
	"  --host ADDR          address to bind (default 127.0.0.1)\n"
	"  --port N             port to bind, 0 for any free one (default 8888)\n"
	"  --seed N             seed of session and kernel ids (default 1)\n"
	"  --clock-start TIME   virtual clock start, ISO-8601 UTC\n"
	"                       (default " DEFAULT_CLOCK_START ")\n"
	"  --clock-step D       virtual time per request: 250us, 5ms, 2s\n"
	"                       (default 1ms)\n"
	"  --kernels A,B        kernelspec names; the first is the default\n"
	"                       (default python3)\n"
	"  --validate MODE      strict, warn or off (default strict)\n"
	"  --cors on|off        answer preflights and reflect Origin (default on)\n"
	"  --stateless          answer every operation from the spec's examples\n"
	"  --threads N          worker threads = keep-alive connections served\n"
	"                       at once (default 64)\n"
	"  --max-body BYTES     largest request body (default 1048576)\n"
	"  --quiet              no per-request log line on stderr\n"
	"  --scenario FILE      replay a scenario file (scenarios/README.md);\n"
	"                       repeat it to check several, the first is served\n"
	"  --check FILE...      check scenario files against the spec, print\n"
	"                       FILE: ok or FILE:LINE:COL: errors, and exit\n"
	"  --help, --version\n";

static void set_defaults(struct cli_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->http.host = "127.0.0.1";
	opt->http.port = 8888;
	opt->http.threads = 64;
	opt->http.max_body = 1 << 20;
	opt->engine.store.seed = 1;
	opt->engine.store.kernelspecs[0] = "python3";
	opt->engine.store.nkernelspecs = 1;
	opt->engine.validate = VALIDATE_STRICT;
	opt->engine.cors = 1;
	opt->engine.stateful = 1;
	opt->engine.clock_step = 1000;
	det_parse_iso(DEFAULT_CLOCK_START, &opt->engine.clock_start);
}

static int parse_long(const char *text, long min, long max, long *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (end == text || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_kernels(const char *text, struct cli_options *opt)
{
	struct store_options *st = &opt->engine.store;
	if (snprintf(opt->kernels, sizeof opt->kernels, "%s", text) >=
	    (int)sizeof opt->kernels)
		return -1;
	st->nkernelspecs = 0;
	for (char *save, *name = strtok_r(opt->kernels, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		if (st->nkernelspecs == STORE_MAX_KERNELSPECS)
			return -1;
		st->kernelspecs[st->nkernelspecs++] = name;
	}
	return st->nkernelspecs ? 0 : -1;
}

/* Applies one option that takes a value; -1 when the value is bad. */
static int apply_value(const char *name, const char *v, struct cli_options *o)
{
	long n;
	if (!strcmp(name, "--host"))
		o->http.host = v;
	else if (!strcmp(name, "--port") && !parse_long(v, 0, 65535, &n))
		o->http.port = (int)n;
	else if (!strcmp(name, "--seed") && !parse_long(v, 0, LONG_MAX, &n))
		o->engine.store.seed = (uint64_t)n;
	else if (!strcmp(name, "--clock-start"))
		return det_parse_iso(v, &o->engine.clock_start);
	else if (!strcmp(name, "--clock-step"))
		return det_parse_duration(v, &o->engine.clock_step);
	else if (!strcmp(name, "--kernels"))
		return parse_kernels(v, o);
	else if (!strcmp(name, "--validate") && !strcmp(v, "strict"))
		o->engine.validate = VALIDATE_STRICT;
	else if (!strcmp(name, "--validate") && !strcmp(v, "warn"))
		o->engine.validate = VALIDATE_WARN;
	else if (!strcmp(name, "--validate") && !strcmp(v, "off"))
		o->engine.validate = VALIDATE_OFF;
	else if (!strcmp(name, "--cors") && (!strcmp(v, "on") || !strcmp(v, "off")))
		o->engine.cors = !strcmp(v, "on");
	else if (!strcmp(name, "--threads") && !parse_long(v, 1, 1024, &n))
		o->http.threads = (int)n;
	else if (!strcmp(name, "--max-body") && !parse_long(v, 0, LONG_MAX, &n))
		o->http.max_body = (size_t)n;
	else if (!strcmp(name, "--scenario") && o->nscenarios < CLI_MAX_FILES)
		o->scenarios[o->nscenarios++] = v;
	else
		return -1;
	return 0;
}

static int takes_value(const char *name)
{
	static const char *const names[] = {
		"--host", "--port", "--seed", "--clock-start", "--clock-step",
		"--kernels", "--validate", "--cors", "--threads", "--max-body",
		"--scenario", NULL};
	for (int i = 0; names[i]; i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

enum cli_result cli_parse(int argc, char **argv, struct cli_options *opt,
			  struct buf *out, struct buf *err)
{
	set_defaults(opt);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			buf_puts(out, usage);
			return CLI_EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			buf_puts(out, "mock " VERSION "\n");
			return CLI_EXIT_OK;
		} else if (!strcmp(a, "--quiet")) {
			opt->http.quiet = 1;
		} else if (!strcmp(a, "--stateless")) {
			opt->engine.stateful = 0;
		} else if (!strcmp(a, "--check")) {
			opt->check_only = 1;
		} else if (takes_value(a) && i + 1 == argc) {
			buf_printf(err, "mock: %s needs a value (try --help)\n", a);
			return CLI_ERROR;
		} else if (takes_value(a)) {
			if (apply_value(a, argv[++i], opt) < 0) {
				buf_printf(err, "mock: bad value '%s' for %s\n",
					   argv[i], a);
				return CLI_ERROR;
			}
		} else if (opt->check_only && a[0] != '-' &&
			   opt->nscenarios < CLI_MAX_FILES) {
			opt->scenarios[opt->nscenarios++] = a;
		} else {
			buf_printf(err, "mock: unknown option '%s' (try --help)\n", a);
			return CLI_ERROR;
		}
	}
	return CLI_RUN;
}
