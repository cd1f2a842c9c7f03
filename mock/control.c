/* control.c - admin requests to the admin API, the rest to an engine. */
#include "control.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_api.h"

struct control *control_new(const struct control_options *opt)
{
	struct control *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->opt = *opt;
	struct engine_options eo = opt->engine;
	struct buf why = {0}; /* a spec the handlers do not match */
	eo.scenario = opt->scenario;
	eo.error = &why;
	c->shared = engine_new(&eo);
	c->journal = journal_new(opt->journal);
	c->coverage = coverage_new();
	if (!c->shared || !c->journal || !c->coverage) {
		fprintf(stderr, "mock: cannot create the engine%s\n%s",
			why.len ? ":" : "", buf_cstr(&why));
		buf_free(&why);
		control_free(c);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &c->started);
	return c;
}

void control_free(struct control *c)
{
	if (!c)
		return;
	engine_free(c->shared);
	journal_free(c->journal);
	coverage_free(c->coverage);
	free(c);
}

int control_is_admin_path(const char *path)
{
	size_t n = strlen(ADMIN_PREFIX);
	return strncmp(path, ADMIN_PREFIX, n) == 0 &&
	       (path[n] == '/' || path[n] == '\0');
}

int control_spec_conflict(const struct spec_operation *ops, int n,
			  struct buf *err)
{
	for (int i = 0; i < n; i++)
		if (control_is_admin_path(ops[i].path)) {
			buf_printf(err, "the spec's path '%s' (line %d) is under "
					"%s/, which the admin API owns",
				   ops[i].path, ops[i].line, ADMIN_PREFIX);
			return -1;
		}
	return 0;
}

static void record(struct control *c, const struct mock_request *req,
		   const struct reply *out)
{
	size_t body_len;
	const char *body = reply_body(out, &body_len);
	struct journal_record r = {
		.instance = "",
		.scenario = out->scenario,
		.method = req->method,
		.path = req->path,
		.query = req->query,
		.req_headers = req->headers,
		.nreq_headers = req->nheaders,
		.req_body = req->body,
		.req_body_len = req->body_len,
		.op = out->op,
		.step = out->step,
		.off_script = out->off_script,
		.fault = out->fault.kind,
		.verdict = out->verdict,
		.note = out->note.len ? out->note.data : NULL,
		.status = out->status,
		.content_type = out->content_type,
		.resp_headers = out->headers.len ? out->headers.data : NULL,
		.resp_body = out->omit_body ? NULL : body,
		.resp_body_len = out->omit_body ? 0 : body_len,
		.time_us = out->date,
	};
	journal_add(c->journal, &r);
}

void control_handle(struct control *c, const struct mock_request *req,
		    struct reply *out)
{
	if (control_is_admin_path(req->path)) {
		admin_handle(c, req, out);
		return;
	}
	engine_handle(c->shared, req, out);
	coverage_count(c->coverage, out->op, out->status, out->example);
	if (journal_capacity(c->journal))
		record(c, req, out);
}
