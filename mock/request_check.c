/* request_check.c - one read of the body, one verdict, one policy. */
#include "request_check.h"

#include <string.h>

#include "json_guard.h"
#include "json_py.h"
#include "optable.h"
#include "router.h"
#include "spec_tables.h"

#define NO_DATA "No JSON data provided"
#define INVALID "Invalid JSON in body of request"

static int is_py_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* The body as json.loads reads it: *refusal says why it cannot be. */
static cJSON *read_body(const char *p, size_t len, const char **refusal)
{
	const char *end = p + len;
	if (!utf8_valid(p, len)) {
		*refusal = "Request body is not valid UTF-8";
		return NULL;
	}
	if ((*refusal = json_guard_refusal(p, len)))
		return NULL;
	while (p < end && is_py_space(*p))
		p++;
	while (end > p && is_py_space(end[-1]))
		end--;
	const char *parsed_to = NULL;
	cJSON *json = p < end ? cJSON_ParseWithLengthOpts(p, (size_t)(end - p),
							  &parsed_to, 0)
			      : NULL;
	if (!json || parsed_to != end) {
		cJSON_Delete(json);
		*refusal = INVALID;
		return NULL;
	}
	return json;
}

/* The operation's body media when it is JSON, else NULL. */
static const struct spec_media *json_media(int op)
{
	const struct spec_operation *o = &spec_operations[op];
	if (o->nbody_media == 0 || !strstr(spec_medias[o->body_media].type, "json"))
		return NULL;
	return &spec_medias[o->body_media];
}

void request_check_begin(struct request_check *c,
			 const struct validator *validator,
			 enum validate_mode mode, int op,
			 const struct mock_request *req)
{
	memset(c, 0, sizeof *c);
	c->validator = validator;
	c->mode = mode;
	c->op = op;
	if (req->body_len)
		c->body = read_body(req->body, req->body_len, &c->refusal);
	const struct spec_media *media = json_media(op);
	if (c->body && media && mode != VALIDATE_OFF)
		validate_value(validator, media->schema, c->body, "", &c->body_rule);
}

void request_check_end(struct request_check *c)
{
	cJSON_Delete(c->body);
	buf_free(&c->body_rule);
	c->body = NULL;
}

/* The policy: strict answers 400 (prefix + rule), warn notes the rule. */
static int reject(enum validate_mode mode, const char *prefix, const char *rule,
		  struct reply *out)
{
	if (mode == VALIDATE_STRICT) {
		struct buf msg = {0};
		buf_puts(&msg, prefix);
		buf_puts(&msg, rule);
		reply_error(out, 400, buf_cstr(&msg));
		out->verdict = VERDICT_REJECTED;
		buf_free(&msg);
		return -1;
	}
	if (mode == VALIDATE_WARN) {
		buf_printf(&out->note, "validation: %s", rule);
		out->verdict = VERDICT_WARNED;
	}
	return 0;
}

static const char *param_value(const struct mock_request *req,
			       const struct route_match *m,
			       const struct spec_param *p, struct buf *scratch)
{
	switch (p->in) {
	case SPEC_IN_PATH: return route_param(m, p->name);
	case SPEC_IN_HEADER: return request_header(req, p->name);
	case SPEC_IN_QUERY:
		buf_reset(scratch);
		return request_query(req, p->name, scratch) == 0
			       ? buf_cstr(scratch) : NULL;
	default: return NULL; /* cookies and form fields are not checked */
	}
}

static int enforce_params(const struct request_check *c,
			  const struct mock_request *req,
			  const struct route_match *m, struct reply *out)
{
	const struct spec_operation *op = &spec_operations[c->op];
	struct buf rule = {0}, scratch = {0};
	int rc = 0;
	for (int i = op->params; i < op->params + op->nparams && !rc; i++) {
		const struct spec_param *p = &spec_params[i];
		const char *value = param_value(req, m, p, &scratch);
		buf_reset(&rule);
		if (!value && p->required && p->in <= SPEC_IN_HEADER)
			buf_printf(&rule, "Missing required parameter '%s'", p->name);
		else if (!value || validate_text(c->validator, p->schema, value, p->name, &rule) == 0)
			continue;
		rc = reject(c->mode, "", buf_cstr(&rule), out);
	}
	buf_free(&rule);
	buf_free(&scratch);
	return rc;
}

static int enforce_body(const struct request_check *c,
			const struct mock_request *req, struct reply *out)
{
	const struct spec_operation *op = &spec_operations[c->op];
	if (op->nbody_media == 0)
		return 0;
	if (req->body_len == 0)
		return op->body_required ? reject(c->mode, "", NO_DATA, out) : 0;
	if (!json_media(c->op))
		return 0; /* only JSON bodies are checked */
	if (c->refusal)
		return reject(c->mode, "", c->refusal, out);
	return c->body_rule.len ? reject(c->mode, "", c->body_rule.data, out) : 0;
}

int request_check_enforce(const struct request_check *c,
			  const struct mock_request *req,
			  const struct route_match *m, struct reply *out)
{
	if (c->mode == VALIDATE_OFF)
		return 0;
	return enforce_params(c, req, m, out) < 0 ? -1 : enforce_body(c, req, out);
}

const cJSON *request_check_json(const struct op_call *call, struct reply *out)
{
	const struct request_check *c = call->check;
	if (c->refusal)
		reply_error(out, 400, c->refusal);
	else if (!c->body || cJSON_IsNull(c->body))
		reply_error(out, 400, NO_DATA);
	else
		return c->body;
	return NULL;
}

int request_check_body_rule(const struct op_call *call, const char *prefix,
			    struct reply *out)
{
	const struct request_check *c = call->check;
	return c->body_rule.len ? reject(c->mode, prefix, c->body_rule.data, out) : 0;
}
