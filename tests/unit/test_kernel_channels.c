/* test_kernel_channels.c - what websocket connects, messages and
 * hang-ups do to a kernel on an engine: frames, the model's connections
 * and execution_state, refusals, a dead kernel. */
#include <stdlib.h>
#include <string.h>

#include "kernel_channels.h"
#include "kernels_api.h"
#include "tap.h"

#define JAN_1_2026_US (1767225600LL * 1000000)

static struct engine *new_engine(void)
{
	struct engine_options opt = {
		.store = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1},
		.clock_start = JAN_1_2026_US,
		.clock_step = 1000,
		.validate = VALIDATE_STRICT,
		.stateful = 1,
	};
	return engine_new(&opt);
}

static const char *msg(const char *type, const char *channel)
{
	static char text[512];
	snprintf(text, sizeof text, "{\"header\": {\"msg_id\": \"m1\", \"msg_type\": \"%s\"}, "
		 "\"parent_header\": {}, \"metadata\": {}, \"content\": {\"code\": \"1\"}, "
		 "\"channel\": \"%s\"}", type, channel);
	return text;
}

int main(void)
{
	struct engine *e = new_engine();
	engine_lock(e);
	struct kernel *k = store_start_kernel(engine_store(e), "python3", JAN_1_2026_US, NULL);
	char id[37];
	snprintf(id, sizeof id, "%s", k->id);
	engine_unlock(e);

	CHECK(kchan_exists(e, id) && !kchan_exists(e, "00000000-0000-4000-8000-000000000000"),
	      "kchan_exists knows live kernels only");
	struct kframes f = {0};
	CHECK(kchan_open(e, "00000000-0000-4000-8000-000000000000", &f) == -1 && f.n == 0,
	      "opening an unknown kernel is -1 with no frames");
	CHECK(kchan_open(e, id, &f) == 0 && f.n == 3, "a connect gives the three frames of the nudge");
	CHECK(k->connections == 1 && !strcmp(k->execution_state, "idle"),
	      "and the model counts the connection and is idle");
	kframes_free(&f);

	struct buf log = {0};
	const char *m = msg("execute_request", "shell");
	CHECK(kchan_message(e, id, m, strlen(m), &f, &log) == 0 && f.n == 4,
	      "an execute is answered with four frames");
	CHECK_STR(buf_cstr(&log), "shell execute_request", "the log names channel and type");
	CHECK(k->proto.execution_count == 1, "the kernel counts it");
	kframes_free(&f);
	buf_reset(&log);

	CHECK(kchan_message(e, id, "nope", 4, &f, &log) == -1 && f.n == 0,
	      "a frame that is not JSON is refused with no frames");
	CHECK_STR(buf_cstr(&log), "refused: the frame is not JSON", "and the reason in the log");
	buf_reset(&log);

	m = msg("shutdown_request", "control");
	CHECK(kchan_message(e, id, m, strlen(m), &f, &log) == 0 && f.v[f.n - 1].close_after,
	      "a shutdown_request closes the socket after its frames");
	CHECK(!strcmp(k->execution_state, "dead") && !kchan_exists(e, id),
	      "and the kernel is dead: no new connection");
	kframes_free(&f);
	buf_reset(&log);
	m = msg("kernel_info_request", "shell");
	CHECK(kchan_message(e, id, m, strlen(m), &f, &log) == -1 && f.n == 0,
	      "a dead kernel answers nothing");
	CHECK(strstr(buf_cstr(&log), "the kernel is gone") != NULL, "and the log says why");

	kchan_close(e, id);
	CHECK(k->connections == 0, "a hang-up uncounts the connection");
	kchan_close(e, id);
	CHECK(k->connections == 0, "never below zero");

	buf_free(&log);
	kframes_free(&f);
	engine_free(e);
	return tap_done();
}
