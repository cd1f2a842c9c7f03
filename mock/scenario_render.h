/*
 * scenario_render.h - a step's scripted answer and actions, with
 * {{templates}} filled in from the request, the session state and the
 * clock.
 *
 * Templates: {{request.method}} {{request.path}} {{request.params.NAME}}
 * {{request.query.NAME}} {{request.header.NAME}} {{request.body.A.B}}
 * {{state.session.A.B}} (the session the path names)
 * {{state.last_session.A.B}} (the newest session) {{clock.now}} {{uuid}}.
 * A string that is one whole template takes the value's JSON type.
 */
#ifndef SCENARIO_RENDER_H
#define SCENARIO_RENDER_H

#include "buf.h"
#include "reply.h"
#include "scenario.h"

/* 0 when every {{...}} in text is a known template; else -1 with the
 * first unknown one appended to bad. */
int template_check(const char *text, struct buf *bad);

/* Fills out with the step's scripted answer. */
void scenario_render_reply(const struct scenario_step *st,
			   const struct op_call *call, struct reply *out);
/* Applies the step's actions to the session state; what could not be
 * done (an unknown kernel) is noted in note. */
void scenario_apply_actions(const struct scenario_step *st,
			    const struct op_call *call, struct buf *note);

#endif
