/*
 * journal_view.h - journal entries as the admin API shows them: the
 * filters a client asks for (?since=&operation=&status=...) and the
 * JSON of one entry (the shape documented in README.md).
 */
#ifndef JOURNAL_VIEW_H
#define JOURNAL_VIEW_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "request.h"
#include "journal.h"

struct journal_filter {
	uint64_t since;         /* entries numbered above it */
	char operation[128];    /* operationId, "" for any */
	char method[16];        /* "" for any */
	char path[256];         /* exact path, "" for any */
	int status;             /* 0 for any */
	int unmatched;          /* 1: off-script or unrouted requests only */
	int has_instance;
	char instance[128];     /* with has_instance: that instance only */
	long limit;             /* the first N that match; -1: all */
};

/* Reads the filters from the request's query.  0, or -1 with err saying
 * which parameter is bad. */
int journal_filter_parse(const struct mock_request *req,
			 struct journal_filter *f, struct buf *err);
/* 1 when e passes f (limit aside). */
int journal_filter_matches(const struct journal_filter *f,
			   const struct journal_entry *e);
/* 1 when the request went off script or matched no operation. */
int journal_entry_unmatched(const struct journal_entry *e);

/* A new JSON object of e (the caller owns it); NULL on out-of-memory. */
cJSON *journal_entry_json(const struct journal_entry *e);
/* The operationId of a spec_operations row, or NULL for -1. */
const char *journal_operation_id(int op);

#endif
