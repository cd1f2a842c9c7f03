/* kernel_script.c - a scenario's kernel step as frames. */
#include "kernel_script.h"

#include <stdlib.h>
#include <string.h>

static const char *const output_types[] = {
	[KOUT_STREAM] = "stream", [KOUT_EXECUTE_RESULT] = "execute_result",
	[KOUT_DISPLAY_DATA] = "display_data", [KOUT_ERROR] = "error",
	[KOUT_CLEAR_OUTPUT] = "clear_output", [KOUT_INPUT_REQUEST] = "input_request"};

static cJSON *must(cJSON *j)
{
	if (!j)
		abort(); /* out of memory */
	return j;
}

static void set_delay(struct kframes *out, int64_t *delay)
{
	out->v[out->n - 1].delay_us = *delay;
	*delay = 0;
}

/* The last error output of the step, or NULL. */
static const cJSON *error_output(const struct kernel_step *s)
{
	const cJSON *e = NULL;
	for (int i = 0; i < s->noutputs; i++)
		if (s->outputs[i].kind == KOUT_ERROR)
			e = s->outputs[i].content;
	return e;
}

static void dies(const struct kproto_ctx *c, struct kframes *out)
{
	kproto_status(c, out, NULL, "dead");
	out->v[out->n - 1].close_after = 1;
	c->k->dead = 1;
}

static void add_error_fields(cJSON *content, const cJSON *error)
{
	static const char *const keys[] = {"ename", "evalue", "traceback"};
	for (int i = 0; i < 3; i++) {
		const cJSON *v = cJSON_GetObjectItem(error, keys[i]);
		cJSON_AddItemToObject(content, keys[i], v ? must(cJSON_Duplicate(v, 1))
			: i < 2 ? must(cJSON_CreateString(i ? "" : "Error"))
				: must(cJSON_CreateArray()));
	}
}

/* execute_reply then idle (ok), or idle then execute_reply (error and
 * aborted: the order of the real capture). */
static void finish_execute(const struct kproto_ctx *c, const struct kernel_step *s,
			   const cJSON *parent, int count, int64_t delay,
			   struct kframes *out)
{
	const cJSON *error = error_output(s);
	const char *status = s->status ? s->status : error ? "error" : "ok";
	cJSON *content = must(cJSON_CreateObject());
	cJSON_AddStringToObject(content, "status", status);
	if (!strcmp(status, "error"))
		add_error_fields(content, error);
	cJSON_AddNumberToObject(content, "execution_count", count);
	if (!strcmp(status, "ok")) {
		cJSON_AddItemToObject(content, "user_expressions", must(cJSON_CreateObject()));
		cJSON_AddItemToObject(content, "payload", must(cJSON_CreateArray()));
	}
	cJSON *meta = must(cJSON_CreateObject());
	cJSON_AddTrueToObject(meta, "dependencies_met");
	cJSON_AddStringToObject(meta, "engine", c->k->kernel_id);
	cJSON_AddStringToObject(meta, "status", status);
	int ok = !strcmp(status, "ok");
	if (!ok) {
		kproto_status(c, out, parent, "idle");
		set_delay(out, &delay);
	}
	kproto_emit(c, out, "shell", "execute_reply", parent, content, meta);
	set_delay(out, &delay);
	if (ok)
		kproto_status(c, out, parent, "idle");
	if (s->die)
		dies(c, out);
}

/* Sends the step's outputs from position from on; stops at an
 * input_request (the rest waits for its reply) or finishes. */
static void run_execute(const struct kproto_ctx *c, const struct kernel_step *s,
			const cJSON *parent, int count, int from, struct kframes *out)
{
	int64_t delay = 0;
	for (int i = from; i < s->noutputs; i++) {
		const struct kernel_output *o = &s->outputs[i];
		if (o->kind == KOUT_DELAY) {
			delay += o->delay_us;
			continue;
		}
		cJSON *content = must(cJSON_Duplicate(o->content, 1));
		if (o->kind == KOUT_EXECUTE_RESULT)
			cJSON_AddNumberToObject(content, "execution_count", count);
		int input = o->kind == KOUT_INPUT_REQUEST;
		kproto_emit(c, out, input ? "stdin" : "iopub", output_types[o->kind],
			    parent, content, NULL);
		set_delay(out, &delay);
		if (input) {
			kproto_clear_pending(c->k);
			c->k->pending = s;
			c->k->pending_pos = i + 1;
			c->k->pending_count = count;
			c->k->pending_parent = must(cJSON_Duplicate(parent, 1));
			return;
		}
	}
	if (s->busy_forever) {
		kproto_clear_pending(c->k);
		c->k->busy_forever = 1;
		c->k->pending = s;
		c->k->pending_count = count;
		c->k->pending_parent = must(cJSON_Duplicate(parent, 1));
		return;
	}
	finish_execute(c, s, parent, count, delay, out);
}

static void answer_other(const struct kproto_ctx *c, const cJSON *msg,
			 const struct kernel_step *s, struct kframes *out)
{
	const cJSON *parent = kproto_header(msg);
	kproto_status(c, out, parent, "busy");
	if (s->busy_forever) {
		c->k->busy_forever = 1;
		return;
	}
	cJSON *content = s->reply ? must(cJSON_Duplicate(s->reply, 1))
				  : must(cJSON_CreateObject());
	if (!cJSON_GetObjectItem(content, "status"))
		cJSON_AddStringToObject(content, "status", "ok");
	const char *type = kproto_msg_type(msg);
	size_t n = strlen(type);
	char reply_type[96];
	snprintf(reply_type, sizeof reply_type, "%.*s_reply",
		 (int)(n > 8 && !strcmp(type + n - 8, "_request") ? n - 8 : n), type);
	kproto_emit(c, out, kproto_channel(msg), reply_type, parent, content, NULL);
	kproto_status(c, out, parent, "idle");
	if (s->die)
		dies(c, out);
}

void kscript_answer(const struct kproto_ctx *c, const cJSON *msg,
		    const struct kernel_step *s, struct kframes *out)
{
	if (strcmp(kproto_msg_type(msg), "execute_request") != 0) {
		answer_other(c, msg, s, out);
		return;
	}
	const cJSON *parent = kproto_header(msg);
	int count = kproto_count_execute(c->k, msg);
	kproto_status(c, out, parent, "busy");
	cJSON *input = must(cJSON_CreateObject());
	cJSON_AddStringToObject(input, "code", kproto_code(msg));
	cJSON_AddNumberToObject(input, "execution_count", count);
	kproto_emit(c, out, "iopub", "execute_input", parent, input, NULL);
	run_execute(c, s, parent, count, 0, out);
}

int kscript_input_reply(const struct kproto_ctx *c, const cJSON *msg,
			struct kframes *out)
{
	(void)msg;
	struct kproto_kernel *k = c->k;
	if (!k->pending || k->busy_forever)
		return -1;
	const struct kernel_step *s = k->pending;
	cJSON *parent = k->pending_parent;
	k->pending_parent = NULL;
	k->pending = NULL;
	run_execute(c, s, parent, k->pending_count, k->pending_pos, out);
	cJSON_Delete(parent);
	return 0;
}

int kscript_interrupt(const struct kproto_ctx *c, struct kframes *out)
{
	struct kproto_kernel *k = c->k;
	if (!k->busy_forever || !k->pending_parent)
		return -1;
	static const struct kernel_step interrupted_step = {.status = "error"};
	cJSON *error = must(cJSON_Parse("{\"ename\": \"KeyboardInterrupt\", \"evalue\": \"\", "
					"\"traceback\": [\"KeyboardInterrupt: \"]}"));
	struct kernel_output output = {KOUT_ERROR, error, 0};
	struct kernel_step step = interrupted_step;
	step.outputs = &output;
	step.noutputs = 1;
	cJSON *parent = k->pending_parent;
	int count = k->pending_count;
	k->pending_parent = NULL;
	k->pending = NULL;
	k->busy_forever = 0;
	run_execute(c, &step, parent, count, 0, out);
	cJSON_Delete(parent);
	cJSON_Delete(error);
	return 0;
}
