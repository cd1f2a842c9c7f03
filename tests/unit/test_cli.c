/* test_cli.c - the mock's command line. */
#include <stdarg.h>
#include <string.h>

#include "cli.h"
#include "tap.h"


#define JAN_1_2026_US (1767225600LL * 1000000)
#define MAX_ARGS 16

static char arg_text[MAX_ARGS][64];
static char *argv_[MAX_ARGS + 1];
static struct cli_options opt;
static struct buf out, err;

/* Parses "mock" followed by the arguments given, up to a NULL. */
static enum cli_result parse(const char *first, ...)
{
	va_list ap;
	int argc = 0;
	snprintf(arg_text[argc], sizeof arg_text[0], "mock");
	argv_[argc] = arg_text[argc];
	argc++;
	va_start(ap, first);
	for (const char *a = first; a && argc < MAX_ARGS; a = va_arg(ap, const char *)) {
		snprintf(arg_text[argc], sizeof arg_text[0], "%s", a);
		argv_[argc] = arg_text[argc];
		argc++;
	}
	va_end(ap);
	argv_[argc] = NULL;
	buf_reset(&out);
	buf_reset(&err);
	return cli_parse(argc, argv_, &opt, &out, &err);
}

static void test_defaults(void)
{
	CHECK(parse(NULL) == CLI_RUN, "no options is CLI_RUN");
	CHECK_STR(opt.http.host, "127.0.0.1", "the default host is 127.0.0.1");
	CHECK(opt.http.port == 8888, "the default port is 8888");
	CHECK(opt.http.threads == 512, "the default is 512 threads");
	CHECK(opt.http.request_timeout_ms == 10000 && opt.http.keep_alive_timeout_ms == 5000,
	      "heads have 10 s to arrive, idle connections are kept 5 s");
	CHECK(opt.http.access.check_host && opt.http.access.nhosts == 0,
	      "bound to 127.0.0.1, only local Hosts are served");
	CHECK(!opt.http.access.check_origin, "with CORS on, every Origin is served");
	CHECK(opt.http.max_body == 1048576, "the default body cap is 1 MiB");
	CHECK(!opt.http.quiet, "the default logs requests");
	CHECK(opt.engine.store.seed == 1, "the default seed is 1");
	CHECK(opt.engine.store.nkernelspecs == 1 &&
		      strcmp(opt.engine.store.kernelspecs[0], "python3") == 0,
	      "the default kernelspec is python3 alone");
	CHECK(opt.engine.validate == VALIDATE_STRICT, "validation is strict by default");
	CHECK(opt.engine.cors == 1, "CORS is on by default");
	CHECK(opt.engine.stateful == 1, "the mock is stateful by default");
	CHECK(opt.engine.clock_step == 1000, "the clock steps 1ms by default");
	CHECK(opt.engine.clock_start == JAN_1_2026_US, "the clock starts at 2026-01-01 by default");
	CHECK(opt.nscenarios == 0 && !opt.check_only, "no scenarios and no --check by default");
	CHECK(out.len == 0 && err.len == 0, "a plain run prints nothing");
}

static void test_access_and_timeouts(void)
{
	CHECK(parse("--request-timeout", "250ms", "--keep-alive-timeout", "2s", NULL) == CLI_RUN &&
		      opt.http.request_timeout_ms == 250 && opt.http.keep_alive_timeout_ms == 2000,
	      "--request-timeout and --keep-alive-timeout take durations");
	CHECK(parse("--request-timeout", "500us", NULL) == CLI_ERROR &&
		      strstr(buf_cstr(&err), "from 1ms to 1h"),
	      "a timeout under a millisecond is refused with the form expected");
	CHECK(parse("--keep-alive-timeout", "2h", NULL) == CLI_ERROR,
	      "a timeout over an hour is refused");
	CHECK(parse("--allow-host", "a.test", "--allow-host", "b.test", NULL) == CLI_RUN &&
		      opt.http.access.nhosts == 2 &&
		      !strcmp(opt.http.access.hosts[1], "b.test"),
	      "--allow-host adds names, in order");
	CHECK(parse("--allow-host", "", NULL) == CLI_ERROR, "--allow-host needs a name");
	CHECK(parse("--host", "localhost", NULL) == CLI_RUN && opt.http.access.check_host,
	      "bound to localhost, the Host is checked");
	CHECK(parse("--host", "0.0.0.0", NULL) == CLI_RUN && !opt.http.access.check_host,
	      "bound to every address, any Host is served (as Jupyter's allow_remote_access)");
	CHECK(parse("--cors", "off", NULL) == CLI_RUN && opt.http.access.check_origin,
	      "--cors off refuses foreign Origins");
}

static void test_options(void)
{
	CHECK(parse("--host", "0.0.0.0", "--port", "0", "--seed", "42", NULL) == CLI_RUN &&
		      strcmp(opt.http.host, "0.0.0.0") == 0 && opt.http.port == 0 &&
		      opt.engine.store.seed == 42,
	      "--host, --port 0 and --seed are taken");
	CHECK(parse("--port", "65535", NULL) == CLI_RUN && opt.http.port == 65535,
	      "--port 65535 is taken");
	CHECK(parse("--clock-start", "2030-06-01T12:00:00.5Z", "--clock-step", "250us", NULL) == CLI_RUN &&
		      opt.engine.clock_start == 1906545600LL * 1000000 + 500000 &&
		      opt.engine.clock_step == 250,
	      "--clock-start and --clock-step are taken");
	CHECK(parse("--kernels", "ir,python3,julia", NULL) == CLI_RUN &&
		      opt.engine.store.nkernelspecs == 3 &&
		      strcmp(opt.engine.store.kernelspecs[0], "ir") == 0 &&
		      strcmp(opt.engine.store.kernelspecs[2], "julia") == 0,
	      "--kernels lists kernelspecs, the first the default");
	CHECK(parse("--validate", "warn", NULL) == CLI_RUN && opt.engine.validate == VALIDATE_WARN,
	      "--validate warn is taken");
	CHECK(parse("--validate", "off", NULL) == CLI_RUN && opt.engine.validate == VALIDATE_OFF,
	      "--validate off is taken");
	CHECK(parse("--validate", "strict", NULL) == CLI_RUN && opt.engine.validate == VALIDATE_STRICT,
	      "--validate strict is taken");
	CHECK(parse("--cors", "off", NULL) == CLI_RUN && opt.engine.cors == 0,
	      "--cors off is taken");
	CHECK(parse("--cors", "on", NULL) == CLI_RUN && opt.engine.cors == 1,
	      "--cors on is taken");
	CHECK(parse("--stateless", "--quiet", NULL) == CLI_RUN &&
		      opt.engine.stateful == 0 && opt.http.quiet == 1,
	      "--stateless and --quiet are taken");
	CHECK(parse("--threads", "8", "--max-body", "100", NULL) == CLI_RUN &&
		      opt.http.threads == 8 && opt.http.max_body == 100,
	      "--threads and --max-body are taken");
	CHECK(parse("--scenario", "a.yaml", "--scenario", "b.yaml", NULL) == CLI_RUN &&
		      opt.nscenarios == 2 && strcmp(opt.scenarios[1], "b.yaml") == 0,
	      "--scenario may be given more than once");
	CHECK(parse("--check", "a.yaml", "b.yaml", NULL) == CLI_RUN && opt.check_only &&
		      opt.nscenarios == 2 && strcmp(opt.scenarios[0], "a.yaml") == 0,
	      "--check takes scenario files as plain arguments");
	CHECK(parse("--port", "1", "--port", "2", NULL) == CLI_RUN && opt.http.port == 2,
	      "a repeated option takes its last value");
	parse("--port", "1", NULL);
	CHECK(parse(NULL) == CLI_RUN && opt.http.port == 8888,
	      "each parse starts from the defaults");
}

static void test_bad_values(void)
{
	CHECK(parse("--port", "70000", NULL) == CLI_ERROR, "--port 70000 is an error");
	CHECK_STR(buf_cstr(&err),
		  "mock: bad value '70000' for --port: expected an integer from 0 to 65535\n",
		  "the error names the value, the option and the expected form");
	CHECK(parse("--port", "-1", NULL) == CLI_ERROR, "--port -1 is an error");
	CHECK(parse("--port", "80x", NULL) == CLI_ERROR, "--port 80x is an error");
	CHECK(parse("--port", "", NULL) == CLI_ERROR, "an empty --port is an error");
	CHECK(parse("--validate", "nope", NULL) == CLI_ERROR &&
		      strcmp(buf_cstr(&err), "mock: bad value 'nope' for --validate: expected strict, warn or off\n") == 0,
	      "--validate nope is an error with a message");
	CHECK(parse("--clock-step", "5h", NULL) == CLI_ERROR &&
		      strcmp(buf_cstr(&err), "mock: bad value '5h' for --clock-step: expected a duration with its unit such as 250us, 5ms or 2s\n") == 0,
	      "--clock-step 5h is an error with a message");
	CHECK(parse("--clock-start", "2026-13-01T00:00:00Z", NULL) == CLI_ERROR,
	      "a bad --clock-start is an error");
	CHECK(parse("--cors", "yes", NULL) == CLI_ERROR, "--cors yes is an error");
	CHECK(parse("--threads", "0", NULL) == CLI_ERROR, "--threads 0 is an error");
	CHECK(parse("--threads", "1025", NULL) == CLI_ERROR, "--threads 1025 is an error");
	CHECK(parse("--kernels", ",", NULL) == CLI_ERROR, "--kernels with no name is an error");
	CHECK(parse("--seed", "-5", NULL) == CLI_ERROR, "a negative --seed is an error");
	CHECK(parse("--seed", "18446744073709551615", NULL) == CLI_RUN &&
		      opt.engine.store.seed == UINT64_MAX,
	      "--seed 2^64-1 is taken whole");
	CHECK(parse("--seed", "9223372036854775808", NULL) == CLI_RUN &&
		      opt.engine.store.seed == 9223372036854775808ull,
	      "--seed 2^63 is taken, not clamped to 2^63-1");
	CHECK(parse("--seed", "18446744073709551616", NULL) == CLI_ERROR,
	      "--seed 2^64 is an error, not clamped");
	CHECK_STR(buf_cstr(&err),
		  "mock: bad value '18446744073709551616' for --seed: expected an integer from 0 to 18446744073709551615\n",
		  "the --seed error shows the range");
	CHECK(parse("--seed", "+5", NULL) == CLI_ERROR, "a --seed with a sign is an error");
	CHECK(parse("--host", "999.1.1.1", NULL) == CLI_ERROR,
	      "--host 999.1.1.1 is an error, not a bind to 231.1.1.1");
	CHECK_STR(buf_cstr(&err),
		  "mock: bad value '999.1.1.1' for --host: expected an IPv4 address such as 127.0.0.1, or localhost\n",
		  "the --host error shows the expected form");
	CHECK(parse("--host", "127.1", NULL) == CLI_ERROR, "a short IPv4 form is an error");
	CHECK(parse("--host", "example.org", NULL) == CLI_ERROR, "a host name other than localhost is an error");
	CHECK(parse("--host", "localhost", NULL) == CLI_RUN && strcmp(opt.http.host, "localhost") == 0,
	      "--host localhost is taken");
	CHECK(parse("--host", "::1", NULL) == (http_server_ipv6() ? CLI_RUN : CLI_ERROR),
	      "--host ::1 is an error unless civetweb has IPv6");
	CHECK(http_server_ipv6() || strcmp(buf_cstr(&err),
		  "mock: bad value '::1' for --host: IPv6 is not supported by this civetweb build; use an IPv4 address or localhost\n") == 0,
	      "an IPv6 --host says civetweb was built without IPv6");
	CHECK(parse("--check", NULL) == CLI_ERROR &&
		      strcmp(buf_cstr(&err), "mock: --check needs at least one scenario file (try --help)\n") == 0,
	      "--check with no file is a usage error");
	CHECK(parse("--check", "--scenario", "a.yaml", NULL) == CLI_RUN,
	      "--check with a --scenario file is taken");
	CHECK(parse("--bogus", NULL) == CLI_ERROR &&
		      strcmp(buf_cstr(&err), "mock: unknown option '--bogus' (try --help)\n") == 0,
	      "an unknown option is an error that suggests --help");
	CHECK(parse("stray", NULL) == CLI_ERROR, "a stray argument without --check is an error");
	CHECK(parse("--port", NULL) == CLI_ERROR, "--port without a value is an error");
	CHECK(strstr(buf_cstr(&err), "unknown option") == NULL,
		   "--port without a value is not called an unknown option");
	CHECK(out.len == 0, "errors print nothing on out");
}

static void test_exit_ok(void)
{
	CHECK(parse("--help", NULL) == CLI_EXIT_OK, "--help is CLI_EXIT_OK");
	CHECK(strncmp(buf_cstr(&out), "usage: mock [options]\n", 22) == 0 &&
		      strstr(out.data, "--clock-step") && strstr(out.data, "--validate") &&
		      strstr(out.data, "--scenario FILE") && strstr(out.data, "--check FILE"),
	      "--help prints the usage with the options");
	CHECK(parse("-h", NULL) == CLI_EXIT_OK, "-h is CLI_EXIT_OK");
	CHECK(parse("--version", NULL) == CLI_EXIT_OK &&
		      strncmp(buf_cstr(&out), "mock ", 5) == 0 &&
		      out.data[out.len - 1] == '\n',
	      "--version prints mock and a version");
	CHECK(parse("--port", "1", "--help", "--bogus", NULL) == CLI_EXIT_OK,
	      "--help wins over later bad options");
	CHECK(err.len == 0, "--help and --version print nothing on err");
}

static void test_clock_step(void)
{
	CHECK(parse("--clock-step", "5ms", NULL) == CLI_RUN && opt.engine.clock_step == 5000,
	      "--clock-step 5ms is 5000 microseconds");
	CHECK(parse("--clock-step", "2s", NULL) == CLI_RUN && opt.engine.clock_step == 2000000,
	      "--clock-step 2s is 2000000 microseconds");
	CHECK(parse("--clock-step", "7", NULL) == CLI_ERROR,
	      "a --clock-step without a unit is an error");
	CHECK_STR(buf_cstr(&err),
		  "mock: bad value '7' for --clock-step: expected a duration with its unit such as 250us, 5ms or 2s\n",
		  "the --clock-step error shows the expected form");
	CHECK(parse("--clock-step", "0", NULL) == CLI_RUN && opt.engine.clock_step == 0,
	      "--clock-step 0 stops the clock");
	CHECK(parse("--clock-step", "-1ms", NULL) == CLI_ERROR, "a negative --clock-step is an error");
	CHECK(parse("--clock-step", "nan", NULL) == CLI_ERROR,
		   "--clock-step nan is an error");
}

static void test_control_plane(void)
{
	CHECK(parse(NULL) == CLI_RUN && opt.journal == 5000 && opt.max_instances == 64 &&
		      !opt.scenario_dir && !opt.exit_when_done && !opt.watch && !opt.transcript,
	      "the control plane's defaults: a journal of 5000, 64 instances, no CI options");
	CHECK(parse("--journal", "0", "--max-instances", "3", "--scenario-dir", "/tmp",
		    "--exit-when-done", "--watch", "--transcript", "t.txt", NULL) == CLI_RUN &&
		      opt.journal == 0 && opt.max_instances == 3 && !strcmp(opt.scenario_dir, "/tmp") &&
		      opt.exit_when_done && opt.watch && !strcmp(opt.transcript, "t.txt"),
	      "--journal, --max-instances, --scenario-dir, --exit-when-done, --watch, --transcript are read");
	CHECK(parse("--max-instances", "0", NULL) == CLI_ERROR &&
		      strstr(buf_cstr(&err), "expected an integer from 1 to 100000"),
	      "--max-instances 0 is refused with the form expected");
	CHECK(parse("--journal", "-1", NULL) == CLI_ERROR, "a negative --journal is refused");
}

int main(void)
{
	test_control_plane();
	test_defaults();
	test_options();
	test_access_and_timeouts();
	test_bad_values();
	test_exit_ok();
	test_clock_step();
	buf_free(&out);
	buf_free(&err);
	return tap_done();
}
