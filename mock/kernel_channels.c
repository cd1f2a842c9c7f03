/* kernel_channels.c - websocket connects and messages on the engine. */
#include "kernel_channels.h"

#include <string.h>

#include "kernel_script.h"
#include "kernelspecs.h"
#include "session_store.h"

int kchan_exists(struct engine *e, const char *kernel_id)
{
	engine_lock(e);
	struct kernel *k = store_find_kernel(engine_store(e), kernel_id);
	int live = k && !k->proto.dead;
	engine_unlock(e);
	return live;
}

/* The kernel model follows what the frames announce, as the real server
 * follows the kernel's iopub status messages. */
static void follow_frames(struct engine *e, struct kernel *k,
			  const struct kframes *f)
{
	const char *state = NULL;
	for (int i = 0; i < f->n; i++)
		if (f->v[i].state[0])
			state = f->v[i].state;
	k->last_activity = engine_clock(e)->now_us;
	if (k->proto.busy_forever)
		state = "busy";
	if (state)
		store_set_kernel_state(engine_store(e), k, state);
	else
		store_touch_kernel(engine_store(e), k);
}

static struct kproto_ctx context_of(struct engine *e, struct kernel *k,
				    cJSON **language_info)
{
	const struct kernelspec_catalog *specs = engine_kernelspecs(e);
	*language_info = kernelspec_language_info(specs, kernelspec_find(specs, k->name));
	struct kproto_ctx c = {&k->proto, engine_clock(e), *language_info};
	return c;
}

int kchan_open(struct engine *e, const char *kernel_id, struct kframes *out)
{
	engine_lock(e);
	struct kernel *k = store_find_kernel(engine_store(e), kernel_id);
	int rc = -1;
	if (k && !k->proto.dead) {
		cJSON *li;
		struct kproto_ctx c = context_of(e, k, &li);
		store_set_kernel_connections(engine_store(e), k, k->connections + 1);
		if (!k->proto.busy_forever)
			kproto_on_connect(&c, out);
		follow_frames(e, k, out);
		cJSON_Delete(li);
		rc = 0;
	}
	engine_unlock(e);
	return rc;
}

void kchan_close(struct engine *e, const char *kernel_id)
{
	engine_lock(e);
	struct kernel *k = store_find_kernel(engine_store(e), kernel_id);
	if (k && k->connections > 0)
		store_set_kernel_connections(engine_store(e), k, k->connections - 1);
	engine_unlock(e);
}

/* A scenario's kernel step, a pending input, or the built-in kernel. */
static int answer(struct engine *e, const struct kproto_ctx *c, const cJSON *msg,
		  struct kframes *out, struct buf *log)
{
	const char *type = kproto_msg_type(msg);
	if (!strcmp(type, "input_reply")) {
		if (kscript_input_reply(c, msg, out) == 0)
			return 0;
		buf_puts(log, " ignored: no input_request waits");
		return -1;
	}
	struct scenario_run *run = engine_scenario_run(e);
	const struct kernel_step *step =
		run ? scenario_take_kernel_step(run, type, kproto_code(msg)) : NULL;
	if (step) {
		buf_printf(log, " %s", step->label);
		kscript_answer(c, msg, step, out);
		return 0;
	}
	int rc = kproto_answer(c, msg, out);
	if (rc < 0)
		buf_puts(log, " unknown: no reply");
	return rc;
}

int kchan_message(struct engine *e, const char *kernel_id, const char *text,
		  size_t len, struct kframes *out, struct buf *log)
{
	cJSON *msg = NULL;
	const char *why = kproto_parse(text, len, &msg);
	if (why) {
		buf_printf(log, "refused: %s", why);
		return -1;
	}
	buf_printf(log, "%s %s", kproto_channel(msg), kproto_msg_type(msg));
	int rc = -1;
	engine_lock(e);
	struct kernel *k = store_find_kernel(engine_store(e), kernel_id);
	if (!k || k->proto.dead) {
		buf_puts(log, " ignored: the kernel is gone");
	} else if (k->proto.busy_forever) {
		buf_puts(log, " ignored: the kernel is busy for good");
	} else {
		cJSON *li;
		struct kproto_ctx c = context_of(e, k, &li);
		rc = answer(e, &c, msg, out, log);
		follow_frames(e, k, out);
		cJSON_Delete(li);
	}
	engine_unlock(e);
	cJSON_Delete(msg);
	return rc;
}
