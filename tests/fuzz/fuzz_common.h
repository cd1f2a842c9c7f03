/* fuzz_common.h - what the fuzz targets share: a sink for diagnostics, a
 * NUL-terminated copy of the input, a fresh mock. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdio.h>

#include "access.h"
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

/* A mock as the command line would make it (bound to 127.0.0.1), with
 * a small journal. */
struct fuzz_mock {
	struct control *control;
	struct access_options access; /* the HTTP glue's Host/Origin check */
	int scripted; /* a scenario: its author may set any Location */
};
void fuzz_mock_init(struct fuzz_mock *m, const struct fuzz_mock_options *o);
void fuzz_mock_free(struct fuzz_mock *m);

/* Sends one request to m as the HTTP glue does (refusals, the access
 * check, the control plane, the serializer) and checks what every answer
 * must be.  The reply's body is copied to body_out (may be NULL). */
void fuzz_send(struct fuzz_mock *m, struct mock_request *req,
	       struct buf *body_out);

/* A client's first requests (create, get, patch, delete...), in
 * fuzz_requests' text format: they make the player's steps and the
 * journal's entries that other inputs then meet. */
extern const char fuzz_client[];

/* The ids $S and $K stand for: the last session created, its kernel. */
struct fuzz_ids {
	char session[64], kernel[64];
};

/* Plays requests in fuzz_requests' text format (no config line) to m;
 * ids (may be NULL) gets the last ids seen. */
void fuzz_play(struct fuzz_mock *m, const char *text, size_t len,
	       struct fuzz_ids *ids);

/* The length of the part of s[0..len) up to a line "%%", and in *skip
 * that of the separator after it (0 at the end): how the inputs of
 * several requests or frames are cut. */
size_t fuzz_part_length(const char *s, size_t len, size_t *skip);

#endif
