/*
 * admin_api.h - the admin API under /__mock/: health, reset, the journal
 * and what is built on it.  JSON in and out; every bad request is a 4xx
 * in the house shape {"message": ..., "reason": null} and changes
 * nothing.  The endpoints and their JSON are documented in README.md.
 */
#ifndef ADMIN_API_H
#define ADMIN_API_H

#include <cjson/cJSON.h>

#include "control.h"

/* Answers an admin request (its path is under ADMIN_PREFIX). */
void admin_handle(struct control *c, const struct mock_request *req,
		  struct reply *out);

#endif
