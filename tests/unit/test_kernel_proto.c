/* test_kernel_proto.c - the scripted kernel's frames: the key order and
 * header fields of the real server's legacy JSON frames, ipykernel's
 * ordering of busy, replies, outputs and idle, the execution count, and
 * what a restart shows (../shared/reference/kernel-channels/). */
#include <stdlib.h>
#include <string.h>

#include "kernel_proto.h"
#include "tap.h"

#define JAN_1_2026_US (1767225600LL * 1000000)
#define KID "b3f2af6d-0fc7-40c5-853b-559647364cea"

static struct kproto_kernel k;
static struct det_clock clock_ = {JAN_1_2026_US, 1000};
static struct kproto_ctx ctx = {&k, &clock_, NULL};
static struct kframes out;

static cJSON *request(const char *channel, const char *type, const char *content)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "{\"header\": {\"msg_id\": \"m-%s\", \"username\": \"u\", \"session\": \"s1\", "
		 "\"msg_type\": \"%s\", \"version\": \"5.3\", \"date\": \"2026-01-01T00:00:00.000Z\"}, "
		 "\"parent_header\": {}, \"metadata\": {}, \"content\": %s, \"buffers\": [], "
		 "\"channel\": \"%s\"}", type, type, content, channel);
	cJSON *msg = NULL;
	const char *why = kproto_parse(text, strlen(text), &msg);
	return why ? NULL : msg;
}

/* "channel/msg_type[/state]" of every frame, joined by spaces. */
static const char *sequence(void)
{
	static char seq[2048];
	seq[0] = '\0';
	for (int i = 0; i < out.n; i++) {
		cJSON *f = cJSON_Parse(out.v[i].text);
		const char *type = cJSON_GetObjectItem(f, "msg_type")->valuestring;
		const cJSON *state = cJSON_GetObjectItem(cJSON_GetObjectItem(f, "content"), "execution_state");
		snprintf(seq + strlen(seq), sizeof seq - strlen(seq), "%s%s/%s%s%s", i ? " " : "",
			 cJSON_GetObjectItem(f, "channel")->valuestring, type,
			 state ? "/" : "", state ? state->valuestring : "");
		cJSON_Delete(f);
	}
	return seq;
}

static void answer(const char *channel, const char *type, const char *content)
{
	kframes_free(&out);
	cJSON *msg = request(channel, type, content);
	kproto_answer(&ctx, msg, &out);
	cJSON_Delete(msg);
}

static cJSON *frame(int i)
{
	return cJSON_Parse(out.v[i].text);
}

static void check_parse(void)
{
	static const struct { const char *text, *why; } bad[] = {
		{"not json", "the frame is not JSON"},
		{"[1, 2]", "the message is not a JSON object"},
		{"{\"header\": {\"msg_type\": \"x\"}}", "the message has no channel"},
		{"{\"header\": {\"msg_type\": \"x\"}, \"channel\": \"nope\"}", "no such channel"},
		{"{\"header\": {\"msg_type\": \"x\"}, \"channel\": \"iopub\"}", "no such channel"},
		{"{\"header\": {}, \"channel\": \"shell\"}", "the message has no header.msg_type"},
		{"{\"a\": \"\\u0000\"}", "the message has \\u0000 in a string"},
		{"\xff", "the frame is not UTF-8"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *msg = (cJSON *)1;
		CHECK_STR(kproto_parse(bad[i].text, strlen(bad[i].text), &msg), bad[i].why,
			  "a bad frame is refused with its reason");
		CHECK(msg == NULL, "and no message");
	}
	const char *ok = "{\"header\": {\"msg_type\": \"x\"}, \"channel\": \"control\"} ";
	cJSON *msg = NULL;
	CHECK(kproto_parse(ok, strlen(ok), &msg) == NULL && msg, "a message on control is read");
	CHECK_STR(kproto_msg_type(msg), "x", "kproto_msg_type reads header.msg_type");
	CHECK_STR(kproto_channel(msg), "control", "kproto_channel reads channel");
	CHECK_STR(kproto_code(msg), "", "kproto_code is empty without code");
	cJSON_Delete(msg);
}

static void check_frame_shape(void)
{
	answer("shell", "kernel_info_request", "{}");
	CHECK_STR(sequence(), "iopub/status/busy shell/kernel_info_reply iopub/status/idle",
		  "kernel_info: busy, reply, idle");
	cJSON *f = frame(1);
	const char *keys[] = {"header", "msg_id", "msg_type", "parent_header", "metadata",
			      "content", "buffers", "channel"};
	int i = 0, in_order = 1;
	for (cJSON *c = f->child; c; c = c->next, i++)
		in_order &= i < 8 && !strcmp(c->string, keys[i]);
	CHECK(in_order && i == 8, "a frame has the real keys in the real order");
	cJSON *h = cJSON_GetObjectItem(f, "header");
	const char *hkeys[] = {"msg_id", "msg_type", "username", "session", "date", "version"};
	i = 0, in_order = 1;
	for (cJSON *c = h->child; c; c = c->next, i++)
		in_order &= i < 6 && !strcmp(c->string, hkeys[i]);
	CHECK(in_order && i == 6, "a header has ipykernel's keys in its order");
	CHECK_STR(cJSON_GetObjectItem(h, "version")->valuestring, "5.3", "protocol 5.3");
	CHECK_STR(cJSON_GetObjectItem(f, "msg_id")->valuestring,
		  cJSON_GetObjectItem(h, "msg_id")->valuestring, "msg_id repeats the header's");
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(f, "parent_header"), "msg_id")->valuestring,
		  "m-kernel_info_request", "the reply names its request");
	CHECK(strstr(out.v[1].text, "\"date\": \"2026-01-01T00:00:00"), "dates come from the virtual clock");
	CHECK(!out.v[1].iopub && out.v[0].iopub, "replies go to the requester, iopub to all");
	CHECK_STR(out.v[2].state, "idle", "a status frame says the state it announces");
	cJSON_Delete(f);
}

static void check_execute(void)
{
	const char *code = "{\"code\": \"1+1\", \"silent\": false, \"store_history\": true}";
	answer("shell", "execute_request", code);
	CHECK_STR(sequence(), "iopub/status/busy iopub/execute_input shell/execute_reply iopub/status/idle",
		  "execute: busy, execute_input, reply, idle");
	cJSON *f = frame(2);
	cJSON *content = cJSON_GetObjectItem(f, "content");
	CHECK(cJSON_GetObjectItem(content, "execution_count")->valueint == 1 &&
	      !strcmp(cJSON_GetObjectItem(content, "status")->valuestring, "ok"),
	      "the first execute is count 1, status ok");
	CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(f, "metadata"), "started") != NULL,
	      "execute_reply metadata has started, as ipykernel's");
	cJSON_Delete(f);
	answer("shell", "execute_request", code);
	f = frame(1);
	CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(f, "content"), "execution_count")->valueint == 2,
	      "the count rises per execute");
	cJSON_Delete(f);
	answer("shell", "execute_request", "{\"code\": \"x\", \"silent\": true}");
	CHECK_STR(sequence(), "iopub/status/busy shell/execute_reply iopub/status/idle",
		  "a silent execute has no execute_input");
	CHECK(k.execution_count == 2, "and does not count");
	answer("shell", "history_request", "{\"hist_access_type\": \"tail\", \"n\": 1}");
	CHECK_STR(sequence(), "iopub/status/busy iopub/status/idle shell/history_reply",
		  "history: idle comes before the reply, as ipykernel's");
	CHECK(strstr(out.v[2].text, "\"history\": [[1, 2, \"1+1\"]]"), "the tail of the history");
}

static void check_others(void)
{
	answer("shell", "comm_info_request", "{\"target_name\": \"x\"}");
	CHECK_STR(sequence(), "shell/comm_info_reply iopub/status/busy iopub/status/idle",
		  "comm_info: the reply comes before busy, as ipykernel's");
	answer("shell", "complete_request", "{\"code\": \"pri\", \"cursor_pos\": 3}");
	CHECK_STR(sequence(), "iopub/status/busy shell/complete_reply iopub/status/idle", "complete");
	CHECK(strstr(out.v[1].text, "\"cursor_end\": 3, \"cursor_start\": 3"), "completes nothing at the cursor");
	answer("shell", "inspect_request", "{\"code\": \"print\", \"cursor_pos\": 5}");
	CHECK_STR(sequence(), "iopub/status/busy shell/inspect_reply iopub/status/idle", "inspect");
	answer("shell", "is_complete_request", "{\"code\": \"for i in x:\"}");
	CHECK_STR(sequence(), "iopub/status/busy iopub/status/idle shell/is_complete_reply",
		  "is_complete: idle before the reply");
	CHECK(strstr(out.v[2].text, "\"status\": \"incomplete\", \"indent\": \"    \""),
	      "a line ending in a colon is incomplete");
	answer("control", "interrupt_request", "{}");
	CHECK_STR(sequence(), "iopub/status/busy control/interrupt_reply iopub/status/idle",
		  "interrupt is answered on control");
	kframes_free(&out);
	cJSON *msg = request("shell", "no_such_request", "{}");
	CHECK(kproto_answer(&ctx, msg, &out) == -1, "an unknown type is -1");
	cJSON_Delete(msg);
	CHECK_STR(sequence(), "iopub/status/busy iopub/status/idle", "with busy and idle and no reply");
}

static void check_restart_and_shutdown(void)
{
	kframes_free(&out);
	kproto_on_connect(&ctx, &out);
	CHECK_STR(sequence(), "iopub/status/busy iopub/status/idle iopub/status/idle",
		  "a connect shows the server's kernel_info busy, idle and a late idle");
	cJSON *f = frame(0);
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(f, "parent_header"), "msg_type")->valuestring,
		  "kernel_info_request", "parented by the server's kernel_info_request");
	cJSON_Delete(f);
	kframes_free(&out);
	kproto_on_restart(&ctx, &out);
	CHECK_STR(sequence(), "iopub/status/busy iopub/shutdown_reply iopub/status/idle "
			      "iopub/status/starting iopub/status/busy iopub/status/idle",
		  "a restart shows the real six frames");
	CHECK(strstr(out.v[1].text, "\"restart\": true"), "shutdown_reply says restart true");
	CHECK(strstr(out.v[3].text, "\"parent_header\": {}"), "starting has no parent");
	CHECK(k.execution_count == 0 && k.generation == 1, "the count starts again");
	kframes_free(&out);
	kproto_on_shutdown(&ctx, &out);
	CHECK_STR(sequence(), "iopub/status/busy iopub/shutdown_reply iopub/status/idle",
		  "a REST shutdown shows the server's shutdown_request busy, reply, idle");
	CHECK(strstr(out.v[1].text, "\"restart\": false"), "with restart false");
	answer("control", "shutdown_request", "{\"restart\": false}");
	CHECK_STR(sequence(), "iopub/status/busy control/shutdown_reply iopub/shutdown_reply iopub/status/idle",
		  "shutdown: the reply on control and on iopub");
	CHECK(k.dead && out.v[out.n - 1].close_after && !strcmp(out.v[out.n - 1].state, "dead"),
	      "then the kernel is dead and the socket closes");
}

int main(void)
{
	kproto_kernel_init(&k, KID);
	check_parse();
	check_frame_shape();
	check_execute();
	check_others();
	check_restart_and_shutdown();
	kframes_free(&out);
	kproto_kernel_free(&k);
	return tap_done();
}
