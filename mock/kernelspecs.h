/*
 * kernelspecs.h - the kernelspec catalogue: names with their fields, as
 * GET /api/kernelspecs shows them and the scripted kernel describes itself.
 *
 * A name alone gets defaults (python3: the real ipykernel kernelspec of
 * Debian's Jupyter Server; any other name: a generic one); a scenario may
 * set any field.  Nothing here is locked or changes after start.
 */
#ifndef KERNELSPECS_H
#define KERNELSPECS_H

#include <cjson/cJSON.h>

#include "buf.h"

#define KERNELSPECS_MAX 16

struct kernelspec_catalog {
	int n;
	const char *names[KERNELSPECS_MAX];  /* [0] is the default; borrowed */
	const cJSON *fields[KERNELSPECS_MAX]; /* scenario fields or NULL; borrowed */
};

/* The row of name, or -1. */
int kernelspec_find(const struct kernelspec_catalog *c, const char *name);
/* Appends {"name", "spec", "resources"} of row i as json.dumps writes it. */
void kernelspec_write(const struct kernelspec_catalog *c, int i, struct buf *out);
/* Appends {"default", "kernelspecs": {name: model, ...}}. */
void kernelspecs_write_all(const struct kernelspec_catalog *c, struct buf *out);
/* The language_info a kernel_info_reply gives for row i (a new tree the
 * caller frees); -1 rows get the python3 one. */
cJSON *kernelspec_language_info(const struct kernelspec_catalog *c, int i);
/* The scenario keys a kernelspec may set, NULL-terminated. */
extern const char *const kernelspec_keys[];
/* Checks the value of one scenario key; NULL when fine, else the rule
 * broken ("must be a string"...). */
const char *kernelspec_check_field(const char *key, const cJSON *value);

#endif
