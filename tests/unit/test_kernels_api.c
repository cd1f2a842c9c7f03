/* test_kernels_api.c - kernelspecs, status, start, interrupt and restart
 * through kernels_handle, without HTTP; the answers of
 * ../shared/reference/kernel-channels/rest.txt. */
#include <stdlib.h>
#include <string.h>

#include "kernels_api.h"
#include "request_check.h"
#include "router.h"
#include "tap.h"

#define JAN_1_2026_US (1767225600LL * 1000000)

static struct reply r;
static struct kernelspec_catalog specs = {2, {"python3", "ir"}, {NULL, NULL}};
static struct det_clock clock_ = {JAN_1_2026_US, 1000};
static int sent_frames, sent_calls;
static char sent_to[37];

static void sink_send(void *ctx, struct engine *e, const char *kernel_id,
		      const struct kframes *f)
{
	(void)ctx;
	(void)e;
	sent_calls++;
	sent_frames += f->n;
	snprintf(sent_to, sizeof sent_to, "%s", kernel_id);
}

static const struct kernel_sink sink = {sink_send, NULL, NULL};

static int64_t started = JAN_1_2026_US;
static struct kernels_context context = {&started, &clock_, &specs, &sink};

/* Calls the kernels_api handler of operation op (looked up by name, as the
 * engine binds it); id is the path's one parameter. */
static int call(struct store *st, const char *op, const char *id, const char *body)
{
	reply_free(&r);
	reply_init(&r);
	const struct op_entry *entry = NULL;
	for (int i = 0; i < kernels_api.nentries; i++)
		if (!strcmp(kernels_api.entries[i].operation_id, op))
			entry = &kernels_api.entries[i];
	if (!entry)
		return -1;
	struct mock_request req = {.method = entry->method, .path = "/",
				   .body = body, .body_len = body ? strlen(body) : 0};
	struct route_match m = {.nparams = id != NULL};
	if (id)
		snprintf(m.params[0].value, sizeof m.params[0].value, "%s", id);
	struct request_check check;
	request_check_begin(&check, NULL, VALIDATE_OFF, 0, &req);
	struct op_call c = {0, &req, &m, check.body, st, JAN_1_2026_US + 5000, &check, &context};
	entry->handler(&c, &r);
	request_check_end(&check);
	return r.status;
}

static const char *body(void)
{
	size_t len;
	const char *text = reply_body(&r, &len);
	return text ? text : "";
}

int main(void)
{
	struct store_options so = {.seed = 1, .kernelspecs = {"python3", "ir"}, .nkernelspecs = 2};
	struct store *st = store_new(&so);

	CHECK(kernels_api.nentries == 9, "kernels_api has its nine operations");

	CHECK(call(st, "statusGet", NULL, NULL) == 200, "status answers 200");
	CHECK_STR(body(), "{\"connections\": 0, \"kernels\": 0, \"last_activity\": "
			  "\"2026-01-01T00:00:00Z\", \"started\": \"2026-01-01T00:00:00Z\"}",
		  "an empty server's status has the real keys in order");

	CHECK(call(st, "kernelspecsGet", "nosuch", NULL) == 404, "an unknown kernelspec is 404");
	CHECK_STR(body(), "{\"message\": \"Kernel spec nosuch not found\", \"reason\": null}",
		  "with the real server's message");
	CHECK(call(st, "kernelspecsList", NULL, NULL) == 200 &&
	      strstr(body(), "\"default\": \"python3\""), "the list names the default");

	CHECK(call(st, "kernelsStart", NULL, "{\"name\": \"nosuch\"}") == 400,
	      "starting an unknown kernelspec is a 400, not the real 500");
	CHECK_STR(body(), "{\"message\": \"No such kernel named nosuch (kernelspecs: python3, ir)\", "
			  "\"reason\": null}", "which names the kernelspecs there are");
	CHECK(call(st, "kernelsStart", NULL, "[1]") == 400, "a body that is not an object is a 400");
	CHECK(call(st, "kernelsStart", NULL, "{\"name\": 3}") == 400, "a name that is not a string is a 400");
	CHECK(call(st, "kernelsStart", NULL, "{\"name\"") == 400, "a body that is not JSON is a 400");

	CHECK(call(st, "kernelsStart", NULL, NULL) == 201, "a start without a body answers 201");
	CHECK(strstr(body(), "\"name\": \"python3\"") && strstr(body(), "\"execution_state\": \"starting\""),
	      "with a starting kernel of the default kernelspec");
	CHECK(strstr(buf_cstr(&r.headers), "Location: /api/kernels/"), "and a Location");
	struct kernel *k = store_first_kernel(st);
	char id[37];
	snprintf(id, sizeof id, "%s", k->id);
	CHECK(call(st, "kernelsStart", NULL, "{\"name\": \"ir\"}") == 201 &&
	      strstr(body(), "\"name\": \"ir\""), "a start by name starts that kernelspec");
	CHECK(call(st, "kernelsStart", NULL, "{\"name\": null}") == 201 &&
	      strstr(body(), "\"name\": \"python3\""), "a null name is the default");

	CHECK(call(st, "kernelsInterrupt", id, NULL) == 204, "interrupt answers 204");
	CHECK(call(st, "kernelsInterrupt", "00000000-0000-4000-8000-000000000000", NULL) == 404,
	      "interrupting an unknown kernel is 404");
	CHECK_STR(body(), "{\"message\": \"Kernel does not exist: 00000000-0000-4000-8000-000000000000\", "
			  "\"reason\": null}", "with the real message");
	CHECK(call(st, "kernelsRestart", "00000000-0000-4000-8000-000000000000", NULL) == 404,
	      "restarting an unknown kernel is the same 404 (the real server: 500)");

	k->proto.execution_count = 7;
	CHECK(call(st, "kernelsRestart", id, NULL) == 200, "restart answers 200");
	CHECK(strstr(body(), "\"execution_state\": \"idle\"") && strstr(body(), id),
	      "with the model of the same kernel, idle");
	CHECK(k->proto.execution_count == 0 && k->proto.generation == 1,
	      "the execution count starts again in a new process");
	CHECK(sent_calls == 0, "nothing is sent when no websocket is connected");
	store_set_kernel_connections(st, k, 1);
	call(st, "kernelsRestart", id, NULL);
	CHECK(sent_calls == 1 && sent_frames == 6 && !strcmp(sent_to, id),
	      "a connected kernel's websockets get the six frames of a restart");

	CHECK(call(st, "statusGet", NULL, NULL) == 200 && strstr(body(), "\"connections\": 1, \"kernels\": 3"),
	      "status counts live kernels and their connections");

	reply_free(&r);
	store_free(st);
	return tap_done();
}
