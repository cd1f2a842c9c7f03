/* test_record.c - the `mock record` command line. */
#include <string.h>

#include "record.h"
#include "tap.h"

static struct record_options o;
static struct buf out, err;

static int parse(int argc, const char **args)
{
	char *argv[16];
	for (int i = 0; i < argc; i++)
		argv[i] = (char *)args[i];
	buf_reset(&out);
	buf_reset(&err);
	return record_parse(argc, argv, &o, &out, &err);
}

int main(void)
{
	const char *ok[] = {"record", "--upstream", "http://127.0.0.1:18888", "--out", "f.yaml"};
	CHECK(parse(5, ok) == 0 && !strcmp(o.upstream, "http://127.0.0.1:18888") &&
		      !strcmp(o.out, "f.yaml") && o.port == 8888 && !strcmp(o.host, "127.0.0.1") &&
		      !o.name && !o.quiet && o.timeout_ms == 30000,
	      "--upstream and --out are enough; port 8888 on 127.0.0.1 by default");
	const char *all[] = {"record", "--upstream", "http://h:1", "--out", "f", "--port", "0",
			     "--name", "n", "--host", "0.0.0.0", "--timeout-ms", "5", "--quiet"};
	CHECK(parse(14, all) == 0 && o.port == 0 && !strcmp(o.name, "n") &&
		      !strcmp(o.host, "0.0.0.0") && o.timeout_ms == 5 && o.quiet,
	      "every option is read");
	const char *help[] = {"record", "--help"};
	CHECK(parse(2, help) == 1 && !strncmp(buf_cstr(&out), "usage: mock record", 18),
	      "--help prints the usage and says so");
	const char *none[] = {"record", "--out", "f"};
	CHECK(parse(3, none) == -1 && strstr(buf_cstr(&err), "--upstream and --out are needed"),
	      "--upstream is needed");
	const char *bad_url[] = {"record", "--upstream", "ftp://x", "--out", "f"};
	CHECK(parse(5, bad_url) == -1 && strstr(buf_cstr(&err), "must be http://HOST:PORT, not 'ftp://x'"),
	      "a bad upstream is named");
	const char *bad_port[] = {"record", "--upstream", "http://h:1", "--out", "f", "--port", "65536"};
	CHECK(parse(7, bad_port) == -1 && strstr(buf_cstr(&err), "bad value '65536' for --port"),
	      "a bad port is named");
	const char *unknown[] = {"record", "--what"};
	CHECK(parse(2, unknown) == -1 && strstr(buf_cstr(&err), "unknown option '--what'"),
	      "an unknown option is named");
	const char *no_value[] = {"record", "--out"};
	CHECK(parse(2, no_value) == -1 && strstr(buf_cstr(&err), "--out needs a value"),
	      "an option without its value is named");
	buf_free(&out);
	buf_free(&err);
	return tap_done();
}
