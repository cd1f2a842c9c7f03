/*
 * prefer.h - Prism-style overrides: a request that asks for one of the
 * operation's declared responses instead of what the mock would answer.
 *
 *   Prefer: code=501                 the response declared for 501
 *   Prefer: example=kernelNotAvailable   the response holding that example
 *   ?__code=501&__example=NAME       the same, when there is no Prefer header
 *
 * An undeclared code or example is a 400 that says so.  A 501 of a
 * Sessions create or update names the kernel the request asks for
 * (sessions_kernel_501).
 */
#ifndef PREFER_H
#define PREFER_H

#include "reply.h"
#include "request.h"

struct op_call;

/* 1 when the request asks for a declared response of its operation: out
 * holds it (or the 400 of an undeclared one).  0 when it asks for none. */
int prefer_answer(const struct op_call *call, struct reply *out);

#endif
