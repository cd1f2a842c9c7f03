/*
 * ui_page.h - the demo page at /__mock/ui and the one snapshot it polls.
 *
 * The page (mock/ui/index.html, compiled into the binary) is plain
 * HTML/CSS/JS; it talks to the real API for what it does (create, rename,
 * delete) and reads the mock through the admin API, which is not
 * journaled and moves no clock, so watching the mock does not change it.
 */
#ifndef UI_PAGE_H
#define UI_PAGE_H

#include <cjson/cJSON.h>

#include "control.h"

/* GET /__mock/ui: the page itself. */
void ui_page_get(struct control *c, const struct mock_request *req,
		 struct reply *out);

/* GET /__mock/ui/state: {"sessions", "kernels", "clock", "scenario",
 * "scenario_names"} of the shared instance, read under its lock without changing it (a session
 * whose kernel died is shown with "culled": true, not culled). */
void ui_state_get(struct control *c, const struct mock_request *req,
		  struct reply *out);

/* The snapshot ui_state_get sends, for e (the caller owns the result). */
cJSON *ui_state_json(struct engine *e);

/* The scenario names a presenter can switch to: those cat has loaded and
 * the NAME.yaml files of its directory, sorted, each once (the caller
 * owns the array). */
cJSON *ui_scenario_names(struct catalog *cat);

#endif
