/* test_kernel_script.c - a scenario's kernel step as frames: outputs in
 * order with delays, reply status, input_request waiting for its reply,
 * busy for good until an interrupt, a kernel that dies. */
#include <stdlib.h>
#include <string.h>

#include "kernel_script.h"
#include "tap.h"

#define JAN_1_2026_US (1767225600LL * 1000000)

static struct kproto_kernel k;
static struct det_clock clock_ = {JAN_1_2026_US, 1000};
static struct kproto_ctx ctx = {&k, &clock_, NULL};
static struct kframes out;

static cJSON *request(const char *type, const char *code)
{
	char text[512];
	snprintf(text, sizeof text, "{\"header\": {\"msg_id\": \"m1\", \"msg_type\": \"%s\"}, "
		 "\"content\": {\"code\": \"%s\"}, \"channel\": \"%s\"}", type, code,
		 strcmp(type, "input_reply") ? "shell" : "stdin");
	cJSON *msg = NULL;
	kproto_parse(text, strlen(text), &msg);
	return msg;
}

static const char *sequence(void)
{
	static char seq[2048];
	seq[0] = '\0';
	for (int i = 0; i < out.n; i++) {
		cJSON *f = cJSON_Parse(out.v[i].text);
		const cJSON *state = cJSON_GetObjectItem(cJSON_GetObjectItem(f, "content"), "execution_state");
		snprintf(seq + strlen(seq), sizeof seq - strlen(seq), "%s%s%s%s%s", i ? " " : "",
			 cJSON_GetObjectItem(f, "msg_type")->valuestring, state ? ":" : "",
			 state ? state->valuestring : "", out.v[i].delay_us ? "(delayed)" : "");
		cJSON_Delete(f);
	}
	return seq;
}

static void answer(const struct kernel_step *s, const char *type, const char *code)
{
	kframes_free(&out);
	cJSON *msg = request(type, code);
	kscript_answer(&ctx, msg, s, &out);
	cJSON_Delete(msg);
}

int main(void)
{
	kproto_kernel_init(&k, "b3f2af6d-0fc7-40c5-853b-559647364cea");
	struct kernel_output outs[] = {
		{KOUT_STREAM, cJSON_Parse("{\"name\": \"stdout\", \"text\": \"a\"}"), 0},
		{KOUT_DELAY, NULL, 250000},
		{KOUT_EXECUTE_RESULT, cJSON_Parse("{\"data\": {\"text/plain\": \"2\"}, \"metadata\": {}}"), 0},
	};
	struct kernel_step s = {.msg_type = "execute_request", .outputs = outs, .noutputs = 3,
				.repeat = SCENARIO_FOREVER};
	answer(&s, "execute_request", "x");
	CHECK_STR(sequence(), "status:busy execute_input stream execute_result(delayed) execute_reply status:idle",
		  "outputs come in order after execute_input, the delay before the next frame");
	CHECK(strstr(out.v[3].text, "\"execution_count\": 1"), "execute_result carries the count");

	struct kernel_output err[] = {
		{KOUT_ERROR, cJSON_Parse("{\"ename\": \"E\", \"evalue\": \"v\", \"traceback\": []}"), 0}};
	struct kernel_step e = {.msg_type = "execute_request", .outputs = err, .noutputs = 1};
	answer(&e, "execute_request", "x");
	CHECK_STR(sequence(), "status:busy execute_input error status:idle execute_reply",
		  "an error: idle before the reply, as the real capture");
	CHECK(strstr(out.v[4].text, "\"status\": \"error\", \"ename\": \"E\""), "the reply is an error naming it");

	struct kernel_step ab = {.msg_type = "execute_request", .status = "aborted"};
	answer(&ab, "execute_request", "x");
	CHECK(strstr(out.v[out.n - 1].text, "\"status\": \"aborted\""), "status aborted");

	struct kernel_output in[] = {
		{KOUT_INPUT_REQUEST, cJSON_Parse("{\"prompt\": \"? \", \"password\": false}"), 0},
		{KOUT_STREAM, cJSON_Parse("{\"name\": \"stdout\", \"text\": \"ok\"}"), 0}};
	struct kernel_step ir = {.msg_type = "execute_request", .outputs = in, .noutputs = 2};
	answer(&ir, "execute_request", "input()");
	CHECK_STR(sequence(), "status:busy execute_input input_request", "an input_request stops the cell");
	CHECK(strstr(out.v[2].text, "\"channel\": \"stdin\""), "on stdin");
	kframes_free(&out);
	cJSON *reply = request("input_reply", "");
	CHECK(kscript_input_reply(&ctx, reply, &out) == 0, "the input_reply goes on");
	CHECK_STR(sequence(), "stream execute_reply status:idle", "with the rest of the cell");
	kframes_free(&out);
	CHECK(kscript_input_reply(&ctx, reply, &out) == -1 && out.n == 0, "a second input_reply finds nothing waiting");
	cJSON_Delete(reply);

	struct kernel_step busy = {.msg_type = "execute_request", .busy_forever = 1};
	answer(&busy, "execute_request", "loop");
	CHECK_STR(sequence(), "status:busy execute_input", "busy for good: no reply, no idle");
	CHECK(k.busy_forever, "the kernel is busy for good");
	kframes_free(&out);
	CHECK(kscript_interrupt(&ctx, &out) == 0, "an interrupt ends it");
	CHECK_STR(sequence(), "error status:idle execute_reply", "with KeyboardInterrupt, idle and an error reply");
	CHECK(!k.busy_forever && strstr(out.v[0].text, "KeyboardInterrupt"), "the kernel is free again");
	kframes_free(&out);
	CHECK(kscript_interrupt(&ctx, &out) == -1 && out.n == 0, "interrupting an idle kernel sends nothing");

	struct kernel_step die = {.msg_type = "execute_request", .die = 1};
	answer(&die, "execute_request", "x");
	CHECK(k.dead && out.v[out.n - 1].close_after && !strcmp(out.v[out.n - 1].state, "dead"),
	      "a dying kernel ends with status dead and a close");

	cJSON *complete_reply = cJSON_Parse("{\"matches\": [\"print\"]}");
	struct kernel_step comp = {.msg_type = "complete_request", .reply = complete_reply};
	answer(&comp, "complete_request", "");
	CHECK_STR(sequence(), "status:busy complete_reply status:idle", "another type: busy, the scripted reply, idle");
	CHECK(strstr(out.v[1].text, "\"matches\": [\"print\"], \"status\": \"ok\""), "with its content and status ok");

	kframes_free(&out);
	for (int i = 0; i < 3; i++)
		cJSON_Delete(outs[i].content);
	cJSON_Delete(err[0].content);
	cJSON_Delete(in[0].content);
	cJSON_Delete(in[1].content);
	cJSON_Delete(complete_reply);
	kproto_kernel_free(&k);
	return tap_done();
}
