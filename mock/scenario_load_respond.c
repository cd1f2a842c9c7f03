/* scenario_load_respond.c - a step's scripted answer, checked against
 * what its operation declares. */
#include "scenario_loader.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "spec_answer.h"
#include "spec_tables.h"
#include "validate.h"

/* ---- respond ---- */

static const char *op_name(int op)
{
	return spec_operations[op].operation_id;
}

static void check_body_schema(struct loader *L, const struct ynode *at,
			      const struct scenario_response *r)
{
	const struct spec_response *resp = &spec_responses[r->response];
	if (resp->nmedia == 0) {
		load_err(L, at, "status %d of this operation has no body", r->status);
		return;
	}
	struct buf why = {0};
	if (validate_scripted(L->validator, spec_medias[resp->media].schema, r->body, "",
			      &why) < 0)
		load_err(L, at, "body breaks the response schema: %s (add 'invalid: "
			   "true' if that is the point)", buf_cstr(&why));
	buf_free(&why);
}

/* Status and example against what the operation declares. */
static void check_response(struct loader *L, const struct ynode *n, int op,
			   const struct ynode *example_node,
			   struct scenario_response *r)
{
	const char *example = example_node ? example_node->text : NULL;
	if (r->status) {
		r->response = spec_find_response(op, r->status);
		if (r->response < 0) {
			load_err(L, ymap_get(n, "status"), "status %d is not declared "
			    "for %s", r->status, load_q(L, op_name(op)));
			return;
		}
	} else if (example) {
		r->response = spec_find_example_response(op, example, &r->status);
	} else {
		r->response = spec_first_success(op, &r->status);
	}
	if (example && r->response >= 0)
		r->example = spec_find_example(r->response, example);
	if (example && r->example < 0)
		load_err(L, example_node, "%s has no example %s%s", load_q(L, op_name(op)),
		    load_q(L, example), r->status ? " for that status" : "");
}

/* A header a reply can carry: a token name, a value of one line. */
static void check_header(struct loader *L, const struct ynode *at,
			 const char *name, const char *value)
{
	size_t n = strspn(name, "!#$%&'*+-.^_`|~0123456789"
				"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (!name[0] || name[n])
		load_err(L, at, "%s is not a header name", load_q(L, name));
	for (const char *c = value; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			load_err(L, at, "the value of header %s holds a control character",
			    load_q(L, name));
			break;
		}
}

void load_respond(struct loader *L, const struct ynode *n, int op,
			 struct scenario_response *r)
{
	static const char *const keys[] = {"status", "example", "body",
					   "headers", "invalid", NULL};
	r->example = r->response = -1;
	if (!(yread_map(&L->d, n, "'respond'") != NULL))
		return;
	yread_keys(&L->d, n, keys, "'respond'");
	r->scripted = 1;
	const struct ynode *v;
	long status = 0;
	int bad_status = 0;
	if ((v = ymap_get(n, "status")) &&
	    (bad_status = yread_long(&L->d, v, "'status'", 100, LONG_MAX, &status) < 0) == 0 &&
	    status > 599) {
		load_err(L, v, "'status' must be an HTTP status (100 to 599)");
		bad_status = 1;
	}
	r->status = (int)status;
	const struct ynode *example = ymap_get(n, "example");
	const struct ynode *body = ymap_get(n, "body");
	if (example && body)
		load_err(L, example, "'example' and 'body' exclude each other");
	if (example && !yread_string(&L->d, example, "'example'"))
		example = NULL;
	if ((v = ymap_get(n, "headers")))
		r->nheaders = load_pairs(L, v, "'headers'", &r->headers);
	for (int i = 0; i < r->nheaders; i++) {
		check_header(L, ymap_key(v, (size_t)i), r->headers[i].name,
			     r->headers[i].value);
		load_check_templates(L, v, r->headers[i].value);
	}
	if (body && (r->body = load_json(L, body)))
		load_check_json_templates(L, body, r->body);
	if (op < 0) {
		if (example)
			load_err(L, example, "'example' needs a step that matches one "
					"operation");
		if (!r->status)
			r->status = 200;
		return;
	}
	if (bad_status) /* reported once: not also as undeclared */
		return;
	check_response(L, n, op, example, r);
	const struct ynode *invalid = ymap_get(n, "invalid");
	if (r->body && r->response >= 0 && !yscalar_is(invalid, "true"))
		check_body_schema(L, body, r);
}

