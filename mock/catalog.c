/* catalog.c - the scenarios by name: the newest version of each. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "catalog.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct catalog {
	pthread_mutex_t lock;
	const char *dir;
	const struct scenario **current; /* newest of each name, referenced */
	int ncurrent, current_cap;
};

struct catalog *catalog_new(const char *dir)
{
	struct catalog *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->dir = dir;
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void catalog_free(struct catalog *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->ncurrent; i++)
		scenario_free(c->current[i]);
	free(c->current);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

const char *catalog_dir(const struct catalog *c)
{
	return c->dir;
}

static void *grow(void *array, int *cap, size_t size)
{
	*cap = *cap ? *cap * 2 : 8;
	void *p = realloc(array, (size_t)*cap * size);
	if (!p)
		abort();
	return p;
}

static int find(struct catalog *c, const char *name)
{
	for (int i = 0; i < c->ncurrent; i++)
		if (!strcmp(c->current[i]->name, name))
			return i;
	return -1;
}

/* Under the lock: takes the caller's reference to sc over, and gives
 * back the catalog's to the version it replaces (freed now unless an
 * engine still replays it).  Returns sc with a reference for the
 * caller. */
static const struct scenario *add_locked(struct catalog *c,
					 const struct scenario *sc)
{
	int at = find(c, sc->name);
	if (at < 0) {
		if (c->ncurrent == c->current_cap)
			c->current = grow((void *)c->current, &c->current_cap,
					  sizeof *c->current);
		c->current[at = c->ncurrent++] = NULL;
	}
	scenario_free(c->current[at]);
	c->current[at] = sc;
	return scenario_ref(sc);
}

void catalog_add(struct catalog *c, struct scenario *sc)
{
	pthread_mutex_lock(&c->lock);
	scenario_free(add_locked(c, sc));
	pthread_mutex_unlock(&c->lock);
}

void catalog_add_borrowed(struct catalog *c, const struct scenario *sc)
{
	pthread_mutex_lock(&c->lock);
	scenario_free(add_locked(c, scenario_ref(sc)));
	pthread_mutex_unlock(&c->lock);
}

int catalog_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 128 || name[0] == '.')
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_-.") == n;
}

/* The largest scenario file read (scenario_load's own bound). */
#define CATALOG_MAX_FILE (8L << 20)

/* Reads a file into text with a small stack: this runs on a civetweb
 * worker, whose 100 KiB stack scenario_load's 64 KiB read buffer would
 * overflow under ASan.  0, or -1 with err set. */
static int read_file(const char *path, struct buf *text, struct buf *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		buf_printf(err, "%s:1:1: error: cannot open the file\n", path);
		return -1;
	}
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 &&
	       text->len <= (size_t)CATALOG_MAX_FILE)
		buf_append(text, chunk, n);
	int failed = ferror(f);
	fclose(f);
	if (failed || text->len > (size_t)CATALOG_MAX_FILE) {
		buf_printf(err, "%s:1:1: error: %s\n", path, failed ? "cannot read "
			   "the file" : "larger than 8388608 bytes");
		return -1;
	}
	return 0;
}

/* Loads with the loader's messages captured into err; text NULL: the
 * file at path. */
static struct scenario *load_captured(const char *path, const char *text,
				      size_t len, struct buf *err)
{
	struct buf file = {0};
	if (!text && read_file(path, &file, err) < 0)
		return NULL;
	if (!text) {
		text = buf_cstr(&file);
		len = file.len;
	}
	char *msgs = NULL;
	size_t msgs_len = 0;
	FILE *diag = open_memstream(&msgs, &msgs_len);
	if (!diag)
		abort();
	struct scenario *sc = scenario_load_text(path, text, len, diag);
	fclose(diag);
	buf_free(&file);
	buf_append(err, msgs, msgs_len);
	free(msgs);
	return sc;
}

/* DIR/NAME.yaml when it is a file inside DIR (symbolic links that lead
 * outside are refused too); 0, or -1 with err set. */
static int file_of(struct catalog *c, const char *name, char *out,
		   size_t size, struct buf *err)
{
	char dir[PATH_MAX], file[PATH_MAX], path[PATH_MAX + 256];
	if (!c->dir) {
		buf_printf(err, "Unknown scenario '%s' (none loaded by that name, "
				"and no --scenario-dir)", name);
		return -1;
	}
	if (!catalog_name_ok(name)) {
		buf_puts(err, "A scenario name is letters, digits, '_', '-' and "
			      "'.', not starting with '.': it names a file of "
			      "--scenario-dir, never a path outside it");
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s.yaml", c->dir, name);
	size_t dn;
	if (!realpath(c->dir, dir) || !realpath(path, file) ||
	    strncmp(file, dir, dn = strlen(dir)) || file[dn] != '/') {
		buf_printf(err, "Unknown scenario '%s' (no file %s.yaml in "
				"--scenario-dir)", name, name);
		return -1;
	}
	snprintf(out, size, "%s", file);
	return 0;
}

static const struct scenario *load_name_locked(struct catalog *c,
					       const char *name,
					       struct buf *err)
{
	char file[PATH_MAX];
	if (file_of(c, name, file, sizeof file, err) < 0)
		return NULL;
	struct scenario *sc = load_captured(file, NULL, 0, err);
	if (!sc)
		return NULL;
	if (strcmp(sc->name, name)) {
		buf_printf(err, "%s: the file's scenario is named '%s', not '%s'",
			   file, sc->name, name);
		scenario_free(sc);
		return NULL;
	}
	return add_locked(c, sc);
}

const struct scenario *catalog_get(struct catalog *c, const char *name,
				   struct buf *err)
{
	pthread_mutex_lock(&c->lock);
	int at = find(c, name);
	const struct scenario *sc = at >= 0 ? scenario_ref(c->current[at])
					    : load_name_locked(c, name, err);
	pthread_mutex_unlock(&c->lock);
	return sc;
}

const struct scenario *catalog_load_name(struct catalog *c, const char *name,
					 struct buf *err)
{
	pthread_mutex_lock(&c->lock);
	const struct scenario *sc = load_name_locked(c, name, err);
	pthread_mutex_unlock(&c->lock);
	return sc;
}

/* add_locked under the lock. */
static const struct scenario *add_locking(struct catalog *c,
					   struct scenario *sc)
{
	pthread_mutex_lock(&c->lock);
	const struct scenario *held = add_locked(c, sc);
	pthread_mutex_unlock(&c->lock);
	return held;
}

const struct scenario *catalog_load_file(struct catalog *c, const char *path,
					 struct buf *err)
{
	struct scenario *sc = load_captured(path, NULL, 0, err);
	return sc ? add_locking(c, sc) : NULL;
}

const struct scenario *catalog_load_text(struct catalog *c, const char *where,
					 const char *text, size_t len,
					 struct buf *err)
{
	struct scenario *sc = load_captured(where, text ? text : "", len, err);
	return sc ? add_locking(c, sc) : NULL;
}

int catalog_count(struct catalog *c)
{
	pthread_mutex_lock(&c->lock);
	int n = c->ncurrent;
	pthread_mutex_unlock(&c->lock);
	return n;
}

const struct scenario *catalog_at(struct catalog *c, int i)
{
	pthread_mutex_lock(&c->lock);
	const struct scenario *sc = i >= 0 && i < c->ncurrent
					    ? scenario_ref(c->current[i]) : NULL;
	pthread_mutex_unlock(&c->lock);
	return sc;
}
