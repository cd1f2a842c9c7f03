/* kernel_proto.c - the scripted kernel's frames, in ipykernel's order. */
#include "kernel_proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_guard.h"
#include "json_py.h"
#include "sha1.h"

static cJSON *must(cJSON *j)
{
	if (!j)
		abort(); /* out of memory */
	return j;
}

void kproto_kernel_init(struct kproto_kernel *k, const char *kernel_id)
{
	memset(k, 0, sizeof *k);
	snprintf(k->kernel_id, sizeof k->kernel_id, "%s", kernel_id);
	k->history = must(cJSON_CreateArray());
}

void kproto_clear_pending(struct kproto_kernel *k)
{
	cJSON_Delete(k->pending_parent);
	k->pending_parent = NULL;
	k->pending = NULL;
	k->busy_forever = 0;
}

void kproto_kernel_free(struct kproto_kernel *k)
{
	kproto_clear_pending(k);
	cJSON_Delete(k->history);
	k->history = NULL;
}

void kproto_kernel_restart(struct kproto_kernel *k)
{
	k->execution_count = 0;
	k->generation++;
	k->seq = 0;
	k->dead = 0;
	kproto_clear_pending(k);
}

void kframes_free(struct kframes *f)
{
	for (int i = 0; i < f->n; i++)
		free(f->v[i].text);
	free(f->v);
	memset(f, 0, sizeof *f);
}

/* ---- names: ipykernel's "8hex-24hex" sessions, msg_ids SESSION_PID_N ---- */

struct identity {
	char session[34];
	int pid;
};

/* Derived from the kernel id and a role, so that ids do not draw from
 * the store's seeded sequence (the sessions' ids stay what they were). */
static struct identity identity_of(const char *kernel_id, const char *role,
				   unsigned generation)
{
	char seed[96], hex[41];
	int n = snprintf(seed, sizeof seed, "%s:%s:%u", kernel_id, role, generation);
	sha1_hex(seed, (size_t)n, hex);
	struct identity id;
	snprintf(id.session, sizeof id.session, "%.8s-%.24s", hex, hex + 8);
	id.pid = 1000 + (int)(strtoul(hex + 32, NULL, 16) % 30000);
	return id;
}

static cJSON *header_of(const struct identity *id, unsigned long seq,
			const char *msg_type, struct det_clock *clock)
{
	char msg_id[80], date[32];
	snprintf(msg_id, sizeof msg_id, "%s_%d_%lu", id->session, id->pid, seq);
	det_format_iso(det_clock_tick(clock), date);
	cJSON *h = must(cJSON_CreateObject());
	cJSON_AddStringToObject(h, "msg_id", msg_id);
	cJSON_AddStringToObject(h, "msg_type", msg_type);
	cJSON_AddStringToObject(h, "username", "username");
	cJSON_AddStringToObject(h, "session", id->session);
	cJSON_AddStringToObject(h, "date", date);
	cJSON_AddStringToObject(h, "version", "5.3");
	return h;
}

cJSON *kproto_server_header(const struct kproto_ctx *c, const char *msg_type)
{
	struct identity id = identity_of(c->k->kernel_id, "server", 0);
	return header_of(&id, c->k->server_seq++, msg_type, c->clock);
}

static struct kframe *push(struct kframes *out)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 8;
		struct kframe *grown = realloc(out->v, (size_t)out->cap * sizeof *grown);
		if (!grown)
			abort();
		out->v = grown;
	}
	struct kframe *f = &out->v[out->n++];
	memset(f, 0, sizeof *f);
	return f;
}

void kproto_emit(const struct kproto_ctx *c, struct kframes *out,
		 const char *channel, const char *msg_type,
		 const cJSON *parent, cJSON *content, cJSON *metadata)
{
	struct identity id = identity_of(c->k->kernel_id, "kernel", c->k->generation);
	cJSON *msg = must(cJSON_CreateObject());
	cJSON *header = header_of(&id, c->k->seq++, msg_type, c->clock);
	cJSON_AddItemToObject(msg, "header", header);
	cJSON_AddStringToObject(msg, "msg_id",
				cJSON_GetObjectItem(header, "msg_id")->valuestring);
	cJSON_AddStringToObject(msg, "msg_type", msg_type);
	cJSON_AddItemToObject(msg, "parent_header",
			      parent ? must(cJSON_Duplicate(parent, 1))
				     : must(cJSON_CreateObject()));
	cJSON_AddItemToObject(msg, "metadata",
			      metadata ? metadata : must(cJSON_CreateObject()));
	cJSON_AddItemToObject(msg, "content",
			      content ? content : must(cJSON_CreateObject()));
	cJSON_AddItemToObject(msg, "buffers", must(cJSON_CreateArray()));
	cJSON_AddStringToObject(msg, "channel", channel);
	struct buf text = {0};
	json_py_write(&text, msg);
	cJSON_Delete(msg);
	struct kframe *f = push(out);
	f->text = buf_take(&text, NULL);
	f->iopub = strcmp(channel, "iopub") == 0;
}

void kproto_status(const struct kproto_ctx *c, struct kframes *out,
		   const cJSON *parent, const char *state)
{
	cJSON *content = must(cJSON_CreateObject());
	cJSON_AddStringToObject(content, "execution_state", state);
	kproto_emit(c, out, "iopub", "status", parent, content, NULL);
	snprintf(out->v[out->n - 1].state, sizeof out->v[0].state, "%s", state);
}

void kproto_on_connect(const struct kproto_ctx *c, struct kframes *out)
{
	cJSON *first = kproto_server_header(c, "kernel_info_request");
	cJSON *second = kproto_server_header(c, "kernel_info_request");
	kproto_status(c, out, second, "busy");
	kproto_status(c, out, second, "idle");
	kproto_status(c, out, first, "idle");
	cJSON_Delete(first);
	cJSON_Delete(second);
}

/* The new process announces itself, and the server's nudge follows. */
static void start_again(const struct kproto_ctx *c, struct kframes *out)
{
	kproto_kernel_restart(c->k);
	kproto_status(c, out, NULL, "starting");
	cJSON *nudge = kproto_server_header(c, "kernel_info_request");
	kproto_status(c, out, nudge, "busy");
	kproto_status(c, out, nudge, "idle");
	cJSON_Delete(nudge);
}

/* The server's shutdown_request: busy, shutdown_reply on iopub, idle. */
static void server_shutdown(const struct kproto_ctx *c, struct kframes *out,
			    int restart)
{
	cJSON *req = kproto_server_header(c, "shutdown_request");
	kproto_status(c, out, req, "busy");
	cJSON *content = must(cJSON_CreateObject());
	cJSON_AddStringToObject(content, "status", "ok");
	cJSON_AddBoolToObject(content, "restart", restart);
	kproto_emit(c, out, "iopub", "shutdown_reply", req, content, NULL);
	kproto_status(c, out, req, "idle");
	cJSON_Delete(req);
}

void kproto_on_shutdown(const struct kproto_ctx *c, struct kframes *out)
{
	server_shutdown(c, out, 0);
}

void kproto_on_restart(const struct kproto_ctx *c, struct kframes *out)
{
	server_shutdown(c, out, 1);
	start_again(c, out);
}

/* ---- reading requests ---- */

const char *kproto_parse(const char *text, size_t len, cJSON **msg)
{
	*msg = NULL;
	if (!utf8_valid(text, len))
		return "the frame is not UTF-8";
	const char *refusal = json_guard_refusal(text, len);
	if (refusal)
		return strstr(refusal, "nested") ? "the message nests too deeply"
						 : "the message has \\u0000 in a string";
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	while (j && end < text + len && strchr(" \t\r\n", *end))
		end++;
	if (!j || end != text + len) {
		cJSON_Delete(j);
		return "the frame is not JSON";
	}
	const char *why = NULL;
	const cJSON *header = cJSON_GetObjectItemCaseSensitive(j, "header");
	const cJSON *channel = cJSON_GetObjectItemCaseSensitive(j, "channel");
	if (!cJSON_IsObject(j))
		why = "the message is not a JSON object";
	else if (!cJSON_IsString(channel))
		why = "the message has no channel";
	else if (strcmp(channel->valuestring, "shell") &&
		 strcmp(channel->valuestring, "control") &&
		 strcmp(channel->valuestring, "stdin"))
		why = "no such channel";
	else if (!cJSON_IsObject(header) ||
		 !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(header, "msg_type")))
		why = "the message has no header.msg_type";
	if (why) {
		cJSON_Delete(j);
		return why;
	}
	*msg = j;
	return NULL;
}

const cJSON *kproto_header(const cJSON *msg)
{
	return cJSON_GetObjectItemCaseSensitive(msg, "header");
}

const char *kproto_msg_type(const cJSON *msg)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(kproto_header(msg), "msg_type");
	return cJSON_IsString(t) ? t->valuestring : "";
}

const char *kproto_channel(const cJSON *msg)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(msg, "channel");
	return cJSON_IsString(c) ? c->valuestring : "shell";
}

static const cJSON *content_item(const cJSON *msg, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(msg, "content"), key);
}

const char *kproto_code(const cJSON *msg)
{
	const cJSON *code = content_item(msg, "code");
	return cJSON_IsString(code) ? code->valuestring : "";
}

static int flag(const cJSON *msg, const char *key, int dflt)
{
	const cJSON *v = content_item(msg, key);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

int kproto_count_execute(struct kproto_kernel *k, const cJSON *msg)
{
	if (flag(msg, "silent", 0) || !flag(msg, "store_history", 1))
		return k->execution_count;
	k->execution_count++;
	cJSON *entry = must(cJSON_CreateArray());
	cJSON_AddItemToArray(entry, must(cJSON_CreateNumber(1)));
	cJSON_AddItemToArray(entry, must(cJSON_CreateNumber(k->execution_count)));
	cJSON_AddItemToArray(entry, must(cJSON_CreateString(kproto_code(msg))));
	cJSON_AddItemToArray(k->history, entry);
	if (cJSON_GetArraySize(k->history) > 1000) /* bounded, oldest go */
		cJSON_DeleteItemFromArray(k->history, 0);
	return k->execution_count;
}

/* ---- the built-in answers ---- */

static cJSON *obj(void)
{
	return must(cJSON_CreateObject());
}

static cJSON *status_ok(void)
{
	cJSON *c = obj();
	cJSON_AddStringToObject(c, "status", "ok");
	return c;
}

static void reply(const struct kproto_ctx *c, struct kframes *out,
		  const cJSON *msg, const char *msg_type, cJSON *content)
{
	kproto_emit(c, out, kproto_channel(msg), msg_type, kproto_header(msg),
		    content, NULL);
}

static cJSON *kernel_info(const struct kproto_ctx *c)
{
	cJSON *r = status_ok();
	cJSON_AddStringToObject(r, "protocol_version", "5.3");
	cJSON_AddStringToObject(r, "implementation", "jupyter-sessions-mock");
	cJSON_AddStringToObject(r, "implementation_version", "1.0");
	cJSON_AddItemToObject(r, "language_info",
			      c->language_info ? must(cJSON_Duplicate(c->language_info, 1))
					       : obj());
	cJSON_AddStringToObject(r, "banner", "jupyter-sessions-mock: a scripted kernel\n");
	cJSON_AddItemToObject(r, "help_links", must(cJSON_CreateArray()));
	return r;
}

static void answer_kernel_info(const struct kproto_ctx *c, const cJSON *msg,
			       struct kframes *out)
{
	kproto_status(c, out, kproto_header(msg), "busy");
	reply(c, out, msg, "kernel_info_reply", kernel_info(c));
	kproto_status(c, out, kproto_header(msg), "idle");
}

static void answer_execute(const struct kproto_ctx *c, const cJSON *msg,
			   struct kframes *out)
{
	const cJSON *parent = kproto_header(msg);
	int count = kproto_count_execute(c->k, msg);
	kproto_status(c, out, parent, "busy");
	char started[32];
	det_format_iso(c->clock->now_us, started);
	if (!flag(msg, "silent", 0)) {
		cJSON *input = obj();
		cJSON_AddStringToObject(input, "code", kproto_code(msg));
		cJSON_AddNumberToObject(input, "execution_count", count);
		kproto_emit(c, out, "iopub", "execute_input", parent, input, NULL);
	}
	cJSON *r = status_ok();
	cJSON_AddNumberToObject(r, "execution_count", count);
	cJSON_AddItemToObject(r, "user_expressions", obj());
	cJSON_AddItemToObject(r, "payload", must(cJSON_CreateArray()));
	cJSON *meta = obj();
	cJSON_AddStringToObject(meta, "started", started);
	cJSON_AddTrueToObject(meta, "dependencies_met");
	cJSON_AddStringToObject(meta, "engine", c->k->kernel_id);
	cJSON_AddStringToObject(meta, "status", "ok");
	kproto_emit(c, out, kproto_channel(msg), "execute_reply", parent, r, meta);
	kproto_status(c, out, parent, "idle");
}

/* ipykernel answers comm_info before it publishes busy. */
static void answer_comm_info(const struct kproto_ctx *c, const cJSON *msg,
			     struct kframes *out)
{
	cJSON *r = obj();
	cJSON_AddItemToObject(r, "comms", obj());
	cJSON_AddStringToObject(r, "status", "ok");
	reply(c, out, msg, "comm_info_reply", r);
	kproto_status(c, out, kproto_header(msg), "busy");
	kproto_status(c, out, kproto_header(msg), "idle");
}

static void answer_complete(const struct kproto_ctx *c, const cJSON *msg,
			    struct kframes *out)
{
	const cJSON *pos = content_item(msg, "cursor_pos");
	int at = cJSON_IsNumber(pos) ? pos->valueint : (int)strlen(kproto_code(msg));
	cJSON *r = obj();
	cJSON_AddItemToObject(r, "matches", must(cJSON_CreateArray()));
	cJSON_AddNumberToObject(r, "cursor_end", at);
	cJSON_AddNumberToObject(r, "cursor_start", at);
	cJSON_AddItemToObject(r, "metadata", obj());
	cJSON_AddStringToObject(r, "status", "ok");
	kproto_status(c, out, kproto_header(msg), "busy");
	reply(c, out, msg, "complete_reply", r);
	kproto_status(c, out, kproto_header(msg), "idle");
}

static void answer_inspect(const struct kproto_ctx *c, const cJSON *msg,
			   struct kframes *out)
{
	cJSON *r = status_ok();
	cJSON_AddItemToObject(r, "data", obj());
	cJSON_AddItemToObject(r, "metadata", obj());
	cJSON_AddFalseToObject(r, "found");
	kproto_status(c, out, kproto_header(msg), "busy");
	reply(c, out, msg, "inspect_reply", r);
	kproto_status(c, out, kproto_header(msg), "idle");
}

/* ipykernel publishes idle before these two replies. */
static void answer_is_complete(const struct kproto_ctx *c, const cJSON *msg,
			       struct kframes *out)
{
	const char *code = kproto_code(msg);
	size_t len = strlen(code);
	int open = len && code[len - 1] == ':';
	cJSON *r = obj();
	cJSON_AddStringToObject(r, "status", open ? "incomplete" : "complete");
	if (open)
		cJSON_AddStringToObject(r, "indent", "    ");
	kproto_status(c, out, kproto_header(msg), "busy");
	kproto_status(c, out, kproto_header(msg), "idle");
	reply(c, out, msg, "is_complete_reply", r);
}

static void answer_history(const struct kproto_ctx *c, const cJSON *msg,
			   struct kframes *out)
{
	const cJSON *n = content_item(msg, "n");
	int total = cJSON_GetArraySize(c->k->history);
	int want = cJSON_IsNumber(n) && n->valueint >= 0 ? n->valueint : total;
	cJSON *history = must(cJSON_CreateArray());
	for (int i = want < total ? total - want : 0; i < total; i++)
		cJSON_AddItemToArray(history, must(cJSON_Duplicate(
					cJSON_GetArrayItem(c->k->history, i), 1)));
	cJSON *r = status_ok();
	cJSON_AddItemToObject(r, "history", history);
	kproto_status(c, out, kproto_header(msg), "busy");
	kproto_status(c, out, kproto_header(msg), "idle");
	reply(c, out, msg, "history_reply", r);
}

/* The reply on the request's channel and, as ipykernel does, on iopub;
 * then the process ends (restart: a new one starts). */
static void answer_shutdown(const struct kproto_ctx *c, const cJSON *msg,
			    struct kframes *out)
{
	int restart = flag(msg, "restart", 0);
	cJSON *r = status_ok();
	cJSON_AddBoolToObject(r, "restart", restart);
	kproto_status(c, out, kproto_header(msg), "busy");
	reply(c, out, msg, "shutdown_reply", must(cJSON_Duplicate(r, 1)));
	kproto_emit(c, out, "iopub", "shutdown_reply", kproto_header(msg), r, NULL);
	kproto_status(c, out, kproto_header(msg), "idle");
	if (restart) {
		start_again(c, out);
		return;
	}
	c->k->dead = 1;
	snprintf(out->v[out->n - 1].state, sizeof out->v[0].state, "dead");
	out->v[out->n - 1].close_after = 1;
}

static void answer_interrupt(const struct kproto_ctx *c, const cJSON *msg,
			     struct kframes *out)
{
	kproto_status(c, out, kproto_header(msg), "busy");
	reply(c, out, msg, "interrupt_reply", status_ok());
	kproto_status(c, out, kproto_header(msg), "idle");
}

int kproto_answer(const struct kproto_ctx *c, const cJSON *msg,
		  struct kframes *out)
{
	static const struct {
		const char *type;
		void (*answer)(const struct kproto_ctx *, const cJSON *,
			       struct kframes *);
	} answers[] = {
		{"kernel_info_request", answer_kernel_info},
		{"execute_request", answer_execute},
		{"comm_info_request", answer_comm_info},
		{"complete_request", answer_complete},
		{"inspect_request", answer_inspect},
		{"is_complete_request", answer_is_complete},
		{"history_request", answer_history},
		{"shutdown_request", answer_shutdown},
		{"interrupt_request", answer_interrupt},
	};
	const char *type = kproto_msg_type(msg);
	for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++)
		if (strcmp(type, answers[i].type) == 0) {
			answers[i].answer(c, msg, out);
			return 0;
		}
	if (strcmp(kproto_channel(msg), "stdin") == 0)
		return -1; /* stdin is not dispatched: no status either */
	kproto_status(c, out, kproto_header(msg), "busy");
	kproto_status(c, out, kproto_header(msg), "idle");
	return -1;
}
