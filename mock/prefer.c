/* prefer.c - Prism-style overrides: Prefer: code=501, example=name. */
#include "prefer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optable.h"
#include "sessions_api.h"
#include "spec_answer.h"
#include "spec_tables.h"

struct override {
	int code;           /* 0: none; -1: code_text is not a status */
	char code_text[32]; /* as given */
	char example[128];  /* "": none */
};

/* A status as an override may name it: three digits, 100 to 599. */
static int status_of(const char *text)
{
	if (strlen(text) != 3 || strspn(text, "0123456789") != 3)
		return -1;
	int code = atoi(text);
	return code >= 100 && code <= 599 ? code : -1;
}

static void prefer_token(const char *text, const char *key, char *out,
			 size_t size)
{
	size_t key_len = strlen(key);
	for (const char *p = text; (p = strstr(p, key)) != NULL; p += key_len) {
		if (p != text && p[-1] != ' ' && p[-1] != ',' && p[-1] != ';')
			continue;
		if (p[key_len] != '=')
			continue;
		const char *v = p + key_len + 1;
		size_t n = strcspn(v, " ,;");
		if (n >= size)
			n = size - 1;
		memcpy(out, v, n);
		out[n] = '\0';
		return;
	}
}

/* From the Prefer header, else the __code / __example query parameters. */
static struct override override_of(const struct mock_request *req)
{
	struct override o = {0, "", ""};
	char *code = o.code_text;
	const char *prefer = request_header(req, "Prefer");
	if (prefer) {
		prefer_token(prefer, "code", code, sizeof o.code_text);
		prefer_token(prefer, "example", o.example, sizeof o.example);
	} else if (req->query) {
		struct buf v = {0};
		if (request_query(req, "__code", &v) == 0)
			snprintf(code, sizeof o.code_text, "%s", buf_cstr(&v));
		buf_reset(&v);
		if (request_query(req, "__example", &v) == 0)
			snprintf(o.example, sizeof o.example, "%s", buf_cstr(&v));
		buf_free(&v);
	}
	o.code = code[0] ? status_of(code) : 0;
	return o;
}

static void answer_override(const struct op_call *call, const struct override *o,
			    struct reply *out)
{
	int op = call->op;
	const char *id = spec_operations[op].operation_id;
	const char *example = o->example[0] ? o->example : NULL;
	int status = o->code;
	struct buf msg = {0};
	if (status < 0) {
		buf_puts(&msg, "Prefer: code=");
		buf_puts(&msg, o->code_text);
		buf_puts(&msg, " is not an HTTP status (100 to 599)");
		reply_error(out, 400, buf_cstr(&msg));
		buf_free(&msg);
		return;
	}
	int resp = status ? spec_find_response(op, status)
			  : spec_find_example_response(op, example, &status);
	if (resp < 0 && status)
		buf_printf(&msg, "Prefer: code=%d is not a response of '%s'",
			   status, id);
	else if (resp < 0 || (example && spec_find_example(resp, example) < 0))
		buf_printf(&msg, "Prefer: example=%s is not an example of '%s'%s",
			   o->example, id, status ? " for that code" : "");
	else if (status != 501 ||
		 sessions_kernel_501(call->store, op, call->body, out) < 0)
		spec_answer(resp, status, example, out);
	/* a kernel 501 names the kernel the request asks for */
	if (msg.len)
		reply_error(out, 400, buf_cstr(&msg));
	buf_free(&msg);
}

int prefer_answer(const struct op_call *call, struct reply *out)
{
	struct override o = override_of(call->req);
	if (!o.code && !o.example[0])
		return 0;
	answer_override(call, &o, out);
	return 1;
}
