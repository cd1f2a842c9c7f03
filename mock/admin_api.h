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

/* Registers the admin endpoints (the demo page's too) in the shared
 * engine's table as OP_ROUTE_CONTROL routes, bound to c (the bindings
 * are c->admin_bindings, freed by control_free).  0, or -1 on
 * out-of-memory. */
int admin_register(struct control *c);

/* Answers an admin request (its path is under ADMIN_PREFIX) from the
 * routes admin_register added. */
void admin_handle(struct control *c, const struct mock_request *req,
		  struct reply *out);

#endif
