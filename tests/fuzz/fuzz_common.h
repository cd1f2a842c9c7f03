/* fuzz_common.h - what the fuzz targets share: a sink for diagnostics, a
 * NUL-terminated copy of the input, a fresh mock. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdio.h>

#include "control.h"
#include "fuzz.h"

/* /dev/null, opened once: diagnostics are not the finding. */
FILE *fuzz_devnull(void);

/* data[0..size) and a NUL, malloc'd (the caller frees). */
char *fuzz_text(const uint8_t *data, size_t size);

/* The shipped scenarios (the .yaml files of scenarios/, sorted), loaded
 * once. */
int fuzz_scenario_count(void);
const struct scenario *fuzz_scenario_at(int i);
const char *fuzz_scenario_name(int i);

struct fuzz_mock_options {
	const struct scenario *scenario; /* or NULL */
	const char *validate;            /* strict|warn|off */
	int cors, stateless;
};

/* A mock as the command line would make it, with a small journal.  The
 * caller control_free()s it. */
struct control *fuzz_mock_new(const struct fuzz_mock_options *o);

/* Sends one request to c and checks what every answer must be; body may
 * be NULL.  The reply's body is copied to body_out (may be NULL). */
void fuzz_send(struct control *c, const struct mock_request *req,
	       struct buf *body_out);

/* A client's first requests (create, get, patch, delete...), in
 * fuzz_requests' text format: they make the player's steps and the
 * journal's entries that other inputs then meet. */
extern const char fuzz_client[];

/* Plays requests in fuzz_requests' text format (no config line) to c. */
void fuzz_play(struct control *c, const char *text, size_t len);

#endif
