/* test_data_dir.c - the shipped scenarios are found from the binary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data_dir.h"
#include "tap.h"

static char top[256];

static void make_file(const char *rel)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", top, rel);
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
}

static void make_dir(const char *rel)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", top, rel);
	mkdir(path, 0755);
}

static void test_find(void)
{
	char out[512], exe[512], want[512];
	unsetenv("MOCK_DATA_DIR");
	make_dir("usr");
	make_dir("usr/bin");
	make_dir("usr/share");
	make_dir("usr/share/" DATA_DIR_NAME);
	snprintf(exe, sizeof exe, "%s/usr/bin/mock", top);
	snprintf(want, sizeof want, "%s/usr/bin/../share/" DATA_DIR_NAME, top);
	CHECK(data_dir_find(exe, out, sizeof out) == 0 && !strcmp(out, want),
	      "an installed binary finds PREFIX/share/jupyter-sessions-mock");

	make_dir("src");
	make_dir("src/build");
	make_dir("src/scenarios");
	make_file("src/scenarios/default.yaml");
	snprintf(exe, sizeof exe, "%s/src/build/mock", top);
	snprintf(want, sizeof want, "%s/src/build/..", top);
	CHECK(data_dir_find(exe, out, sizeof out) == 0 && !strcmp(out, want),
	      "a built binary finds the source tree holding scenarios/default.yaml");

	snprintf(exe, sizeof exe, "%s/src/mock", top);
	CHECK(data_dir_find(exe, out, sizeof out) == -1,
	      "a binary with neither beside it finds nothing");
	CHECK(data_dir_find("mock", out, sizeof out) == -1,
	      "a name without a directory finds nothing");

	snprintf(exe, sizeof exe, "%s/usr/bin/mock", top);
	CHECK(data_dir_find(exe, out, 8) == -1, "a too small buffer is -1, not a cut path");

	snprintf(want, sizeof want, "%s/src", top);
	setenv("MOCK_DATA_DIR", want, 1);
	CHECK(data_dir_find(exe, out, sizeof out) == 0 && !strcmp(out, want),
	      "MOCK_DATA_DIR wins over the places beside the binary");
	CHECK(data_dir_self(out, sizeof out) == 0 && !strcmp(out, want),
	      "data_dir_self honours MOCK_DATA_DIR too");
	setenv("MOCK_DATA_DIR", "/nonexistent/dir", 1);
	CHECK(data_dir_find(exe, out, sizeof out) == -1,
	      "a MOCK_DATA_DIR that is no directory is -1");
	unsetenv("MOCK_DATA_DIR");
}

static void test_scenario(void)
{
	char out[600], want[600], dir[300];
	snprintf(dir, sizeof dir, "%s/src", top);
	setenv("MOCK_DATA_DIR", dir, 1);
	make_file("src/scenarios/create-501.yaml");
	snprintf(want, sizeof want, "%s/scenarios/create-501.yaml", dir);
	CHECK(data_dir_scenario("create-501", out, sizeof out) == 0 && !strcmp(out, want),
	      "a bare name is the shipped scenario NAME.yaml");
	CHECK(data_dir_scenario("create-501.yaml", out, sizeof out) == 0 && !strcmp(out, want),
	      "a bare name with .yaml is the same file");
	CHECK(data_dir_scenario(want, out, sizeof out) == 0 && !strcmp(out, want),
	      "an existing file is itself");
	CHECK(data_dir_scenario("missing", out, sizeof out) == -1 && !strcmp(out, "missing"),
	      "an unknown name is -1 and left as given (the loader reports it)");
	CHECK(data_dir_scenario("no/such.yaml", out, sizeof out) == -1 &&
		      !strcmp(out, "no/such.yaml"),
	      "a path with a slash is never looked up elsewhere");
	unsetenv("MOCK_DATA_DIR");
}

int main(void)
{
	snprintf(top, sizeof top, "/tmp/test_data_dir.XXXXXX");
	if (!mkdtemp(top)) {
		perror("mkdtemp");
		return 1;
	}
	test_find();
	test_scenario();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", top);
	return tap_done();
}
