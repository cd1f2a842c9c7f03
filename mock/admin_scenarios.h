/*
 * admin_scenarios.h - the admin endpoints of scenarios and instances:
 * list, load (body or by name), select, set a state, reset and drop an
 * instance.  Routed by admin_api.c; shapes in README.md.
 */
#ifndef ADMIN_SCENARIOS_H
#define ADMIN_SCENARIOS_H

#include "control.h"

void admin_get_scenarios(struct control *c, const struct mock_request *req,
			 struct reply *out);
void admin_post_scenarios(struct control *c, const struct mock_request *req,
			  struct reply *out);
void admin_select_scenario(struct control *c, const struct mock_request *req,
			   struct reply *out);
void admin_set_state(struct control *c, const struct mock_request *req,
		     struct reply *out);
void admin_get_instances(struct control *c, const struct mock_request *req,
			 struct reply *out);
void admin_delete_instance(struct control *c, const struct mock_request *req,
			   struct reply *out);
/* POST /__mock/reset[?instance=KEY]: one instance, or everything. */
void admin_reset(struct control *c, const struct mock_request *req,
		 struct reply *out);

#endif
