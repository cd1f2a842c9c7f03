/*
 * kernel_script.h - the frames of a scenario's kernel step: outputs in
 * order with their delays, a reply of status ok, error or aborted, an
 * input_request that waits for the input_reply, a kernel busy until
 * interrupted, a kernel that dies.  Pure, like kernel_proto.
 */
#ifndef KERNEL_SCRIPT_H
#define KERNEL_SCRIPT_H

#include "kernel_proto.h"
#include "scenario.h"

/* Answers msg (a request the step matched) into out. */
void kscript_answer(const struct kproto_ctx *c, const cJSON *msg,
		    const struct kernel_step *s, struct kframes *out);
/* An input_reply goes on with the execute waiting for it: 0, or -1 when
 * none waits. */
int kscript_input_reply(const struct kproto_ctx *c, const cJSON *msg,
			struct kframes *out);
/* A REST interrupt of a kernel busy for good ends its execute as
 * ipykernel does (KeyboardInterrupt): 0, or -1 when it was not busy. */
int kscript_interrupt(const struct kproto_ctx *c, struct kframes *out);

#endif
