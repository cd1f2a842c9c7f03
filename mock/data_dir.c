/* data_dir.c - the shipped scenarios and spec, found from the binary. */
#include "data_dir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Copies text into out; -1 when it does not fit. */
static int put(char *out, size_t size, const char *text)
{
	return snprintf(out, size, "%s", text) < (int)size ? 0 : -1;
}

int data_dir_find(const char *exe, char *out, size_t size)
{
	const char *env = getenv("MOCK_DATA_DIR");
	if (env && *env)
		return is_dir(env) ? put(out, size, env) : -1;
	char bindir[PATH_MAX], probe[PATH_MAX + 64];
	if (put(bindir, sizeof bindir, exe) < 0)
		return -1;
	char *slash = strrchr(bindir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	snprintf(probe, sizeof probe, "%s/../share/" DATA_DIR_NAME, bindir);
	if (is_dir(probe))
		return put(out, size, probe);
	snprintf(probe, sizeof probe, "%s/../scenarios/default.yaml", bindir);
	if (is_file(probe)) {
		snprintf(probe, sizeof probe, "%s/..", bindir);
		return put(out, size, probe);
	}
	return -1;
}

int data_dir_self(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	return data_dir_find(exe, out, size);
}

int data_dir_scenario(const char *name, char *out, size_t size)
{
	if (put(out, size, name) < 0)
		return -1;
	if (is_file(name) || strchr(name, '/') || !*name)
		return is_file(name) ? 0 : -1;
	char dir[PATH_MAX], path[PATH_MAX * 2];
	if (data_dir_self(dir, sizeof dir) < 0)
		return -1;
	size_t len = strlen(name);
	int has_ext = len > 5 && !strcmp(name + len - 5, ".yaml");
	snprintf(path, sizeof path, "%s/scenarios/%s%s", dir, name,
		 has_ext ? "" : ".yaml");
	if (!is_file(path))
		return -1;
	return put(out, size, path);
}
