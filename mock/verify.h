/*
 * verify.h - "did the client call this, this many times?": a pattern of
 * method, path, operation, status and body, with an expected count or
 * range, counted over the journal.
 *
 * The pattern is JSON (README.md, POST /__mock/verify):
 *   {"method": "POST", "path": "/api/sessions/{id}", "operation": "...",
 *    "status": 201, "body": {"path": "a.ipynb"}, "instance": "KEY",
 *    "count": 1 | {"min": 1, "max": 3}}
 * A path segment written {name} matches any one segment; body matches a
 * request body holding at least those members (recursively).
 */
#ifndef VERIFY_H
#define VERIFY_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "journal.h"

struct verify_pattern {
	char method[16];    /* "" for any */
	char path[512];     /* "" for any */
	int op;             /* spec_operations row, -1 for any */
	int status;         /* 0 for any */
	int has_instance;
	char instance[128];
	cJSON *body;        /* owned; NULL for any */
	long min, max;      /* expected count; max -1: no upper bound */
};

/* Reads a pattern from its JSON text (len bytes).  0, or -1 with err
 * saying what is wrong; free with verify_pattern_free either way. */
int verify_pattern_parse(const char *text, size_t len,
			 struct verify_pattern *p, struct buf *err);
void verify_pattern_free(struct verify_pattern *p);

/* The criteria of p that e fails, as a bit set (VERIFY_*); 0: a match. */
enum {
	VERIFY_METHOD = 1 << 0,
	VERIFY_PATH = 1 << 1,
	VERIFY_OPERATION = 1 << 2,
	VERIFY_STATUS = 1 << 3,
	VERIFY_BODY = 1 << 4,
	VERIFY_INSTANCE = 1 << 5
};
unsigned verify_misses(const struct verify_pattern *p,
		       const struct journal_entry *e);

/* Counts the journal's matches.  A new JSON object (the caller owns it):
 * {"count", "expected", "matched": [seq...]} when the count is as
 * expected (*held = 1); else {"message", "reason", "count", "expected",
 * "near_misses": [{"seq", "method", "path", "operation", "status",
 * "differs": ["body", ...]}...]}, the closest ten first. */
cJSON *verify_run(struct journal *j, const struct verify_pattern *p,
		  int *held);

#endif
