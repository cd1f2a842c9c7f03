/* cli.c - the mock's command line. */
#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#define DEFAULT_CLOCK_START "2026-01-01T00:00:00Z"

static const char usage[] =
	"usage: mock [options]\n"
	"       mock record --upstream http://HOST:PORT --out FILE.yaml [--port N]\n"
	"\n"
	"A mock Jupyter Server Sessions API, built from its OpenAPI spec.\n"
	"\n"
	"  --host ADDR          IPv4 address to bind, or localhost\n"
	"                       (default 127.0.0.1)\n"
	"  --port N             port to bind, 0 for any free one; the first\n"
	"                       stdout line names the port bound (default 8888)\n"
	"  --seed N             seed of session and kernel ids (default 1)\n"
	"  --clock-start TIME   virtual clock start, ISO-8601 UTC\n"
	"                       (default " DEFAULT_CLOCK_START ")\n"
	"  --clock-step D       virtual time per request, with its unit:\n"
	"                       250us, 5ms, 2s; 0 stops the clock (default 1ms)\n"
	"  --kernels A,B        kernelspec names; the first is the default\n"
	"                       (default python3)\n"
	"  --validate MODE      strict, warn or off (default strict)\n"
	"  --cors on|off        answer preflights and reflect Origin (default on)\n"
	"  --stateless          answer every operation from the spec's examples\n"
	"  --threads N          worker threads = connections served at once\n"
	"                       (default 512)\n"
	"  --request-timeout D  time for a request's head to arrive, and the\n"
	"                       longest a body may stall (default 10s)\n"
	"  --keep-alive-timeout D  time an idle connection is kept (default 5s)\n"
	"  --allow-host NAME    a Host name served besides localhost and\n"
	"                       loopback addresses when bound to loopback;\n"
	"                       repeatable, '*' for any (default none)\n"
	"  --max-body BYTES     largest request body (default 1048576)\n"
	"  --quiet              no per-request log line on stderr\n"
	"  --journal N          requests kept for GET /__mock/journal, 0 for\n"
	"                       none (default 5000)\n"
	"  --max-instances N    per-client instances (X-Mock-Scenario) live at\n"
	"                       once; the oldest idle goes (default 64)\n"
	"  --scenario-dir DIR   where X-Mock-Scenario and the admin API find\n"
	"                       scenarios by name: DIR/NAME.yaml\n"
	"  --exit-when-done     exit 0 once the scenario's steps are all taken;\n"
	"                       1, with a report, when a request goes off\n"
	"                       script or a stop signal comes first\n"
	"  --transcript FILE    write the canonical transcript there at exit\n"
	"  --watch              reload changed --scenario files (SIGHUP always\n"
	"                       reloads them); a broken one is reported and the\n"
	"                       previous version serves on\n"
	"  --scenario FILE      replay a scenario file (scenarios/README.md), or\n"
	"                       a shipped one by name (create-501); repeat it to\n"
	"                       check several, the first is served\n"
	"  --check FILE...      check scenario files (at least one) against the\n"
	"                       spec, print FILE: ok or FILE:LINE:COL: errors,\n"
	"                       and exit\n"
	"  --help, --version\n";

static void set_defaults(struct cli_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->http.host = "127.0.0.1";
	opt->http.port = 8888;
	opt->http.threads = 512;
	opt->http.request_timeout_ms = 10000;
	opt->http.keep_alive_timeout_ms = 5000;
	opt->http.max_body = 1 << 20;
	opt->engine.store.seed = 1;
	opt->journal = JOURNAL_DEFAULT_CAPACITY;
	opt->max_instances = INSTANCES_DEFAULT_MAX;
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

/* Digits only, up to 2^64-1: strtoull alone would take a sign (and
 * negate it) and clamp what is too large. */
static int parse_u64(const char *text, uint64_t *out)
{
	char *end;
	if (!*text || strspn(text, "0123456789") != strlen(text))
		return -1;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno == ERANGE || *end)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* A dotted IPv4 address (inet_pton takes nothing else: no 999, no
 * short forms) or localhost; IPv6 only where civetweb was built for it. */
static int parse_host(const char *text, struct buf *why)
{
	unsigned char addr[16];
	if (!strcmp(text, "localhost") || inet_pton(AF_INET, text, addr) == 1)
		return 0;
	if (inet_pton(AF_INET6, text, addr) == 1) {
		if (http_server_ipv6())
			return 0;
		buf_puts(why, "IPv6 is not supported by this civetweb build; "
			      "use an IPv4 address or localhost");
		return -1;
	}
	return -1;
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

/* A duration from 1 ms to an hour, in milliseconds. */
static int parse_timeout(const char *text, int *ms)
{
	int64_t us;
	if (det_parse_duration(text, &us) < 0 || us < 1000 || us > 3600000000LL)
		return -1;
	*ms = (int)(us / 1000);
	return 0;
}

/* The options that take a value, and the form each expects. */
static const struct {
	const char *name, *form;
} valued[] = {
	{"--host", "an IPv4 address such as 127.0.0.1, or localhost"},
	{"--port", "an integer from 0 to 65535"},
	{"--seed", "an integer from 0 to 18446744073709551615"},
	{"--clock-start", "an ISO-8601 UTC time such as 2026-01-01T00:00:00Z"},
	{"--clock-step", "a duration with its unit such as 250us, 5ms or 2s"},
	{"--kernels", "1 to 16 kernelspec names joined by commas"},
	{"--validate", "strict, warn or off"},
	{"--cors", "on or off"},
	{"--threads", "an integer from 1 to 1024"},
	{"--request-timeout", "a duration with its unit from 1ms to 1h, such as 10s"},
	{"--keep-alive-timeout", "a duration with its unit from 1ms to 1h, such as 5s"},
	{"--allow-host", "a host name, given at most 16 times"},
	{"--max-body", "a byte count from 0 to 9223372036854775807"},
	{"--scenario", "a file, given at most 16 times"},
	{"--journal", "an integer from 0 to 10000000"},
	{"--max-instances", "an integer from 1 to 100000"},
	{"--scenario-dir", "a directory"},
	{"--transcript", "a file to write"},
};

/* Applies one option that takes a value; -1 when the value is bad (why
 * may then say more than the expected form). */
static int apply_value(const char *name, const char *v, struct cli_options *o,
		       struct buf *why)
{
	long n;
	if (!strcmp(name, "--host") && !parse_host(v, why))
		o->http.host = v;
	else if (!strcmp(name, "--port") && !parse_long(v, 0, 65535, &n))
		o->http.port = (int)n;
	else if (!strcmp(name, "--seed"))
		return parse_u64(v, &o->engine.store.seed);
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
	else if (!strcmp(name, "--request-timeout"))
		return parse_timeout(v, &o->http.request_timeout_ms);
	else if (!strcmp(name, "--keep-alive-timeout"))
		return parse_timeout(v, &o->http.keep_alive_timeout_ms);
	else if (!strcmp(name, "--allow-host") && *v)
		return access_allow_host(&o->http.access, v);
	else if (!strcmp(name, "--max-body") && !parse_long(v, 0, LONG_MAX, &n))
		o->http.max_body = (size_t)n;
	else if (!strcmp(name, "--journal") && !parse_long(v, 0, 10000000, &n))
		o->journal = (size_t)n;
	else if (!strcmp(name, "--max-instances") && !parse_long(v, 1, 100000, &n))
		o->max_instances = (int)n;
	else if (!strcmp(name, "--scenario-dir"))
		o->scenario_dir = v;
	else if (!strcmp(name, "--transcript"))
		o->transcript = v;
	else if (!strcmp(name, "--scenario") && o->nscenarios < CLI_MAX_FILES)
		o->scenarios[o->nscenarios++] = v;
	else
		return -1;
	return 0;
}

/* The form name expects, or NULL when it takes no value. */
static const char *value_form(const char *name)
{
	for (size_t i = 0; i < sizeof valued / sizeof valued[0]; i++)
		if (!strcmp(name, valued[i].name))
			return valued[i].form;
	return NULL;
}

/* "mock: bad value 'V' for OPT: " and what the parser said, else the
 * form the option expects. */
static void bad_value(const char *name, const char *v, struct buf *why,
		      struct buf *err)
{
	buf_printf(err, "mock: bad value '%s' for %s: ", v, name);
	if (why->len)
		buf_printf(err, "%s\n", buf_cstr(why));
	else
		buf_printf(err, "expected %s\n", value_form(name));
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
			buf_puts(out, "mock " MOCK_VERSION "\n");
			return CLI_EXIT_OK;
		} else if (!strcmp(a, "--quiet")) {
			opt->http.quiet = 1;
		} else if (!strcmp(a, "--stateless")) {
			opt->engine.stateful = 0;
		} else if (!strcmp(a, "--exit-when-done")) {
			opt->exit_when_done = 1;
		} else if (!strcmp(a, "--watch")) {
			opt->watch = 1;
		} else if (!strcmp(a, "--check")) {
			opt->check_only = 1;
		} else if (value_form(a) && i + 1 == argc) {
			buf_printf(err, "mock: %s needs a value (try --help)\n", a);
			return CLI_ERROR;
		} else if (value_form(a)) {
			struct buf why = {0};
			int bad = apply_value(a, argv[++i], opt, &why) < 0;
			if (bad)
				bad_value(a, argv[i], &why, err);
			buf_free(&why);
			if (bad)
				return CLI_ERROR;
		} else if (opt->check_only && a[0] != '-' &&
			   opt->nscenarios < CLI_MAX_FILES) {
			opt->scenarios[opt->nscenarios++] = a;
		} else {
			buf_printf(err, "mock: unknown option '%s' (try --help)\n", a);
			return CLI_ERROR;
		}
	}
	/* As Jupyter: bound to loopback, only local Hosts are served (against
	 * DNS rebinding); with CORS off, only the server's own Origin. */
	opt->http.access.check_host = !strcmp(opt->http.host, "localhost") ||
				      access_is_loopback(opt->http.host);
	opt->http.access.check_origin = !opt->engine.cors;
	if (opt->check_only && opt->nscenarios == 0) {
		buf_puts(err, "mock: --check needs at least one scenario file "
			      "(try --help)\n");
		return CLI_ERROR;
	}
	return CLI_RUN;
}
