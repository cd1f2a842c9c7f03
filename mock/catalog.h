/*
 * catalog.h - the scenarios the mock can replay, by name: those given
 * with --scenario, those loaded through the admin API, and those of the
 * scenario directory, loaded on first use.
 *
 * The catalog holds a reference to the newest version of each name.  A
 * version replaced by a newer one (same name) is freed once the engines
 * still replaying it let go too (scenario_ref/scenario_free), so loading
 * a scenario again and again costs no memory over time.  Every scenario
 * the functions below return is a reference of the caller's: give it
 * back with scenario_free.
 */
#ifndef CATALOG_H
#define CATALOG_H

#include "buf.h"
#include "scenario.h"

struct catalog;

/* A catalog reading names from dir (NULL: none; borrowed).  NULL on
 * out-of-memory. */
struct catalog *catalog_new(const char *dir);
void catalog_free(struct catalog *c);
const char *catalog_dir(const struct catalog *c);

/* Takes the caller's reference to sc over and makes sc the one of its
 * name. */
void catalog_add(struct catalog *c, struct scenario *sc);

/* The same taking a reference of its own: the caller keeps its own. */
void catalog_add_borrowed(struct catalog *c, const struct scenario *sc);

/* The scenario named name: one loaded, else DIR/NAME.yaml loaded now.
 * NULL with err saying why: no such scenario, a name that could reach
 * outside the directory, or the file's errors (FILE:LINE:COL lines). */
const struct scenario *catalog_get(struct catalog *c, const char *name,
				   struct buf *err);
/* Loads DIR/NAME.yaml anew (a changed file replaces the loaded version).
 * NULL with err as catalog_get. */
const struct scenario *catalog_load_name(struct catalog *c, const char *name,
					 struct buf *err);
/* Loads the file at path anew and makes it the one of its name.  NULL
 * with err holding the file's errors (the loaded version stays). */
const struct scenario *catalog_load_file(struct catalog *c, const char *path,
					 struct buf *err);
/* Checks and adds a scenario from text (YAML or JSON); where names the
 * text in messages ("body").  NULL with err holding every error line. */
const struct scenario *catalog_load_text(struct catalog *c, const char *where,
					 const char *text, size_t len,
					 struct buf *err);

/* The number of scenarios and the i-th (newest version of each name), in
 * the order they were first loaded. */
int catalog_count(struct catalog *c);
const struct scenario *catalog_at(struct catalog *c, int i);

/* 1 when name may name a file of the directory: letters, digits, '_',
 * '-', '.', not starting with '.', at most 128 bytes. */
int catalog_name_ok(const char *name);

#endif
