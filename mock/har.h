/*
 * har.h - the journal as a HAR 1.2 document, for browser devtools
 * (Network panel, "Import HAR").  Times are the virtual clock's; the
 * timings are zero (the journal keeps no wall-clock time).
 */
#ifndef HAR_H
#define HAR_H

#include <cjson/cJSON.h>

#include "journal.h"
#include "journal_view.h"

/* A new HAR document ({"log": ...}) of the entries passing f (NULL: all);
 * the caller owns it. */
cJSON *har_json(struct journal *j, const struct journal_filter *f);

#endif
