/*
 * civet_request.h - a civetweb request as the mock's struct mock_request:
 * the one reading of civetweb's request info, for the HTTP glue and the
 * kernel websockets alike (so an upgrade is judged as any request).
 */
#ifndef CIVET_REQUEST_H
#define CIVET_REQUEST_H

#include <stddef.h>

#include <civetweb.h>

#include "request.h"

/* Fills req from ri (borrowed: req points into it and into body, which
 * may be NULL).  Headers past REQUEST_MAX_HEADERS are not seen; the
 * refusal is left to the caller. */
void civet_request_fill(const struct mg_request_info *ri, const char *body,
			size_t body_len, struct mock_request *req);

#endif
