/*
 * journal.h - the requests the mock answered, the newest kept: a ring of
 * at most N entries whose strings are cut to fixed bounds, so memory
 * stays flat however many requests come.
 *
 * Each entry says what answered (operation, scenario step, fault,
 * validation verdict) and what went out (status, body size, virtual
 * time).  The HTTP path adds one entry per request; the admin API reads
 * entries under the journal's lock with journal_each.
 */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "request.h"

/* Bounds of what an entry keeps (longer values are cut, and marked). */
#define JOURNAL_MAX_TEXT 256   /* instance, step, note, content type */
#define JOURNAL_MAX_PATH 2048  /* path, query */
#define JOURNAL_MAX_BODY 4096  /* request and response bodies */
#define JOURNAL_MAX_HEADERS 2048 /* request and response header lines */
#define JOURNAL_DEFAULT_CAPACITY 5000

/* What journal_add copies; everything is borrowed, NULL means "". */
struct journal_record {
	const char *instance; /* "" for the shared default instance */
	const char *scenario; /* the name of the one replayed, or NULL */
	const char *method, *path, *query;
	const struct request_header *req_headers;
	int nreq_headers;
	const char *req_body;
	size_t req_body_len;
	int op;          /* spec_operations row, -1: none */
	const char *step; /* scenario step that answered */
	int off_script;
	int fault;   /* enum fault_kind */
	int verdict; /* enum reply_verdict */
	const char *note; /* the log line's note (validation findings...) */
	int status;
	const char *content_type;
	const char *resp_headers; /* "Name: value\r\n" lines, Date excluded */
	const char *resp_body;
	size_t resp_body_len; /* the whole body's size */
	int64_t time_us;      /* the virtual instant of the request */
};

/* One kept entry, as journal_each shows it.  Strings are NUL-terminated
 * and never NULL; bodies may hold any bytes (length given). */
struct journal_entry {
	uint64_t seq; /* 1, 2, 3... since the journal was last emptied */
	int op, off_script, fault, verdict, status;
	int64_t time_us;
	size_t resp_body_size; /* of the whole body, even when cut */
	int req_body_cut, resp_body_cut; /* 1: the kept body is a prefix */
	/* req_headers and resp_headers are "Name: value\r\n" lines */
	const char *instance, *scenario, *method, *path, *query, *req_headers, *step,
		*note, *content_type, *resp_headers, *req_body, *resp_body;
	size_t req_body_len, resp_body_len; /* as kept */
	struct buf text; /* private: holds the strings above */
};

struct journal;

/* A journal keeping the last capacity entries; capacity 0 keeps none
 * (journal_add does nothing).  NULL on out-of-memory. */
struct journal *journal_new(size_t capacity);
void journal_free(struct journal *j);
size_t journal_capacity(const struct journal *j);

/* Copies r, cut to the bounds above, as the newest entry; the oldest
 * goes when the ring is full. */
void journal_add(struct journal *j, const struct journal_record *r);

/* Calls fn on each kept entry, oldest first, under the journal's lock
 * (fn must not call back into the journal); stops when fn returns
 * nonzero. */
void journal_each(struct journal *j,
		  int (*fn)(const struct journal_entry *e, void *ctx),
		  void *ctx);
/* The number of entries kept. */
size_t journal_count(struct journal *j);

/* Forgets the entries of instance, or all when instance is NULL (then
 * numbering starts again at 1). */
void journal_clear(struct journal *j, const char *instance);

#endif
